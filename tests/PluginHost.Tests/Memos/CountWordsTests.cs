using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Evaluation;
using PluginHost.Memos;
using PluginHost.Runs;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>
/// Counts a reader sees are written as the run's culture writes numbers, like every other figure: a summary of 6,400
/// generated schools said "6400 files were found" two lines above "6,800 of 6,800" students, and a memo said a school
/// "serves 1400 students". Named schools come in the order a reader expects, School 2 before School 10.
/// </summary>
public sealed partial class CountWordsTests
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public void A_district_summary_writes_its_school_counts_grouped_in_thousands()
    {
        using var temp = new TempDir();
        const int count = 1_234;
        DistrictSummary summary;
        using (var builder = new DistrictSummaryBuilder(temp.Path, 30))
        {
            for (var i = 0; i < count; i++)
            {
                builder.Add(i, Digest(i));
            }

            (summary, _) = builder.Build(count, null, [], [], ["0123456789abcdef"]);
        }

        var markdown = Render(temp, summary);

        Assert.Contains("1,234 files were found. **1,234 schools were evaluated** with full data.", markdown, StringComparison.Ordinal);
        Assert.Contains("Every figure below is over the 1,234 schools evaluated with full data", markdown, StringComparison.Ordinal);
        Assert.Contains("| 30 % | $12.34M | $12.34M | $370K | 1,234 of 1,234 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Procurement | 1,234 |", markdown, StringComparison.Ordinal);
        Assert.Contains("1,234 of 1,234 schools are at risk; the 100 with the largest shortfalls are listed", markdown, StringComparison.Ordinal);
        Assert.Contains("blocks 1,234 schools", markdown, StringComparison.Ordinal);
        Assert.Contains("| School 0, School 1, School 2, School 3,", markdown, StringComparison.Ordinal);
        Assert.Contains("School 9, School 10, School 11,", markdown, StringComparison.Ordinal);
        Assert.Contains("School 23, School 24 and 1,209 more |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Fix procurement | 1,234 |", markdown, StringComparison.Ordinal);
        // Nothing of four digits or more is left ungrouped but fiscal years, the rule set's hash and school names.
        var ungrouped = Ungrouped().Matches(markdown).Select(m => m.Value).Distinct().ToList();
        Assert.Empty(ungrouped);
    }

    [Fact]
    public void An_impact_headline_counts_schools_grouped_in_thousands()
    {
        var schools = Enumerable.Range(0, 1_500).Select(i => $"School {i}").ToList();
        var report = new ImpactReport(
            new ImpactChange("set", "procurement.nonStandardAllowed: false → true", [], null, null),
            new ImpactSide("a", "District", null),
            new ImpactSide("b", "District", null),
            new ImpactCoverage(1_500, 1_500, 0, 0, 612_000),
            [new FindingTotal("blocker", "NonStandardPurchasesSlowed", "procurement", schools, [], 0m, 0m)],
            [new VerdictTotal(30, 1_500, 1_200, 1_100, 0, 100)],
            1_020, 0, 0m, 0m, 1_500, [], [], [], false);

        var headline = string.Join(" ", ImpactWords.Headline(report, Culture));

        Assert.Contains("removes the procurement blocker at 1,500 schools (School 0, School 1, School 2 and 1,497 more)", headline, StringComparison.Ordinal);
        Assert.Contains("At a 30 % cut 100 schools are no longer at risk (1,200 → 1,100 of 1,500 at risk)", headline, StringComparison.Ordinal);
        Assert.Contains("What the cuts take changes at 1,020 schools.", headline, StringComparison.Ordinal);
        Assert.Contains("Compared: 1,500 schools (612,000 students).", headline, StringComparison.Ordinal);
    }

    private static string Render(TempDir temp, DistrictSummary summary)
    {
        var options = new PluginHostOptions { RulesDirectory = TestPaths.Rules, PluginsDirectory = TestPaths.ShippedPlugins, TemplatesDirectory = TestPaths.Templates };
        using var host = HostFactory.Build(options);
        var workspace = host.Services.GetRequiredService<WorkspaceLoader>().Load();
        new OutputWriter(workspace.Templates, workspace.Rules.Categories).WriteSummary(temp.Combine("out"), summary, ["md"], Culture);
        return File.ReadAllText(temp.Combine("out", "summary.md"));
    }

    /// <summary>A school blocked on procurement and at risk at every cut: $10,000 to find at 30 %, $300 of it not found.</summary>
    private static SchoolDigest Digest(int i)
    {
        var scenarios = new[] { 10, 20, 30 }.Select(cut => new ScenarioDigest(cut, true, ["shortfall"], 18m, 20m, 9m, 10m, 11.1m, cut * 10m, 0, cut * 1_000m / 3, cut * 1_000m / 3)).ToList();
        return new SchoolDigest($"school-{i:D4}", $"School {i}", [], ["procurement"],
            new Dictionary<string, IReadOnlyList<string>> { ["procurement"] = ["Fix procurement"] }, scenarios, false, 400, false)
        {
            LiftedBy = new Dictionary<string, IReadOnlyList<string>> { ["procurement"] = ["cfo"] },
            LiftedWhen = new Dictionary<string, string> { ["procurement"] = "before-budget-adoption" },
            Recommendations = ["Fix procurement"],
        };
    }

    /// <summary>Four or more digits in a row not in a fiscal year, a hash, a school's name or id, or a longer grouped figure.</summary>
    [GeneratedRegex(@"(?<![0-9,.$]|FY|School |school-|`[0-9a-f]*)[0-9]{4,}(?![0-9a-f]*`)")]
    private static partial Regex Ungrouped();
}
