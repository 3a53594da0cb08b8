using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>At-risk verdicts mean what they say: a ceiling comes only from policy, and is judged fairly.</summary>
public sealed class CeilingTests
{
    [Fact]
    public void The_summary_does_not_call_a_school_at_risk_for_a_ceiling_it_already_exceeded_before_the_cut()
    {
        using var temp = new TempDir();
        var policy = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "district-policy.json")))!;
        policy.AsObject().Remove("$schema");
        policy["studentsPerTeacherCeiling"] = 18.5;
        File.WriteAllText(temp.Combine("policy.json"), policy.ToJsonString());
        Directory.CreateDirectory(temp.Combine("schools"));
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "school-g.json"), temp.Combine("schools", "school-g.json"));
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "school-e.json"), temp.Combine("schools", "school-e.json"));

        var run = CliRunner.Run(temp.Path, "district", "schools", "--policy", "policy.json", "--out", "out", "--format", "md,json");

        Assert.True(run.ExitCode == 0, run.ToString());
        // School G starts at 18.6 students per teacher, above 18.5 before any cut; School E starts just under it, at 18.46.
        var g = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "school-g", "result.json"))).RootElement;
        Assert.Equal(18.6m, g.GetProperty("ratiosBefore").GetProperty("studentsPerTeacher").GetDecimal());
        Assert.All(g.GetProperty("scenarios").EnumerateArray(), s =>
        {
            Assert.True(s.GetProperty("alreadyAboveCeilingBeforeCut").GetBoolean());
            Assert.DoesNotContain(s.GetProperty("atRiskReasons").EnumerateArray(), r => r.GetString() == "students-per-teacher-above-ceiling");
        });
        var summary = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "summary.json"))).RootElement;
        Assert.DoesNotContain(summary.GetProperty("atRisk").EnumerateArray(), s => s.GetProperty("id").GetString() == "school-g");
        Assert.Contains("already above the district's ceiling of 18.5; that is not caused by the cut", File.ReadAllText(temp.Combine("out", "school-g", "memo.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_policy_no_ceiling_applies_and_a_multi_age_school_is_judged_on_students_per_instructional_adult()
    {
        using var temp = new TempDir();
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "school-c.json"), temp.Combine("school-c.json"));

        var neutral = CliRunner.Run(temp.Path, "plan", "school-c.json", "--out", "neutral", "--format", "json");
        var demo = CliRunner.Run(temp.Path, "plan", "school-c.json", "--policy", Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), "--out", "demo", "--format", "json");

        Assert.True(neutral.ExitCode == 0, neutral.ToString());
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var n = JsonDocument.Parse(File.ReadAllText(temp.Combine("neutral", "school-c", "result.json"))).RootElement;
        Assert.Equal(JsonValueKind.Null, n.GetProperty("school").GetProperty("ceiling").ValueKind);
        var d = JsonDocument.Parse(File.ReadAllText(temp.Combine("demo", "school-c", "result.json"))).RootElement;
        Assert.Equal("students-per-instructional-staff", d.GetProperty("school").GetProperty("judgedRatio").GetString());
        Assert.Equal(16m, d.GetProperty("school").GetProperty("ceiling").GetDecimal());
        // Per teacher School C goes from 20.0 past the per-teacher ceiling of 20, but its model is judged per instructional adult: 14.1 at 30 %.
        var thirty = d.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("reductionPercent").GetInt32() == 30);
        Assert.False(thirty.GetProperty("atRisk").GetBoolean());
    }
}
