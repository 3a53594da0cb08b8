using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>rules test: the shipped fixtures pass and cover every shipped rule; a wrong fixture fails readably.</summary>
public sealed class RuleFixtureTests
{
    [Fact]
    public void The_shipped_fixtures_pass_and_make_every_shipped_rule_fire()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "rules", "test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("coverage: 33/33 rules fired in at least one fixture\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("fixtures: 13 passed, 0 failed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rules/fixtures/demo-school-c.json: School C (multi-age co-teaching, team teaching) under the demo policy\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deliberately_wrong_fixture_fails_with_an_expected_actual_diff()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var fixture = Path.Combine(rules, "fixtures", "demo-school-g.json");
        File.WriteAllText(fixture, File.ReadAllText(fixture)
            .Replace("../../samples", TestPaths.RepositoryRoot.TrimEnd('/') + "/samples", StringComparison.Ordinal)
            .Replace("\"blockers\": []", "\"blockers\": [\"TeacherLeaderPayNotOnSchedule\"]", StringComparison.Ordinal));
        foreach (var other in Directory.EnumerateFiles(Path.Combine(rules, "fixtures")).Where(f => f != fixture))
        {
            File.Delete(other);
        }

        var result = CliRunner.Run(temp.Path, "rules", "test", rules);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "FAIL rules/fixtures/demo-school-g.json: School G (traditional) under the demo policy\n" +
            "  blockers differ\n" +
            "    expected:   TeacherLeaderPayNotOnSchedule\n" +
            "    actual:     (none)\n" +
            "    missing:    TeacherLeaderPayNotOnSchedule\n",
            result.Stdout,
            StringComparison.Ordinal);
        Assert.Contains("rules/fixtures/demo-school-g.json: error PH2009: fixture 'School G (traditional) under the demo policy' failed: blockers differ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("fixtures: 0 passed, 1 failed", result.Stdout, StringComparison.Ordinal);
    }
}
