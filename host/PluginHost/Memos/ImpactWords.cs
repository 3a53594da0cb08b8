using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Evaluation;
using PluginHost.Formatting;

namespace PluginHost.Memos;

/// <summary>
/// The district totals of an impact report in sentences a board reads, first in impact.md and on the console:
/// what changed, which blockers and flags go or come and where, whether any verdict moves, what is at stake.
/// </summary>
internal static class ImpactWords
{
    public static IReadOnlyList<string> Headline(ImpactReport report, CultureInfo culture)
    {
        var sentences = new List<string> { $"The change: {report.Change.Description}." };
        var blockers = report.Findings.Where(f => f.Kind == "blocker").ToList();
        var lifted = blockers.Where(b => b.RemovedAt.Count > 0).Select(b =>
            $"removes the {Policy(b.Key)} blocker{Stops(b)} at {Schools(b.RemovedAt, culture)}{(b.AtStakeLifted > 0 ? $", where {Formats.Money(b.AtStakeLifted, culture)} a year is at stake" : "")}").ToList();
        var added = blockers.Where(b => b.AddedAt.Count > 0).Select(b =>
            $"adds the {Policy(b.Key)} blocker{Stops(b)} at {Schools(b.AddedAt, culture)}{(b.AtStakeAdded > 0 ? $", where {Formats.Money(b.AtStakeAdded, culture)} a year is at stake" : "")}").ToList();
        sentences.Add(lifted.Count + added.Count == 0 ? "No policy blocker appears or goes at any school." : $"It {Join([.. lifted, .. added])}.");

        var flags = report.Findings.Where(f => f.Kind == "flag").ToList();
        if (flags.Count > 0)
        {
            var parts = flags.SelectMany(f => new[]
            {
                f.RemovedAt.Count > 0 ? $"“{Flag(f.Key)}” clears at {Schools(f.RemovedAt, culture)}" : null,
                f.AddedAt.Count > 0 ? $"“{Flag(f.Key)}” is raised at {Schools(f.AddedAt, culture)}" : null,
            }).OfType<string>().ToList();
            sentences.Add($"Sustainability flags: {Join(parts)}.");
        }

        var moved = report.Verdicts.Where(v => v.BecameAtRisk + v.NoLongerAtRisk > 0).ToList();
        var cuts = string.Join(", ", report.Verdicts.Select(v => Formats.Pct(v.ReductionPercent, culture)));
        sentences.Add(moved.Count == 0
            ? $"No school's at-risk verdict changes at any cut ({cuts})."
            : Join(moved.Select(v =>
            {
                var ways = new[]
                {
                    v.NoLongerAtRisk > 0 ? $"{Formats.Count(v.NoLongerAtRisk, "school is", "schools are", culture)} no longer {(v.NowAboveBeforeCut > 0 ? "counted " : "")}at risk{NowAbove(v, culture)}" : null,
                    v.BecameAtRisk > 0 ? $"{Formats.Count(v.BecameAtRisk, "school becomes", "schools become", culture)} at risk" : null,
                }.OfType<string>();
                return $"at a {Formats.Pct(v.ReductionPercent, culture)} cut {string.Join(" and ", ways)} ({Formats.Number(v.AtRiskBefore, culture)} → {Formats.Number(v.AtRiskAfter, culture)} of {Formats.Number(v.Schools, culture)} at risk)";
            }).ToList()) is var text ? char.ToUpperInvariant(text[0]) + text[1..] + "; at the other cuts no verdict changes." : "");
        sentences.Add(report.SchoolsWithCutChanges == 0 ? "No school's cuts change." : $"What the cuts take changes at {Formats.Count(report.SchoolsWithCutChanges, "school", "schools", culture)}.");
        sentences.Add($"Compared: {Formats.Count(report.Coverage.Compared, "school", "schools", culture)} ({Formats.Number(report.Coverage.StudentsCompared, culture)} students)"
            + (report.Coverage.Failed > 0 ? $"; {Formats.Count(report.Coverage.Failed, "school", "schools", culture)} could not be evaluated and {(report.Coverage.Failed == 1 ? "is" : "are")} named below" : "")
            + (report.Coverage.NotProfiles > 0 ? $"; {Formats.Count(report.Coverage.NotProfiles, "file is", "files are", culture)} not a school profile" : "") + ".");
        return sentences;
    }

    /// <summary>
    /// Why schools leave "at risk" when the reason is that they now start above the ratio ceiling: the verdict judges what
    /// a cut does, so a school the change puts over the ceiling before any cut drops out of it, and a tighter ceiling
    /// would otherwise read as making schools safer.
    /// </summary>
    private static string NowAbove(VerdictTotal v, CultureInfo culture) => v.NowAboveBeforeCut switch
    {
        0 => "",
        var n when n == v.NoLongerAtRisk => n == 1 ? ", only because it now starts above the ceiling, before any cut" : ", only because they now start above the ceiling, before any cut",
        var n => $" ({Formats.Count(n, "of them only because it now starts", "of them only because they now start", culture)} above the ceiling, before any cut)",
    };

    /// <summary>The report as impact.json: the report itself, with the headline sentences first.</summary>
    public static string ToJson(ImpactReport report, CultureInfo culture)
    {
        var node = JsonSerializer.SerializeToNode(report, ScriptModel.JsonOptions)!.AsObject();
        var ordered = new JsonObject { ["headline"] = new JsonArray([.. Headline(report, culture).Select(s => JsonValue.Create(s))]) };
        foreach (var (key, value) in node)
        {
            ordered[key] = value?.DeepClone();
        }

        return ordered.ToJsonString(ScriptModel.JsonOptions);
    }

    private static string Policy(string key) => (Vocabulary.Policies.TryGetValue(key, out var word) ? word : key.Replace('-', ' ')).ToLowerInvariant();

    private static string Flag(string key) => Vocabulary.FlagWords(key);

    /// <summary>" that stops the learning lab block", for a blocker that shares its key with another of the change; otherwise nothing.</summary>
    private static string Stops(FindingTotal blocker) =>
        blocker.Stops is not { } element ? "" : $" that stops the {Vocabulary.ElementWords(element)}";

    private static string Schools(IReadOnlyList<string> names, CultureInfo culture) =>
        $"{Formats.Count(names.Count, "school", "schools", culture)} ({(names.Count <= 4 ? Join(names) : string.Join(", ", names.Take(3)) + $" and {Formats.Number(names.Count - 3, culture)} more")})";

    private static string Join(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };
}
