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

    public RuleFixtureRunner(JsonInputReader reader, InputLoader inputs)
    {
        _reader = reader;
        _inputs = inputs;
    }

    public FixtureReport Run(string rulesDirectory, Workspace workspace, CultureInfo culture)
    {
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

            var expect = (JObject)root["expect"]!;
            var differences = new List<string>();
            Compare("blockers", expect, result.Blockers.Select(b => b.RuleId).Distinct(StringComparer.Ordinal).ToList(), ordered: false, differences);
            Compare("flags", expect, result.Flags.Select(f => f.RuleId).ToList(), ordered: false, differences);
            Compare("cutOrder", expect, result.CutOrder.Select(c => c.Category).ToList(), ordered: true, differences);
            Compare("recommendations", expect, result.Recommendations.Select(r => r.Id).ToList(), ordered: true, differences);
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

    private static void Compare(string key, JObject expect, IReadOnlyList<string> actual, bool ordered, List<string> differences)
    {
        if (expect[key] is not JArray array)
        {
            return;
        }

        var expected = array.Values<string>().Select(v => v!).ToList();
        var same = ordered ? expected.SequenceEqual(actual) : expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal));
        if (same)
        {
            return;
        }

        var lines = new List<string>
        {
            $"{key} differ",
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
