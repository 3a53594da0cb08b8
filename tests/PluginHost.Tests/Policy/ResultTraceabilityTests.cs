using System.Text.RegularExpressions;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>Every decision in result.json says which rule made it, where that rule lives, and why, in numbers people read.</summary>
[Collection(DemoRunGroup.Name)]
public sealed partial class ResultTraceabilityTests
{
    private static readonly string[] Schools = ["school-a", "school-b", "school-c", "school-d", "school-e", "school-f", "school-g"];
    private readonly DemoRun _demo;

    public ResultTraceabilityTests(DemoRun demo)
    {
        _demo = demo;
    }

    [Fact]
    public void Every_blocker_flag_and_cut_carries_its_rule_file_and_a_readable_explanation()
    {
        var explanations = new List<string>();
        foreach (var school in Schools)
        {
            var result = _demo.ResultJson(school);
            var findings = result.GetProperty("blockers").EnumerateArray().Concat(result.GetProperty("flags").EnumerateArray()).ToList();
            foreach (var finding in findings)
            {
                Assert.False(string.IsNullOrEmpty(finding.GetProperty("ruleId").GetString()));
                Assert.Matches(@"^(rules|plugins/[A-Za-z]+/rules)/[a-z-]+\.json$", finding.GetProperty("file").GetString());
                Assert.True(finding.GetProperty("line").GetInt32() > 0);
                explanations.Add(finding.GetProperty("explanation").GetString()!);
            }

            foreach (var cut in result.GetProperty("scenarios").EnumerateArray().SelectMany(s => s.GetProperty("cuts").EnumerateArray()))
            {
                Assert.False(string.IsNullOrEmpty(cut.GetProperty("ruleId").GetString()));
                Assert.Matches(@"^(rules|plugins/[A-Za-z]+/rules)/[a-z-]+\.json$", cut.GetProperty("ruleFile").GetString());
                explanations.Add(cut.GetProperty("explanation").GetString()!);
            }
        }

        Assert.All(explanations, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e));
            Assert.DoesNotMatch(LongDecimal(), e);
            Assert.DoesNotContain("{", e, StringComparison.Ordinal);
        });
        Assert.Contains(explanations, e => Money().IsMatch(e));
        Assert.Contains(explanations, e => Percent().IsMatch(e));
    }

    [Fact]
    public void Explanations_quote_the_school_s_actual_values()
    {
        var c = _demo.ResultJson("school-c");
        var compensation = c.GetProperty("blockers").EnumerateArray().Single(b => b.GetProperty("ruleId").GetString() == "TeacherLeaderPayNotOnSchedule");

        Assert.Equal(
            "The salary schedule has no pay for leadership, so 6 FTE of teacher leaders are paid through 6 stipends worth $48K a year, $48K of it from one-time money; waivers available: yes.",
            compensation.GetProperty("explanation").GetString());
        Assert.Equal("plugins/TeamTeaching/rules/team-teaching-blockers.json", compensation.GetProperty("file").GetString());
    }

    [Fact]
    public void Every_recommendation_lists_the_rules_that_raised_it_and_each_appears_fired_in_the_trace()
    {
        foreach (var school in Schools)
        {
            var result = _demo.ResultJson(school);
            var fired = result.GetProperty("trace").EnumerateArray().Where(t => t.GetProperty("outcome").GetString() == "fired").Select(t => t.GetProperty("ruleId").GetString()).ToHashSet();
            var memo = _demo.Memo(school);
            var appendix = memo[memo.IndexOf("## 8. Appendix", StringComparison.Ordinal)..];
            foreach (var recommendation in result.GetProperty("recommendations").EnumerateArray())
            {
                var raisedBy = recommendation.GetProperty("raisedBy").EnumerateArray().Select(r => r.GetString()!).ToList();
                Assert.NotEmpty(raisedBy);
                Assert.All(raisedBy, rule =>
                {
                    Assert.Contains(rule, fired);
                    Assert.Contains($"| `{rule}` |", appendix, StringComparison.Ordinal);
                });
            }
        }
    }

    [GeneratedRegex(@"\d+\.\d{3,}")]
    private static partial Regex LongDecimal();

    [GeneratedRegex(@"\$\d+(\.\d+)?[KM]\b")]
    private static partial Regex Money();

    [GeneratedRegex(@"\d+(\.\d)? %")]
    private static partial Regex Percent();
}
