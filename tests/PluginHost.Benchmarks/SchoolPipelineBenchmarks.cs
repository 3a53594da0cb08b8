using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Runs;
using PluginHost.Commands;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Memos;

namespace PluginHost.Benchmarks;

/// <summary>Where one school's time goes: reading the profile, evaluating it, and rendering each output.</summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SchoolPipelineBenchmarks
{
    private readonly string _profile = Path.Combine(Setup.DemoDistrict, "school-c.json");
    private IServiceProvider _services = null!;
    private Workspace _workspace = null!;
    private InputLoader _inputs = null!;
    private PolicyChoice _policy = null!;
    private SchoolProfile _loaded = null!;
    private SchoolResult _result = null!;
    private string _markdown = "";
    private MemoRenderer _renderer = null!;

    [GlobalSetup]
    public void Load()
    {
        var options = new PluginHostOptions
        {
            RulesDirectory = Path.Combine(Setup.RepositoryRoot, "rules"),
            TemplatesDirectory = Path.Combine(Setup.RepositoryRoot, "templates"),
            PluginsDirectory = Path.Combine(Setup.HostOutput, "plugins"),
        };
        _services = HostFactory.Build(options).Services;
        _workspace = _services.GetRequiredService<WorkspaceLoader>().Load();
        _inputs = _services.GetRequiredService<InputLoader>();
        _policy = new PolicyChoice(_inputs.LoadPolicy(Path.Combine(Setup.DemoDistrict, "district-policy.json")), null);
        _loaded = _inputs.LoadProfile(_profile);
        _result = EvaluateSchool();
        _renderer = new MemoRenderer(_workspace.Templates, _workspace.Rules.Categories);
        _markdown = RenderMarkdown();
    }

    [Benchmark]
    public object LoadProfile() => _inputs.LoadProfile(_profile);

    [Benchmark]
    public object Evaluate() => EvaluateSchool();

    private SchoolResult EvaluateSchool() =>
        SchoolEvaluator.Evaluate(_loaded, _profile, _policy, new EvaluationContext(_workspace.Catalog, _workspace.Rules, [10, 20, 30], CultureInfo.InvariantCulture, null)).Result!;

    [Benchmark]
    public byte[] SerializeJson() => ResultJson.Utf8(_result);

    [Benchmark]
    public string RenderMarkdown()
    {
        return _renderer.Render(OutputWriter.MemoTemplate, ScriptModel.Of(_result, MemoCharts.For(_result, CultureInfo.InvariantCulture).Keys.ToList()), CultureInfo.InvariantCulture);
    }

    [Benchmark]
    public object BuildModel()
    {
        return ScriptModel.Of(_result, ["outlook"]);
    }

    [Benchmark]
    public string MarkdigOnly() => Markdig.Markdown.ToHtml(_markdown, Markdig.MarkdownExtensions.DisableHtml(Markdig.MarkdownExtensions.UsePipeTables(new Markdig.MarkdownPipelineBuilder())).Build());

    [Benchmark]
    public string ChartsOnly() => string.Concat(MemoCharts.For(_result, CultureInfo.InvariantCulture).Values.Select(c => ChartSvg.Render(c, CultureInfo.InvariantCulture)));

    [Benchmark]
    public string RenderHtml() => HtmlPage.Render(_markdown, "memo", MemoCharts.For(_result, CultureInfo.InvariantCulture), CultureInfo.GetCultureInfo("en-US"));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8).WithId("InProcess"));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
