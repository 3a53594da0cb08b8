using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Catalog;

/// <summary>Drop-in plugins, refused or quarantined ones, and plugins validate, all through the built CLI.</summary>
public sealed class PluginCatalogTests
{
    private static JsonElement ListJson(TempDir temp, string plugins)
    {
        var result = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plugins", "list", "--json");
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    private static JsonElement Entry(JsonElement list, string folder) =>
        list.EnumerateArray().Single(e => e.GetProperty("folder").GetString()!.EndsWith("/" + folder, StringComparison.Ordinal));

    [Fact]
    public void The_plugin_table_written_to_a_file_keeps_every_id_on_one_line()
    {
        // At 80 columns the table broke 'multi-age-co-teaching' into 'multi-age-co-t' over 'eaching'.
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "--plugins", TestPaths.ShippedPlugins, "plugins", "list");

        Assert.Equal(0, result.ExitCode);
        foreach (var id in new[] { "multi-age-co-teaching", "pbl-labs", "standards-based-grading", "team-teaching" })
        {
            Assert.Single(result.Stdout.Split('\n'), line => line.StartsWith($"│ {id} ", StringComparison.Ordinal) && line.Contains(" loaded ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_fifth_plugin_dropped_into_the_plugins_folder_is_listed_and_gets_a_memo_without_rebuilding_the_host()
    {
        using var temp = new TempDir();
        var plugins = Fixtures.PluginsWith(temp, "RotationModel");
        var profile = Fixtures.ProfileFor(temp, "rotation-school", "station-rotation");

        // The way a district adds a plugin: validate and pin it, then it runs like a shipped one.
        var trust = CliRunner.Run(temp.Path, "--plugins", plugins, "plugins", "trust", Path.Combine(plugins, "RotationModel"));
        Assert.True(trust.ExitCode == 0, trust.ToString());
        var rotation = Entry(ListJson(temp, plugins), "RotationModel");
        var plan = CliRunner.RunProcess(temp.Path, "--plugins", plugins, "plan", profile, "--policy", Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), "--out", temp.Combine("out"), "--format", "md,json");

        Assert.Equal("station-rotation", rotation.GetProperty("archetype").GetString());
        Assert.Equal("loaded", rotation.GetProperty("status").GetString());
        Assert.Equal("1.0", rotation.GetProperty("contractVersion").GetString());
        Assert.Matches("^[0-9a-f]{64}$", rotation.GetProperty("sha256").GetString());
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var memo = File.ReadAllText(temp.Combine("out", "rotation-school", "memo.md"));
        Assert.Contains("| Station rotation | Students rotate between teacher-led, collaborative and online stations within a class period. | yes |", memo, StringComparison.Ordinal);
        Assert.Contains("Stations rotate within each period; the station aides carry the model.", memo, StringComparison.Ordinal);
        var result = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "rotation-school", "result.json"))).RootElement;
        var provenance = result.GetProperty("provenance").GetProperty("plugins")[0];
        Assert.Equal("fixture-rotation-model", provenance.GetProperty("id").GetString());
        Assert.Equal(rotation.GetProperty("sha256").GetString(), provenance.GetProperty("sha256").GetString());
        Assert.Contains(result.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("ruleId").GetString() == "RotationSoftwareWaitsForProcurement" && b.GetProperty("file").GetString() == "plugins/RotationModel/rules/rotation-blockers.json");
    }

    [Theory]
    [InlineData("ThrowsInConstructor", "quarantined", "PH3006", "plugin 'fixture-throws-in-constructor' threw while loading and is quarantined: InvalidOperationException: configuration file missing")]
    [InlineData("NewerContract", "refused", "PH3003", "plugin 'fixture-newer-contract' was built against contract 2.0 but this host provides contract 1.0; rebuild it against PluginHost.Contracts 1.0")]
    [InlineData("InvalidManifest", "refused", "PH3002", "plugin 'InvalidManifest': invalid manifest: entryAssembly: required field is missing; version: 'one' is not in the form this field takes (Semantic version, for example 1.2.0)")]
    public void A_broken_plugin_gets_its_own_error_and_the_other_plugins_still_work(string fixture, string status, string code, string message)
    {
        using var temp = new TempDir();
        var plugins = Fixtures.PluginsWith(temp, fixture);

        var entry = Entry(ListJson(temp, plugins), fixture);
        var plan = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--out", temp.Combine("out"));

        if (status == "quarantined")
        {
            // plugins list never runs plugin code, so a constructor that throws is found only when a run loads it.
            Assert.Equal("loaded", entry.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("error").ValueKind);
        }
        else
        {
            Assert.Equal(status, entry.GetProperty("status").GetString());
            Assert.Equal(code, entry.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(message, entry.GetProperty("error").GetProperty("message").GetString());
        }

        Assert.Contains($"warning {code}: {message}", plan.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, plan.ExitCode);
        Assert.True(File.Exists(temp.Combine("out", "school-c", "memo.md")));
    }

    [Fact]
    public void Two_plugins_claiming_one_archetype_are_both_refused_and_schools_of_that_archetype_say_why()
    {
        using var temp = new TempDir();
        var plugins = Fixtures.PluginsWith(temp, "DuplicateArchetype");

        var list = ListJson(temp, plugins);
        var plan = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--out", temp.Combine("out"), "--format", "md");
        var other = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plan", Path.Combine(TestPaths.DemoDistrict, "school-b.json"), "--out", temp.Combine("out"), "--format", "md");

        const string Message = "archetype 'team-teaching' is claimed by 2 plugins ('fixture-duplicate-archetype' in DuplicateArchetype, 'team-teaching' in TeamTeaching); remove all but one";
        Assert.Equal(Message, Entry(list, "DuplicateArchetype").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(Message, Entry(list, "TeamTeaching").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("PH3005", Entry(list, "TeamTeaching").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, plan.ExitCode);
        var memo = File.ReadAllText(temp.Combine("out", "school-c", "memo.md"));
        Assert.Contains($"| team-teaching |  | **no**: {Message} |", memo, StringComparison.Ordinal);
        Assert.Equal(0, other.ExitCode);
    }

    [Fact]
    public void A_plugin_that_throws_during_evaluation_is_isolated_and_the_memo_says_which_archetype_and_why()
    {
        using var temp = new TempDir();
        var plugins = Fixtures.PluginsWith(temp, "ThrowsDuringEvaluation");
        var profile = Fixtures.ProfileFor(temp, "fragile-school", "throws-during-evaluation", "team-teaching");

        var plan = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plan", profile, "--out", temp.Combine("out"), "--format", "md");

        Assert.Equal(1, plan.ExitCode);
        const string Reason = "plugin 'fixture-throws-during-evaluation' threw while evaluating the school: DivideByZeroException: no groups to divide students into";
        Assert.Contains($"fragile-school.json: error PH3007: archetype 'throws-during-evaluation' could not be evaluated: {Reason}", plan.Stderr, StringComparison.Ordinal);
        var memo = File.ReadAllText(temp.Combine("out", "fragile-school", "memo.md"));
        Assert.Contains($"| Throws during evaluation | Test fixture. | **no**: {Reason} |", memo, StringComparison.Ordinal);
        Assert.Contains("| Team teaching with teacher leaders |", memo, StringComparison.Ordinal);
        Assert.Contains("> **Not everything could be evaluated.**", memo, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ThrowsInConstructor", "PH3006")]
    [InlineData("NewerContract", "PH3003")]
    [InlineData("InvalidManifest", "PH3002")]
    [InlineData("DuplicateArchetype", "PH3005")]
    public void Plugins_validate_refuses_each_broken_fixture_with_its_reason(string fixture, string code)
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plugins", "validate", Fixtures.FixturePlugin(fixture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($": error {code}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(fixture + "/plugin.json", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TeamTeaching", "team-teaching")]
    [InlineData("MultiAgeCoTeaching", "multi-age-co-teaching")]
    [InlineData("StandardsBasedGrading", "standards-based-grading")]
    [InlineData("PblLabs", "pbl-labs")]
    public void Plugins_validate_accepts_each_shipped_plugin(string folder, string archetype)
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plugins", "validate", Path.Combine(TestPaths.ShippedPlugins, folder));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"plugin '{archetype}' 1.0.0 for archetype '{archetype}' is valid for contract 1.0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpinned_plugin_is_refused_pinning_it_lets_it_run_and_changing_one_byte_refuses_it_again()
    {
        using var temp = new TempDir();
        var plugins = Fixtures.PluginsWith(temp, "RotationModel");
        var profile = Fixtures.ProfileFor(temp, "rotation-school", "station-rotation");
        string[] plan = ["--plugins", plugins, "plan", profile, "--out", temp.Combine("out"), "--format", "json"];

        var unpinned = CliRunner.Run(temp.Path, plan);
        var trust = CliRunner.Run(temp.Path, "--plugins", plugins, "plugins", "trust", Path.Combine(plugins, "RotationModel"));
        var pinned = CliRunner.Run(temp.Path, plan);
        var dll = Path.Combine(plugins, "RotationModel", "RotationModel.dll");
        var bytes = File.ReadAllBytes(dll);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(dll, bytes);
        var changed = CliRunner.Run(temp.Path, plan);

        Assert.Equal(1, unpinned.ExitCode);
        Assert.Contains("warning PH3008: plugin 'fixture-rotation-model' is not pinned in", unpinned.Stderr, StringComparison.Ordinal);
        Assert.Contains("error PH3008: archetype 'station-rotation' could not be evaluated: plugin 'fixture-rotation-model' is not pinned", unpinned.Stderr, StringComparison.Ordinal);
        Assert.True(trust.ExitCode == 0, trust.ToString());
        Assert.Contains("pinned plugin 'fixture-rotation-model' 1.0.0", trust.Stdout, StringComparison.Ordinal);
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("warning PH3008: plugin 'fixture-rotation-model' changed since it was pinned", changed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_whose_entry_assembly_or_symlink_leaves_its_folder_is_refused_and_the_others_load()
    {
        using var temp = new TempDir();
        var plugins = Fixtures.PluginsWith(temp, "RotationModel");
        var manifest = Path.Combine(plugins, "RotationModel", "plugin.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"RotationModel.dll\"", "\"../TeamTeaching/TeamTeaching.dll\"", StringComparison.Ordinal));
        File.CreateSymbolicLink(Path.Combine(plugins, "PblLabs", "passwd.txt"), "/etc/passwd");

        var list = ListJson(temp, plugins);
        var plan = CliRunner.Run(temp.Path, "--trust-unpinned", "--plugins", plugins, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--out", temp.Combine("out"), "--format", "json");

        Assert.Equal("PH3009", Entry(list, "RotationModel").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("plugin 'fixture-rotation-model': entryAssembly '../TeamTeaching/TeamTeaching.dll' must be a file name inside the plugin folder, such as 'TeamTeaching.dll'",
            Entry(list, "RotationModel").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("plugin folder 'PblLabs' is refused: 'passwd.txt' is a symbolic link that leads outside the plugin folder",
            Entry(list, "PblLabs").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("loaded", Entry(list, "TeamTeaching").GetProperty("status").GetString());
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }
}
