using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Policy;

namespace PluginHost.Commands;

/// <summary>demo, plan and district: evaluate schools and write memos.</summary>
internal static class RunCommands
{
    public const string DemoFolder = "demo-district";

    public static Command Demo()
    {
        var outOption = CliOptions.Out();
        var command = new Command("demo", "Run the shipped demo district and write every memo and the district summary") { outOption };
        command.SetAction((parse, cancel) => Cli.Run(parse, async services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            var folder = Path.Combine(options.SamplesDirectory, DemoFolder);
            if (!Directory.Exists(folder))
            {
                throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "the demo district is missing beside the app; rebuild the host"));
            }

            var policy = PolicyResolver.Resolve(services.GetRequiredService<InputLoader>(), null, folder);
            var request = new BatchRequest(BatchRunner.ProfilesIn(folder), policy, CliOptions.OutDirectory(parse.GetValue(outOption), "demo"),
                [OutputFormats.Markdown, OutputFormats.Html, OutputFormats.Json], CliOptions.DefaultCuts, CliOptions.ParseCulture(null), null, Environment.ProcessorCount);
            return await RunBatch(services, request, cancel);
        }));
        return command;
    }

    public static Command District()
    {
        var dir = new Argument<string>("DIR") { Description = "Folder of school profiles (*.json; a *policy*.json there is used as the policy)" };
        var outOption = CliOptions.Out();
        var policy = CliOptions.Policy();
        var format = CliOptions.Format();
        var cuts = CliOptions.Cuts();
        var culture = CliOptions.Culture();
        var parallel = new Option<int?>("--parallel") { Description = "Schools evaluated at once (default: the number of cores)" };
        var command = new Command("district", "Evaluate every profile in a folder; per-school output plus a district summary") { dir, outOption, policy, format, cuts, culture, parallel };
        command.SetAction((parse, cancel) => Cli.Run(parse, async services =>
        {
            var folder = Path.GetFullPath(parse.GetValue(dir)!);
            if (!Directory.Exists(folder))
            {
                throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found"));
            }

            var degree = parse.GetValue(parallel) ?? Environment.ProcessorCount;
            if (degree < 1)
            {
                throw CliOptions.Usage($"--parallel: {degree} is not allowed; use 1 or more");
            }

            var request = new BatchRequest(
                BatchRunner.ProfilesIn(folder),
                PolicyResolver.Resolve(services.GetRequiredService<InputLoader>(), parse.GetValue(policy), folder),
                CliOptions.OutDirectory(parse.GetValue(outOption), "district"),
                CliOptions.ParseFormats(parse.GetValue(format)),
                CliOptions.ParseCuts(parse.GetValue(cuts)),
                CliOptions.ParseCulture(parse.GetValue(culture)),
                null,
                degree);
            return await RunBatch(services, request, cancel);
        }));
        return command;
    }

    public static Command Plan()
    {
        var profile = new Argument<string>("PROFILE") { Description = "The school profile (JSON)" };
        var outOption = CliOptions.Out();
        var policy = CliOptions.Policy();
        var format = CliOptions.Format();
        var cuts = CliOptions.Cuts();
        var asOf = CliOptions.AsOf();
        var culture = CliOptions.Culture();
        var command = new Command("plan", "Evaluate one school and write its memo") { profile, outOption, policy, format, cuts, asOf, culture };
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var path = Path.GetFullPath(parse.GetValue(profile)!);
            var formats = CliOptions.ParseFormats(parse.GetValue(format));
            var cutList = CliOptions.ParseCuts(parse.GetValue(cuts));
            var date = CliOptions.ParseAsOf(parse.GetValue(asOf));
            var cultureInfo = CliOptions.ParseCulture(parse.GetValue(culture));
            var outDirectory = CliOptions.OutDirectory(parse.GetValue(outOption), "plan");
            var reporter = services.GetRequiredService<Reporter>();
            var workspace = services.GetRequiredService<WorkspaceLoader>().Load();
            reporter.Report(workspace.Warnings);
            var choice = PolicyResolver.Resolve(services.GetRequiredService<InputLoader>(), parse.GetValue(policy), Path.GetDirectoryName(path)!);
            var outcome = services.GetRequiredService<SchoolEvaluator>().Evaluate(path, choice, new EvaluationContext(workspace.Catalog, workspace.Rules, cutList, cultureInfo, date));
            reporter.Report(outcome.Diagnostics);
            if (outcome.Result is null)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }

            foreach (var written in new OutputWriter(workspace.Templates).WriteSchool(outDirectory, outcome.Result, formats, cultureInfo))
            {
                reporter.Line($"wrote {DisplayPath.Of(written)}");
            }

            return Task.FromResult(outcome.Diagnostics.Any(d => d.Severity == Severity.Error) ? ExitCodes.BadInput : ExitCodes.Ok);
        }));
        return command;
    }

    private static async Task<int> RunBatch(IServiceProvider services, BatchRequest request, CancellationToken cancel)
    {
        var reporter = services.GetRequiredService<Reporter>();
        var workspace = services.GetRequiredService<WorkspaceLoader>().Load();
        reporter.Report(workspace.Warnings);
        var holder = services.GetRequiredService<RuleSetHolder>();
        holder.Swap(workspace.Rules);
        var progress = new LineProgress(reporter);
        var report = await services.GetRequiredService<BatchRunner>().RunAsync(request, workspace, () => holder.Current, progress, cancel);
        foreach (var file in report.SummaryFiles)
        {
            reporter.Line($"wrote {DisplayPath.Of(file)}");
        }

        reporter.Line($"{report.Succeeded} schools written, {report.Failures.Count} failed{(report.Failures.Count > 0 ? " (see failures.json)" : "")}");
        return report.ExitCode;
    }

    /// <summary>Plain progress lines: one per school, with where its memo went or why it failed.</summary>
    private sealed class LineProgress : IBatchProgress
    {
        private readonly Reporter _reporter;

        public LineProgress(Reporter reporter)
        {
            _reporter = reporter;
        }

        public void Started(int total) => _reporter.Line($"evaluating {total} schools");

        public void SchoolDone(SchoolOutcome outcome, IReadOnlyList<string> written)
        {
            _reporter.Report(outcome.Diagnostics);
            var memo = written.FirstOrDefault(w => w.EndsWith("memo.md", StringComparison.Ordinal)) ?? (written.Count > 0 ? written[0] : null);
            _reporter.Line(outcome.Failed
                ? $"failed {DisplayPath.Of(outcome.ProfilePath)}"
                : $"wrote {DisplayPath.Of(memo ?? outcome.ProfilePath)}");
        }
    }
}
