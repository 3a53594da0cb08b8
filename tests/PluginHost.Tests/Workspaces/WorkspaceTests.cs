using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Workspaces;

/// <summary>A workspace is the analyst's own folder: every command run inside it uses its rules, policy and profiles.</summary>
public sealed class WorkspaceTests
{
    [Fact]
    public void In_a_fresh_demo_workspace_a_rule_edit_changes_the_next_plan_of_the_built_executable_without_a_rebuild_or_rules_option()
    {
        using var temp = new TempDir();
        var init = CliRunner.RunProcess(temp.Path, "init", "district", "--demo");
        Assert.True(init.ExitCode == 0, init.ToString());
        var workspace = temp.Combine("district");

        var before = CliRunner.RunProcess(workspace, "plan", "profiles/school-f.json", "--format", "json");
        Assert.True(before.ExitCode == 0, before.ToString());
        var result = Path.Combine(workspace, "out", "plan", "school-f", "result.json");
        Assert.DoesNotContain("RecurringItAboveShare", Flags(result));

        var flags = Path.Combine(workspace, "rules", "sustainability-flags.json");
        File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.01", StringComparison.Ordinal));
        var after = CliRunner.RunProcess(Path.Combine(workspace, "profiles"), "plan", "school-f.json", "--format", "json");
        Assert.True(after.ExitCode == 0, after.ToString());

        // Run from a folder below the workspace: it is found by walking up, and its output goes to its out/.
        Assert.Contains("RecurringItAboveShare", Flags(result));
        var provenance = JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("provenance");
        Assert.Equal("Demo district (illustrative data)", provenance.GetProperty("workspace").GetString());
        Assert.Equal("profiles/school-f.json", provenance.GetProperty("inputFile").GetString());
        Assert.Equal("policy.json", provenance.GetProperty("policyFile").GetString());
    }

    [Fact]
    public void Init_writes_schema_references_that_resolve_inside_the_workspace_and_its_fixtures_pass()
    {
        using var temp = new TempDir();
        foreach (var demo in new[] { true, false })
        {
            var name = demo ? "with-demo" : "plain";
            Assert.Equal(0, CliRunner.Run(temp.Path, demo ? ["init", name, "--demo"] : ["init", name]).ExitCode);
            var root = temp.Combine(name);
            foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories))
            {
                var document = JsonDocument.Parse(File.ReadAllText(file));
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("$schema", out var schema) && !schema.GetString()!.StartsWith("http", StringComparison.Ordinal))
                {
                    var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, schema.GetString()!));
                    Assert.True(File.Exists(target), $"{Path.GetRelativePath(root, file)}: $schema {schema.GetString()} does not resolve");
                    Assert.StartsWith(root, target, StringComparison.Ordinal);
                }
            }

            var tests = CliRunner.Run(root, "rules", "test");
            Assert.True(tests.ExitCode == 0, tests.ToString());
            Assert.Contains("fixtures: 13 passed, 0 failed", tests.Stdout, StringComparison.Ordinal);
        }

        var again = CliRunner.Run(temp.Path, "init", "plain");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("plain: error PH5006: init: the folder is not empty", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void District_in_a_workspace_reads_its_profiles_policy_and_settings()
    {
        using var temp = new TempDir();
        Assert.Equal(0, CliRunner.Run(temp.Path, "init", "ws", "--demo").ExitCode);
        var root = temp.Combine("ws");
        var settings = Path.Combine(root, "pluginhost.json");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("30\n  ]", "30,\n    40\n  ]", StringComparison.Ordinal));

        var run = CliRunner.Run(root, "district", "--format", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "out", "district", "summary.json"))).RootElement;
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "out", "district", "school-c", "result.json"))).RootElement;
        Assert.Equal([10, 20, 30, 40], result.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("reductionPercent").GetInt32()));
        Assert.Equal("policy.json", result.GetProperty("provenance").GetProperty("policyFile").GetString());
        Assert.Equal(7, summary.GetProperty("coverage").GetProperty("evaluated").GetInt32());

        File.WriteAllText(settings, "{ \"name\": \"x\", \"cuts\": [90] }");
        var bad = CliRunner.Run(root, "district");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("pluginhost.json(1,", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("error PH1008: cuts[0]", bad.Stderr, StringComparison.Ordinal);

        File.WriteAllText(settings, "{ \"name\": \"x\",\n  \"culture\": \"xx-NOPE\" }");
        var culture = CliRunner.Run(root, "district");
        Assert.Equal(1, culture.ExitCode);
        Assert.Contains("pluginhost.json(2,", culture.Stderr, StringComparison.Ordinal);
        Assert.Contains("error PH1008: culture: 'xx-NOPE' is not a known culture", culture.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugins_validate_builds_a_plugin_source_folder_and_plugins_add_installs_and_pins_it_in_the_workspace()
    {
        using var temp = new TempDir();
        var validate = CliRunner.Run(TestPaths.RepositoryRoot, "plugins", "validate", "plugins/PblLabs");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("plugins/PblLabs: plugin 'pbl-labs' 1.0.0 for archetype 'pbl-labs' is valid for contract 1.0", validate.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run(temp.Path, "init", "ws").ExitCode);
        var root = temp.Combine("ws");
        var outside = CliRunner.Run(temp.Path, "plugins", "add", Fixtures.FixturePlugin("RotationModel"));
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("error PH5006: plugins add: no workspace here", outside.Stderr, StringComparison.Ordinal);

        var add = CliRunner.Run(root, "plugins", "add", Fixtures.FixturePlugin("RotationModel"));
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("added plugin 'fixture-rotation-model' 1.0.0 for archetype 'station-rotation' to plugins/RotationModel; pinned in plugins.lock.json", add.Stdout, StringComparison.Ordinal);
        var list = CliRunner.Run(root, "plugins", "list", "--json");
        var rows = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["fixture-rotation-model", "multi-age-co-teaching", "pbl-labs", "standards-based-grading", "team-teaching"], rows.Select(r => r.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("loaded", r.GetProperty("status").GetString()));
    }

    [Fact]
    public void A_schools_saved_package_is_honoured_by_plan_and_named_in_its_memo_and_a_package_naming_an_unknown_item_fails_the_school()
    {
        using var temp = new TempDir();
        Assert.Equal(0, CliRunner.Run(temp.Path, "init", "ws", "--demo").ExitCode);
        var root = temp.Combine("ws");
        Directory.CreateDirectory(Path.Combine(root, "overrides"));
        var package = Path.Combine(root, "overrides", "school-c.json");
        File.WriteAllText(package, "{ \"school\": \"school-c\", \"protect\": [\"c002\"], \"cutFirst\": [\"c-as1\"], \"note\": \"Our AP leads the model.\" }");

        var run = CliRunner.Run(root, "plan", "profiles/school-c.json", "--format", "md,json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "out", "plan", "school-c", "result.json"))).RootElement;
        foreach (var scenario in result.GetProperty("scenarios").EnumerateArray())
        {
            var cuts = scenario.GetProperty("cuts").EnumerateArray().Select(c => c.GetProperty("itemId").GetString()).ToList();
            Assert.DoesNotContain("c002", cuts);
            Assert.Equal("c-as1", cuts[0]);
        }

        Assert.Equal(["Assistant principal"], result.GetProperty("override").GetProperty("protected").EnumerateArray().Select(p => p.GetString()));
        var memo = File.ReadAllText(Path.Combine(root, "out", "plan", "school-c", "memo.md"));
        Assert.Contains("These figures include the school's own cut package: Assistant principal kept out of the cut; After-school clubs cut first, at the school's choice.", memo, StringComparison.Ordinal);
        Assert.Contains("> **The school's own package is applied** (overrides/school-c.json).", memo, StringComparison.Ordinal);

        File.WriteAllText(package, "{ \"school\": \"school-c\", \"protect\": [\"c999\"] }");
        var bad = CliRunner.Run(root, "district", "--format", "json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("overrides/school-c.json: error PH1009: 'c999' is not a position or spending line of School C", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("6 schools written, 1 failed", bad.Stdout, StringComparison.Ordinal);
    }

    private static List<string?> Flags(string result) =>
        JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
}
