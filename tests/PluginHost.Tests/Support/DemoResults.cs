using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Runs;

namespace PluginHost.Tests.Support;

/// <summary>Schools evaluated as a district run evaluates them: the shipped rules, plugins and templates, the demo district's policy.</summary>
internal static class DemoResults
{
    /// <summary>Each profile's file name and result, in the order given.</summary>
    public static List<(string File, SchoolResult Result)> Of(IEnumerable<string> profiles)
    {
        var options = new PluginHostOptions { RulesDirectory = TestPaths.Rules, PluginsDirectory = TestPaths.ShippedPlugins, TemplatesDirectory = TestPaths.Templates };
        using var host = HostFactory.Build(options);
        var workspace = host.Services.GetRequiredService<WorkspaceLoader>().Load();
        var inputs = host.Services.GetRequiredService<InputLoader>();
        var policyFile = Path.Combine(TestPaths.DemoDistrict, "district-policy.json");
        var policy = new PolicyChoice(inputs.LoadPolicy(policyFile), policyFile);
        var context = new EvaluationContext(workspace.Catalog, workspace.Rules, [10, 20, 30], CultureInfo.GetCultureInfo("en-US"), null);
        return [.. profiles.Select(p => (Path.GetFileName(p), SchoolEvaluator.Evaluate(inputs.LoadProfile(p), p, policy, context).Result!))];
    }
}
