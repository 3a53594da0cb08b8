using System.Globalization;
using Newtonsoft.Json.Linq;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;

using PluginHost.Policy;
using PluginHost.Memos;
using PluginHost.Catalog;

namespace PluginHost.Runs;

/// <summary>
/// Rule test fixtures (rules/fixtures/*.json): a profile and a policy, each a path or written inline, and the
/// blockers, flags and cut order the rules must produce. Like <c>opa test</c>: every fixture passes or fails with
/// an expected/actual diff, and a coverage line says which rules no fixture made fire.
/// </summary>
internal sealed class RuleFixtureRunner
{
    public const string FixtureFolder = "fixtures";
    private const string FixtureSchemaFile = "rule-fixture.schema.json";

    private readonly JsonInputReader _reader;
    private readonly InputLoader _inputs;
    private string _policySchema = "";

    public RuleFixtureRunner(JsonInputReader reader, InputLoader inputs)
    {
        _reader = reader;
        _inputs = inputs;
    }

    public FixtureReport Run(string rulesDirectory, Workspace workspace, CultureInfo culture)
    {
        _policySchema = Path.Combine(rulesDirectory, "schemas", InputLoader.PolicySchemaFile);
        var folder = Path.Combine(rulesDirectory, FixtureFolder);
        var outcomes = new List<FixtureOutcome>();
        var fired = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                outcomes.Add(RunOne(file, workspace, culture, fired));
            }
        }

        var never = workspace.Rules.Rules.Select(r => r.Name).Where(n => !fired.Contains(n)).ToList();
        return new FixtureReport(outcomes, workspace.Rules.Rules.Count, never);
    }

    private FixtureOutcome RunOne(string file, Workspace workspace, CultureInfo culture, HashSet<string> fired)
    {
        var display = DisplayPath.Of(file);
        try
        {
            var source = JsonInputReader.Parse(file, ErrorCodes.RuleFileInvalid);
            var schemaErrors = _reader.Validate(source, FixtureSchemaFile, ErrorCodes.RuleSchema);
            if (schemaErrors.Count > 0)
            {
                return new FixtureOutcome(display, display, false, schemaErrors.Select(d => d.ToString()).ToList());
            }

            var root = (JObject)source.Root;
            var name = (string)root["name"]!;
            var profile = root["profile"] is JValue { Type: JTokenType.String } profilePath
                ? _inputs.LoadProfile(Resolve(file, (string)profilePath!))
                : _inputs.LoadProfile(source with { Root = root["profile"]! });
            var policy = root["policy"] switch
            {
                null => PolicyChoice.Neutral,
                JValue { Type: JTokenType.String } policyPath => new PolicyChoice(_inputs.LoadPolicy(Resolve(file, (string)policyPath!)), Resolve(file, (string)policyPath!)),
                var inline => new PolicyChoice(_inputs.LoadPolicy(source with { Root = inline }), file),
            };
            var cuts = root["cuts"]?.Values<int>().ToList() ?? [10, 20, 30];
            var outcome = SchoolEvaluator.Evaluate(profile, file, policy, new EvaluationContext(workspace.Catalog, workspace.Rules, cuts, culture, null));
            if (outcome.Result is not { } result)
            {
                return new FixtureOutcome(display, name, false, outcome.Diagnostics.Select(d => d.ToString()).ToList());
            }

            foreach (var entry in result.Trace.Where(t => t.Outcome == Outcomes.Fired || t.Outcome == Outcomes.Replaced))
            {
                fired.Add(entry.RuleId);
            }

            var expect = root["expect"] as JObject ?? [];
            var differences = new List<string>();
            Compare("blockers", expect, result.Blockers.Select(b => b.RuleId).Distinct(StringComparer.Ordinal).ToList(), ordered: false, differences);
            Compare("flags", expect, result.Flags.Select(f => f.RuleId).ToList(), ordered: false, differences);
            Compare("cutOrder", expect, result.CutOrder.Select(c => c.Category).ToList(), ordered: true, differences);
            Compare("recommendations", expect, result.Recommendations.Select(r => r.Id).ToList(), ordered: true, differences);
            if (root["impact"] is JObject impact)
            {
                var changed = ChangedPolicy(file, source, impact, policy);
                var other = SchoolEvaluator.Evaluate(profile, file, changed, new EvaluationContext(workspace.Catalog, workspace.Rules, cuts, culture, null));
                if (other.Result is not { } after)
                {
                    return new FixtureOutcome(display, name, false, other.Diagnostics.Select(d => $"with the change: {d}").ToList());
                }

                var school = ImpactComparer.Compare(result, after);
                var impactExpect = (JObject)impact["expect"]!;
                var before = result.Recommendations.Select(r => r.Id).ToList();
                var afterIds = after.Recommendations.Select(r => r.Id).ToList();
                Compare("blockersRemoved", impactExpect, school.BlockersRemoved.Select(b => b.RuleId).Distinct(StringComparer.Ordinal).ToList(), ordered: false, differences, "impact.");
                Compare("blockersAdded", impactExpect, school.BlockersAdded.Select(b => b.RuleId).Distinct(StringComparer.Ordinal).ToList(), ordered: false, differences, "impact.");
                Compare("flagsRemoved", impactExpect, school.FlagsRemoved.Select(f => f.RuleId).ToList(), ordered: false, differences, "impact.");
                Compare("flagsAdded", impactExpect, school.FlagsAdded.Select(f => f.RuleId).ToList(), ordered: false, differences, "impact.");
                Compare("recommendationsRemoved", impactExpect, before.Except(afterIds, StringComparer.Ordinal).ToList(), ordered: false, differences, "impact.");
                Compare("recommendationsAdded", impactExpect, afterIds.Except(before, StringComparer.Ordinal).ToList(), ordered: false, differences, "impact.");
                Compare("verdictsChanged", impactExpect, school.Verdicts.Select(v => v.ReductionPercent.ToString(CultureInfo.InvariantCulture)).ToList(), ordered: false, differences, "impact.");
                Compare("cutsChanged", impactExpect, school.Cuts.Select(c => c.ReductionPercent.ToString(CultureInfo.InvariantCulture)).ToList(), ordered: false, differences, "impact.");
                foreach (var entry in after.Trace.Where(t => t.Outcome == Outcomes.Fired || t.Outcome == Outcomes.Replaced))
                {
                    fired.Add(entry.RuleId);
                }
            }

            var errored = result.Trace.Where(t => t.Outcome == Outcomes.Errored).Select(t => t.RuleId).ToList();
            if (errored.Count > 0)
            {
                differences.Add($"rules errored instead of deciding: {string.Join(", ", errored)}");
            }

            return new FixtureOutcome(display, name, differences.Count == 0, differences);
        }
        catch (DiagnosticException ex)
        {
            return new FixtureOutcome(display, display, false, ex.Diagnostics.Select(d => d.ToString()).ToList());
        }
    }

    /// <summary>The fixture's policy with the impact's change: another policy (path or inline), then each set field on top.</summary>
    private PolicyChoice ChangedPolicy(string file, JsonSource source, JObject impact, PolicyChoice policy)
    {
        var changed = impact["policy"] switch
        {
            null => policy,
            JValue { Type: JTokenType.String } path => new PolicyChoice(_inputs.LoadPolicy(Resolve(file, (string)path!)), Resolve(file, (string)path!)),
            var inline => new PolicyChoice(_inputs.LoadPolicy(source with { Root = inline }), file),
        };
        if (impact["set"] is not JObject set || !set.HasValues)
        {
            return changed;
        }

        var sets = set.Properties().Select(p => $"{p.Name}={p.Value.ToString(Newtonsoft.Json.Formatting.None)}").ToList();
        var baseline = changed.File is { } f && f != file ? f : null;
        var (edited, _) = PolicyEdits.Apply(_reader, _policySchema, baseline, changed.Policy, sets);
        return new PolicyChoice(edited, changed.File);
    }

    private static void Compare(string key, JObject expect, IReadOnlyList<string> actual, bool ordered, List<string> differences, string prefix = "")
    {
        if (expect[key] is not JArray array)
        {
            return;
        }

        var expected = array.Select(v => v.ToString()).ToList();
        var same = ordered ? expected.SequenceEqual(actual) : expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal));
        if (same)
        {
            return;
        }

        var lines = new List<string>
        {
            $"{prefix}{key} differ",
            $"  expected:   {Show(expected)}",
            $"  actual:     {Show(actual)}",
        };
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var unexpected = actual.Except(expected, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            lines.Add($"  missing:    {Show(missing)}");
        }

        if (unexpected.Count > 0)
        {
            lines.Add($"  unexpected: {Show(unexpected)}");
        }

        differences.Add(string.Join(Environment.NewLine, lines));
    }

    private static string Show(IReadOnlyList<string> items) => items.Count == 0 ? "(none)" : string.Join(", ", items);

    private static string Resolve(string fixture, string relative) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fixture)!, relative));
}

internal sealed record FixtureOutcome(string File, string Name, bool Passed, IReadOnlyList<string> Differences);

internal sealed record FixtureReport(IReadOnlyList<FixtureOutcome> Outcomes, int RuleCount, IReadOnlyList<string> NeverFired)
{
    public int Passed => Outcomes.Count(o => o.Passed);

    public int Failed => Outcomes.Count(o => !o.Passed);
}
