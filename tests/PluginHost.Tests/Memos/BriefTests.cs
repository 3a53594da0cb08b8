using System.Text.RegularExpressions;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>The brief a board member reads first, and the body that follows it: plain words, no machinery.</summary>
[Collection(DemoRunGroup.Name)]
public sealed partial class BriefTests
{
    private static readonly string[] Schools = ["school-a", "school-b", "school-c", "school-d", "school-e", "school-f", "school-g"];
    private readonly DemoRun _demo;

    public BriefTests(DemoRun demo)
    {
        _demo = demo;
    }

    [Fact]
    public void No_rule_id_recommendation_code_error_code_or_path_appears_before_the_appendix_and_no_build_path_anywhere()
    {
        var ruleIds = Directory.EnumerateFiles(TestPaths.Rules, "*.json").Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "plugins"), "*.json", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => RuleName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("CutTeachingStaffLast", ruleIds);

        foreach (var school in Schools)
        {
            var memo = _demo.Memo(school);
            Assert.DoesNotContain("/bin/", memo, StringComparison.Ordinal);
            Assert.DoesNotContain(TestPaths.RepositoryRoot, memo, StringComparison.Ordinal);
            var body = memo[..memo.IndexOf("## 8. Appendix", StringComparison.Ordinal)];
            Assert.DoesNotMatch(@"REC-[A-Z]", body);
            Assert.DoesNotMatch(@"PH\d{4}", body);
            Assert.DoesNotMatch(@"\.json\b|/work/|/bin/|/tmp/|\\", body);
            Assert.DoesNotContain("`", body, StringComparison.Ordinal);
            Assert.All(ruleIds, id => Assert.DoesNotContain(id, body, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_brief_of_school_c_matches_its_golden_file()
    {
        var memo = _demo.Memo("school-c");
        var brief = memo[memo.IndexOf("## Brief for the board", StringComparison.Ordinal)..memo.IndexOf("\n---\n", StringComparison.Ordinal)];

        Golden.AssertMatches("school-c.brief.md", brief);
    }

    [Fact]
    public void Every_brief_names_who_can_lift_each_blocker_and_gives_at_most_five_recommendations_with_owners()
    {
        foreach (var school in Schools)
        {
            var memo = _demo.Memo(school);
            var brief = memo[memo.IndexOf("## Brief for the board", StringComparison.Ordinal)..memo.IndexOf("\n---\n", StringComparison.Ordinal)];
            Assert.Contains("**The decision.**", brief, StringComparison.Ordinal);
            Assert.Contains("**With no cut at all.**", brief, StringComparison.Ordinal);
            Assert.DoesNotContain("not stated", brief, StringComparison.Ordinal);
            var rows = brief.Split('\n').SkipWhile(l => !l.StartsWith("| | Recommendation", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
            Assert.InRange(rows.Count, 0, 5);
            Assert.All(rows, row => Assert.Matches(@"^\| \d \| [^|]+ \| the [^|]+ \| [^|]+ \| [^|]+ \| [^|]+ \|$", row));
        }
    }

    [Fact]
    public void A_structural_deficit_is_in_the_school_s_brief_and_in_the_district_summary()
    {
        Assert.Contains("**The plan runs a structural deficit from the second year (FY2019)**", _demo.Memo("school-d"), StringComparison.Ordinal);
        var summary = File.ReadAllText(Path.Combine(_demo.Out, "summary.md"));
        Assert.Contains("| School D | FY2019 |", summary, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"""RuleName"":\s*""([^""]+)""")]
    private static partial Regex RuleName();
}
