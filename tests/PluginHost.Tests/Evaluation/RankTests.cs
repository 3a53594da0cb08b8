using CsCheck;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Policy;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Evaluation;

/// <summary>
/// A school's recommendations, ranked from the findings that raised them. The ranking is one pass and one sort; it
/// must give what the plain statement of the rule gives (grouped, highest severity, most raisers, then catalog order),
/// on findings that share recommendations, repeat them, and tie on severity and raisers.
/// </summary>
public sealed class RankTests
{
    // More recommendations than a sort handles by insertion (16).
    private static readonly string[] Ids = [.. Enumerable.Range(0, 40).Select(i => $"rec-{i:00}")];
    private static readonly string[] Levels = ["high", "medium", "low"];

    [Fact]
    public void Recommendations_are_ranked_as_grouping_and_ordering_the_findings_would_rank_them()
    {
        var catalog = new JsonInputReader(TestPaths.Schemas).Categories;
        // The catalog's order is not the ids' order, so catalog order is a key of its own.
        var recommendations = Ids.Select((id, i) => (id, i)).OrderBy(x => x.i * 17 % Ids.Length).Select(x => x.id).ToDictionary(id => id, id => new Recommendation
        {
            Id = id, Group = "g", Title = $"Title {id}", Text = $"Text {id}", Owner = "district", When = "next-budget",
        }, StringComparer.Ordinal);
        var rules = new RuleSet("hash", [], recommendations, [], catalog);

        var finding = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 2], Gen.Int[0, 39].Array[0, 8], Gen.Int[0, 3], Gen.Int[-1, 3])
            .Select((rule, level, raises, explanation, value) => new PolicyFinding(
                new CompiledRule($"rule-{rule}", "PolicyBlockers", "true", new RuleOrigin("rules/x.json", "rules/x.json", 1, 1, null), _ => true, ExplanationTemplate.Empty, null,
                    new FindingProperties($"finding-{rule}", Levels[level], null, [.. raises.Select(r => Ids[r])])),
                $"because {explanation}")
            { Value = value < 0 ? null : value * 1000m });
        finding.List[0, 30].Sample(findings =>
        {
            var expected = Reference(findings, rules);
            var actual = SchoolEvaluator.Rank(findings, rules);
            Assert.Equal(Show(expected), Show(actual));
        }, iter: 2000);
    }

    /// <summary>The ranking as the rule states it, in LINQ (the implementation before it was one pass).</summary>
    private static List<RecommendationEntry> Reference(IReadOnlyList<PolicyFinding> findings, RuleSet rules) => findings
        .SelectMany(f => f.Recommendations.Select(r => (Recommendation: r, Finding: f)))
        .GroupBy(x => x.Recommendation, StringComparer.Ordinal)
        .Select(g => (Id: g.Key, Severity: g.Max(x => Severities.Weight(x.Finding.Severity)), Raisers: g.Select(x => x.Finding.RuleId).Distinct(StringComparer.Ordinal).ToList(),
            Value: g.Max(x => x.Finding.Value), Because: g.Select(x => x.Finding.Explanation).Distinct(StringComparer.Ordinal).ToList()))
        .OrderByDescending(r => r.Severity)
        .ThenByDescending(r => r.Raisers.Count)
        .ThenBy(r => rules.RecommendationOrder.GetValueOrDefault(r.Id))
        .Select((r, i) =>
        {
            var rec = rules.Recommendations[r.Id];
            return new RecommendationEntry(i + 1, rec.Id, rec.Group, rec.Title, rec.Text, Severities.Word(r.Severity), r.Raisers, rec.Owner, rec.When, r.Value, r.Because);
        })
        .ToList();

    private static string Show(List<RecommendationEntry> ranked) => string.Join("\n", ranked.Select(r =>
        $"{r.Rank} {r.Id} {r.Severity} {r.Value} raised by {string.Join(",", r.RaisedBy)} because {string.Join(" | ", r.Because)}"));
}
