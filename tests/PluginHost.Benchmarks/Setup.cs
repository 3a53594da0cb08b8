using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Runs;
using PluginHost.Commands;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Policy;

namespace PluginHost.Benchmarks;

/// <summary>The demo district's rule inputs and the shipped district blocker rules, loaded as the CLI loads them.</summary>
internal static class Setup
{
    public static string HostOutput => Metadata("HostOutput");

    private static string Metadata(string key) =>
        Path.GetFullPath(typeof(Setup).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string DemoDistrict => Path.Combine(RepositoryRoot, "samples", "demo-district");

    /// <summary>The demo schools' rule inputs (with the outlook their budget gives the second pass), and a rule set holding only the eight district blocker rules (what the product's first pass runs on them).</summary>
    public static (IReadOnlyList<RuleContext> Schools, IReadOnlyList<CompiledRule> Blockers, RuleSet BlockerSet, RuleSet Shipped) Load()
    {
        var options = new PluginHostOptions
        {
            RulesDirectory = Path.Combine(RepositoryRoot, "rules"),
            TemplatesDirectory = Path.Combine(RepositoryRoot, "templates"),
            PluginsDirectory = Path.Combine(Metadata("HostOutput"), "plugins"),
        };
        using var host = HostFactory.Build(options);
        var workspace = host.Services.GetRequiredService<WorkspaceLoader>().Load();
        var inputs = host.Services.GetRequiredService<InputLoader>();
        var policy = inputs.LoadPolicy(Path.Combine(DemoDistrict, "district-policy.json"));
        var schools = new List<RuleContext>();
        foreach (var path in BatchRunner.ProfilesIn(DemoDistrict))
        {
            var profile = inputs.LoadProfile(path);
            var outcome = SchoolEvaluator.Evaluate(profile, path, new PolicyChoice(policy, null), new EvaluationContext(workspace.Catalog, workspace.Rules, [30], CultureInfo.InvariantCulture, null));
            var elements = outcome.Result!.Model.DesignElements
                .Select(e => new Budget.ResolvedElement(e.Id, e.Name, e.Source, e.Roles, e.SpendingKinds, e.Protected)).ToList();
            var judged = outcome.Result.School.JudgedRatio;
            var school = RuleInputBuilder.School(profile, elements, SchoolEvaluator.FiscalYearStart(profile.FiscalYear), judged);
            var policyInput = PolicyInputs.From(policy, profile.Id);
            var first = PolicyEvaluator.FirstPass(workspace.Rules, new RuleContext(school, policyInput, null), CultureInfo.InvariantCulture);
            var budget = Budget.BudgetEngine.Run(new Budget.BudgetInput(profile, first.Plan, elements, policy.Projection, policy.CeilingFor(judged), policy.CentralServicesPerPupil, [30]) { JudgedRatio = judged });
            schools.Add(new RuleContext(school, policyInput, RuleInputBuilder.Outlook(budget, elements, profile)));
        }

        var blockers = workspace.Rules.Workflow(Workflows.PolicyBlockers).Where(r => r.Origin.PluginArchetype is null).ToList();
        var rules = workspace.Rules;
        return (schools, blockers, new RuleSet(rules.Hash, blockers, rules.Recommendations, rules.Files, rules.Categories), rules);
    }
}
