using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.EndToEnd;

public sealed class DemoTests
{
    [Fact]
    public void Demo_writes_a_memo_for_every_demo_school_naming_school_archetype_and_cut_order()
    {
        using var temp = new TempDir();
        var result = CliRunner.RunProcess(temp.Path, "demo", "--out", temp.Combine("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var school in new[] { "a", "b", "c", "d", "e", "f", "g" })
        {
            var memo = File.ReadAllText(temp.Combine("out", $"school-{school}", "memo.md"));
            Assert.Contains($"# School {school.ToUpperInvariant()}: can its model be sustained?", memo, StringComparison.Ordinal);
            Assert.Contains("> **Illustrative data.**", memo, StringComparison.Ordinal);
            Assert.Contains("| 1 | Administrative staffing |", memo, StringComparison.Ordinal);
            Assert.Contains("| 4 | After-school and elective programming |", memo, StringComparison.Ordinal);
            Assert.Contains($"wrote out/school-{school}/memo.md", result.Stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(temp.Combine("out", $"school-{school}", "memo.html")));
            Assert.True(File.Exists(temp.Combine("out", $"school-{school}", "result.json")));
        }

        var c = File.ReadAllText(temp.Combine("out", "school-c", "memo.md"));
        Assert.Contains("as a multi-age co-teaching and team teaching with teacher leaders school", c, StringComparison.Ordinal);
        Assert.Contains("| 5 | Teaching staff |", c, StringComparison.Ordinal);
        var g = File.ReadAllText(temp.Combine("out", "school-g", "memo.md"));
        Assert.Contains("with a design of its own outside the plugin catalog", g, StringComparison.Ordinal);
        Assert.Contains("| 7 | Teaching staff |", g, StringComparison.Ordinal);

        Assert.Equal("[]", File.ReadAllText(temp.Combine("out", "failures.json")).Trim());
        Assert.True(File.Exists(temp.Combine("out", "summary.md")));
        Assert.True(File.Exists(temp.Combine("out", "summary.csv")));
        Assert.Empty(Directory.EnumerateFiles(temp.Combine("out"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Reordering_two_priorities_in_a_copy_of_the_rules_changes_the_memo_without_a_rebuild()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var cutFile = Path.Combine(rules, "cut-priorities.json");
        var text = File.ReadAllText(cutFile)
            .Replace("\"priority\": 1,", "\"priority\": 99,", StringComparison.Ordinal)
            .Replace("\"priority\": 2,", "\"priority\": 1,", StringComparison.Ordinal)
            .Replace("\"priority\": 99,", "\"priority\": 2,", StringComparison.Ordinal);
        File.WriteAllText(cutFile, text);
        var profile = Path.Combine(TestPaths.DemoDistrict, "school-g.json");

        var before = CliRunner.Run(temp.Path, "plan", profile, "--out", temp.Combine("before"));
        var after = CliRunner.Run(temp.Path, "--rules", rules, "plan", profile, "--out", temp.Combine("after"));

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.True(after.ExitCode == 0, after.ToString());
        var memoBefore = File.ReadAllText(temp.Combine("before", "school-g", "memo.md"));
        var memoAfter = File.ReadAllText(temp.Combine("after", "school-g", "memo.md"));
        Assert.Contains("| 1 | Administrative staffing |", memoBefore, StringComparison.Ordinal);
        Assert.Contains("| 1 | Non-personnel (incl. technology) |", memoAfter, StringComparison.Ordinal);
        Assert.True(memoAfter.IndexOf("| Administrative staffing | none |", StringComparison.Ordinal) > memoAfter.IndexOf("| 1 | Non-personnel (incl. technology) |", StringComparison.Ordinal));
        Assert.Contains("| 1 | Non-personnel (incl. technology) | Textbooks | — |", memoAfter, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_without_the_team_teaching_plugin_names_the_archetype_and_the_installed_ones()
    {
        using var temp = new TempDir();
        var plugins = temp.Combine("plugins");
        TempDir.Copy(TestPaths.ShippedPlugins, plugins);
        Directory.Delete(Path.Combine(plugins, "TeamTeaching"), recursive: true);

        var result = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--out", temp.Combine("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "error PH3001: archetypes: no plugin for archetype 'team-teaching'; installed archetypes: multi-age-co-teaching, pbl-labs, standards-based-grading (plugins folder: plugins)",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out", "school-c")));
    }

    [Fact]
    public void Demo_without_the_plugins_folder_lists_every_archetype_school_in_failures_and_writes_the_others()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "--plugins", temp.Combine("no-plugins"), "demo", "--out", temp.Combine("out"));

        Assert.Equal(1, result.ExitCode);
        var failures = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "failures.json"))).RootElement;
        var failed = failures.EnumerateArray().Select(f => Path.GetFileName(f.GetProperty("file").GetString())).ToList();
        Assert.Equal(["school-b.json", "school-c.json", "school-d.json", "school-e.json", "school-f.json"], failed);
        Assert.All(failures.EnumerateArray(), f => Assert.Equal("PH3001", f.GetProperty("code").GetString()));
        Assert.True(File.Exists(temp.Combine("out", "school-a", "memo.md")));
        Assert.True(File.Exists(temp.Combine("out", "school-g", "memo.md")));
        Assert.False(Directory.Exists(temp.Combine("out", "school-c")));
        Assert.Contains("2 schools written, 5 failed (see failures.json)", result.Stdout, StringComparison.Ordinal);
    }
}
