using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>impact: the district as is and with a policy or rule change, compared school by school.</summary>
internal static class ImpactCommand
{
    public static Command Build()
    {
        var dir = new Argument<string?>("DIR") { Description = "Folder of school profiles (default in a workspace: its profiles/)", Arity = ArgumentArity.ZeroOrOne };
        var policy = new Option<string?>("--policy") { Description = "The changed policy: compare the district under this policy file with its own" };
        var set = new Option<string[]>("--set") { Description = "Change one policy field, by its JSON path: --set compensation.leadershipPayOnSchedule=true (repeatable)", AllowMultipleArgumentsPerToken = false };
        var outOption = CliOptions.Out();
        var format = CliOptions.Format([OutputFormats.Markdown, OutputFormats.Html, OutputFormats.Json]);
        var cuts = CliOptions.Cuts();
        var culture = CliOptions.Culture();
        var recursive = CliOptions.Recursive("compared");
        var command = new Command("impact", "What a policy or rule change would do: the district run as is and with the change (--rules OTHER, --policy OTHER or --set NAME=VALUE), compared school by school")
        {
            dir, policy, set, outOption, format, cuts, culture, recursive,
        };
        command.SetAction((parse, _) =>
        {
            // The global --rules names the changed rules here; the run as is uses the workspace's (or the shipped) rules.
            var otherRules = parse.GetValue(CliOptions.Rules) is { } rules ? Places.Full(rules) : null;
            var request = new ImpactArguments(
                parse.GetValue(dir) is { } given ? Places.Full(given) : null,
                parse.GetValue(policy) is { } p ? Places.Full(p) : null,
                parse.GetValue(set) ?? [],
                otherRules,
                CliOptions.OutDirectory(parse.GetValue(outOption), "impact"),
                parse.GetValue(format)!,
                CliOptions.GivenValue(parse, cuts),
                CliOptions.GivenValue(parse, culture))
            {
                Recursive = parse.GetValue(recursive),
            };
            return Cli.Run<ImpactHandler>(parse, handler => Task.FromResult(handler.Run(request)),
                configure: options => options.RulesDirectory = options.Workspace?.Rules ?? Path.Combine(Places.AppFolder, "rules"));
        });
        return command;
    }
}

/// <param name="Cuts">--cuts when given; null lets the workspace's setting (or 10, 20, 30) apply. <paramref name="Culture"/> likewise.</param>
internal sealed record ImpactArguments(string? Folder, string? Policy, IReadOnlyList<string> Sets, string? Rules, string OutDirectory, IReadOnlyList<string> Formats,
    IReadOnlyList<int>? Cuts, System.Globalization.CultureInfo? Culture)
{
    /// <summary>Read the profiles in the folder's subfolders too (--recursive).</summary>
    public bool Recursive { get; init; }
}

/// <summary>Loads both snapshots once, runs the comparison, writes impact.md/html/json/csv and prints the headline.</summary>
internal sealed class ImpactHandler
{
    private readonly PluginHostOptions _options;
    private readonly WorkspaceLoader _loader;
    private readonly RuleSetLoader _rules;
    private readonly InputLoader _inputs;
    private readonly SchoolEvaluator _evaluator;
    private readonly JsonInputReader _reader;
    private readonly Reporter _reporter;

    public ImpactHandler(PluginHostOptions options, WorkspaceLoader loader, RuleSetLoader rules, InputLoader inputs, SchoolEvaluator evaluator, JsonInputReader reader, Reporter reporter)
    {
        _evaluator = evaluator;
        _options = options;
        _loader = loader;
        _rules = rules;
        _inputs = inputs;
        _reader = reader;
        _reporter = reporter;
    }

    public int Run(ImpactArguments given)
    {
        var arguments = given with
        {
            Cuts = DistrictWorkspace.CutsFor(_options.Workspace, given.Cuts),
            Culture = DistrictWorkspace.CultureFor(_options.Workspace, given.Culture),
        };
        if (arguments.Policy is null && arguments.Sets.Count == 0 && arguments.Rules is null)
        {
            throw CliOptions.Usage("impact: name the change: --set NAME=VALUE (a policy field), --policy FILE (another policy) or --rules DIR (other rules)");
        }

        var folder = _options.ProfilesFolder(arguments.Folder, "impact");

        var workspace = _loader.Load();
        _reporter.Report(workspace.Warnings);
        var before = PolicyResolver.Resolve(_inputs, null, folder, _options.Workspace);
        var (after, change) = Change(arguments, before, workspace);
        // The report's own folder, when it is inside the profiles' one, is not read as profiles.
        var scan = BatchRunner.Scan(folder, arguments.Recursive, arguments.OutDirectory);
        if (scan.UnreadWarning(folder, "impact", "the schools there are not compared; add --recursive to compare them too") is { } unread)
        {
            _reporter.Report(unread);
        }

        var request = new ImpactRequest(scan.Profiles, after.Before, after.After, after.Rules, change, arguments.Cuts!, arguments.Culture!, Environment.ProcessorCount)
        {
            Workspace = _options.Workspace?.Label,
            Overrides = _options.OverrideLookup(_reader),
        };
        var report = new ImpactRunner(_evaluator).Run(request, workspace);
        foreach (var failure in report.Failures)
        {
            _reporter.Line($"not compared {failure.File}: {failure.Code}: {failure.Message}");
        }

        var writer = new OutputWriter(workspace.Templates, workspace.Rules.Categories, CliOptions.Printer(arguments.Formats, _options));
        foreach (var written in writer.WriteImpact(arguments.OutDirectory, report, arguments.Formats, arguments.Culture!))
        {
            _reporter.Line($"wrote {DisplayPath.Of(written)}");
        }

        foreach (var sentence in ImpactWords.Headline(report, arguments.Culture!))
        {
            _reporter.Line(sentence);
        }

        return report.Failures.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    private ((PolicyChoice Before, PolicyChoice After, RuleSet Rules), ImpactChange) Change(ImpactArguments arguments, PolicyChoice before, Workspace workspace)
    {
        var parts = new List<string>();
        var after = before;
        IReadOnlyList<PolicySetting> settings = [];
        if (arguments.Policy is { } policyFile)
        {
            after = new PolicyChoice(_inputs.LoadPolicy(policyFile), policyFile);
            parts.Add($"the policy “{after.Policy.Name}” ({DisplayPath.InMemo(policyFile)}) in place of “{before.Policy.Name}”");
        }

        if (arguments.Sets.Count > 0)
        {
            var (policy, applied) = PolicyEdits.Apply(_reader, Path.Combine(_options.SchemasDirectory, InputLoader.PolicySchemaFile), after.File, after.Policy, arguments.Sets);
            after = new PolicyChoice(policy with { Name = $"{after.Policy.Name}, changed by --set" }, null);
            settings = applied;
            // A setting the policy already has changes nothing, and the reader is told so rather than shown "from yes to yes".
            parts.AddRange(applied.Select(s => $"{(s.Title == s.Name ? s.Name : $"{s.Title} ({s.Name})")} "
                + (s.Before == s.After ? $"left at {Words(s.After)}, which the policy already has" : $"set from {Words(s.Before)} to {Words(s.After)}")));
        }

        var rules = workspace.Rules;
        if (arguments.Rules is { } otherRules)
        {
            if (!Directory.Exists(otherRules))
            {
                throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(otherRules), ErrorCodes.PathNotFound, "--rules: folder not found"));
            }

            var load = _rules.Load([new RuleSource(otherRules, null, DisplayPath.InMemo(otherRules)), .. _loader.RuleSources(workspace.Catalog).Skip(1)]);
            rules = load.Succeeded ? load.RuleSet! : throw new DiagnosticException(load.Diagnostics);
            parts.Add($"the rules in {DisplayPath.InMemo(otherRules)} (rule set {rules.ShortHash}) in place of rule set {workspace.Rules.ShortHash}");
        }

        var kind = arguments.Rules is not null ? "rules" : arguments.Policy is not null ? "policy" : "set";
        return ((before, after, rules), new ImpactChange(kind, string.Join("; ", parts), settings, arguments.Policy is { } f ? DisplayPath.InMemo(f) : null,
            arguments.Rules is { } r ? DisplayPath.InMemo(r) : null));
    }

    private static string Words(string json) => json switch
    {
        "true" => "yes",
        "false" => "no",
        _ => json,
    };
}
