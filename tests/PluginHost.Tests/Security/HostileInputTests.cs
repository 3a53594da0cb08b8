using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Security;

/// <summary>
/// What a hostile or careless analyst can put in a rule, a profile, a template or an output folder. Every case must
/// end in a documented PH error or a per-school failure within seconds: no hang, no stack trace, nothing written
/// outside --out, and the other schools of a batch still written. Keep adding cases.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly string Policy = Path.Combine(TestPaths.DemoDistrict, "district-policy.json");

    private static JsonNode SchoolG()
    {
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json")))!;
        profile.AsObject().Remove("$schema");
        return profile;
    }

    private static void AssertNoStackTrace(CliResult result)
    {
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", result.Stdout, StringComparison.Ordinal);
    }

    private static CliResult Timed(Func<CliResult> run, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        var result = run();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        AssertNoStackTrace(result);
        return result;
    }

    public static TheoryData<string, string> HostileRules => new()
    {
        { "deep-parentheses", "expression nests 900 levels of brackets; the limit is 12" },
        { "long-and-chain", "expression is 79,996 characters long; the limit is 2,000" },
        { "nested-lambdas", "expression nests 3 lambdas ('=>') inside each other; the limit is 2" },
        { "setter", "method 'PluginHost.Policy.SchoolInput.set_Enrollment' is not allowed" },
        { "doubling-concatenation", "method 'System.String.Concat' is not allowed" },
        { "too-many-params", "17 GlobalParams and LocalParams; the limit is 16" },
    };

    [Fact]
    public void Rules_that_would_hang_overflow_or_exhaust_the_machine_are_refused_at_load_each_by_name()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var blockers = Path.Combine(rules, "policy-blockers.json");
        var workflow = JsonNode.Parse(File.ReadAllText(blockers))!;
        foreach (var (name, _) in HostileRules.Select(r => ((string)r[0], (string)r[1])))
        {
            workflow["Rules"]!.AsArray().Add(Hostile(workflow["Rules"]![0]!.DeepClone(), name));
        }

        File.WriteAllText(blockers, workflow.ToJsonString());

        var check = Timed(() => CliRunner.Run(temp.Path, "--rules", rules, "rules", "check"));

        Assert.Equal(1, check.ExitCode);
        foreach (var (name, expected) in HostileRules.Select(r => ((string)r[0], (string)r[1])))
        {
            Assert.Matches($@"policy-blockers\.json\(\d+,\d+\): error PH200[34]: Hostile-{name}: .*{System.Text.RegularExpressions.Regex.Escape(expected)}", check.Stderr);
        }

        Assert.EndsWith("6 errors in 8 rule files", check.Stdout.Trim(), StringComparison.Ordinal);
    }

    private static JsonNode Hostile(JsonNode rule, string name)
    {
        rule["RuleName"] = $"Hostile-{name}";
        switch (name)
        {
            case "deep-parentheses":
                // Under the length limit, so the nesting limit is what stops it before the parser recurses.
                rule["Expression"] = new string('(', 900) + "true" + new string(')', 900);
                break;
            case "long-and-chain":
                rule["Expression"] = string.Join(" && ", Enumerable.Repeat("true", 10_000));
                break;
            case "nested-lambdas":
                rule["Expression"] = "school.Archetypes.Any(a => school.Archetypes.Any(b => school.Archetypes.Any(c => c == a)))";
                break;
            case "setter":
                rule["LocalParams"] = new JsonArray(new JsonObject { ["Name"] = "x", ["Expression"] = "school.set_Enrollment(1)" });
                rule["Expression"] = "true";
                break;
            case "doubling-concatenation":
                rule["LocalParams"] = new JsonArray(Enumerable.Range(1, 10).Select(i => (JsonNode)new JsonObject
                {
                    ["Name"] = $"s{i}",
                    ["Expression"] = i == 1 ? "school.Name + school.Name" : $"s{i - 1} + s{i - 1}",
                }).ToArray());
                rule["Expression"] = "s10.Length > 0";
                break;
            case "too-many-params":
                rule["LocalParams"] = new JsonArray(Enumerable.Range(1, 17).Select(i => (JsonNode)new JsonObject { ["Name"] = $"p{i}", ["Expression"] = "1" }).ToArray());
                rule["Expression"] = "true";
                break;
        }

        return rule;
    }

    [Fact]
    public void An_unsafe_school_id_never_becomes_a_path_even_when_the_schema_allows_it()
    {
        string[] ids = ["../../escaped", "/tmp/pluginhost-absolute", "..", "", "school\n", "UPPER"];
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var schema = Path.Combine(rules, "schemas", "school-profile.schema.json");
        File.WriteAllText(schema, File.ReadAllText(schema).Replace("\"pattern\": \"^[a-z0-9][a-z0-9-]*$\", ", "", StringComparison.Ordinal)
            .Replace("\"id\": { \"$ref\": \"#/definitions/id\" },", "\"id\": { \"type\": \"string\" },", StringComparison.Ordinal));
        Directory.CreateDirectory(temp.Combine("schools"));
        for (var i = 0; i < ids.Length; i++)
        {
            var profile = SchoolG();
            profile["id"] = ids[i];
            File.WriteAllText(temp.Combine("schools", $"school-{i}.json"), profile.ToJsonString());
        }

        var result = Timed(() => CliRunner.Run(temp.Path, "--rules", rules, "district", "schools", "--policy", Policy, "--out", "out", "--format", "json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(ids.Length, result.Stderr.Split('\n').Count(l => l.Contains("error PH1002: id: '", StringComparison.Ordinal) && l.Contains("cannot name the school's output folder", StringComparison.Ordinal)));
        Assert.Equal(ids.Length, JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "failures.json"))).RootElement.GetArrayLength());
        Assert.Empty(Directory.EnumerateDirectories(temp.Combine("out")));
        Assert.False(Directory.Exists("/tmp/pluginhost-absolute"));
        Assert.False(Directory.Exists(Path.GetFullPath(Path.Combine(temp.Path, "..", "..", "escaped"))));
    }

    [Fact]
    public void Two_profiles_with_one_id_never_overwrite_each_other()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("schools"));
        var first = SchoolG();
        var second = SchoolG();
        second["name"] = "An impostor";
        File.WriteAllText(temp.Combine("schools", "a.json"), first.ToJsonString());
        File.WriteAllText(temp.Combine("schools", "b.json"), second.ToJsonString());

        var result = Timed(() => CliRunner.Run(temp.Path, "district", "schools", "--policy", Policy, "--out", "out", "--format", "json", "--parallel", "1"));

        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "failures.json"))).RootElement.EnumerateArray());
        Assert.Equal("schools/b.json", failure.GetProperty("file").GetString());
        Assert.Contains("id: 'school-g' is also the id of schools/a.json", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("School G", JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "school-g", "result.json"))).RootElement.GetProperty("school").GetProperty("name").GetString());
    }

    [Fact]
    public void Each_malformed_profile_is_one_named_failure_and_the_district_goes_on()
    {
        (string Name, string Code, Func<string, string> Break)[] cases =
        [
            ("nan", "PH1001", t => ReplaceGeneral(t, "\"general\": NaN")),
            ("infinity", "PH1001", t => ReplaceGeneral(t, "\"general\": Infinity")),
            ("huge-money", "PH1002", t => ReplaceGeneral(t, "\"general\": 1e308")),
            ("huge-count", "PH1002", t => System.Text.RegularExpressions.Regex.Replace(t, "\"students\": \\d+", "\"students\": 2147483648")),
            ("single-quotes", "PH1001", t => ReplaceGeneral(t, "'general': 5569000")),
            ("duplicate-key", "PH1001", t => ReplaceGeneral(t, "\"general\": 5569000, \"general\": 1")),
            ("comment", "PH1001", t => ReplaceGeneral(t, "/* note */ \"general\": 5569000")),
            ("trailing-comma", "PH1001", t => System.Text.RegularExpressions.Regex.Replace(t, "\"grants\": \\[[^\\]]*\\]", m => m.Value.Replace("]", ",]", StringComparison.Ordinal))),
        ];
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("schools"));
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "school-a.json"), temp.Combine("schools", "school-a.json"));
        var text = File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json"));
        foreach (var (name, _, breakIt) in cases)
        {
            var broken = breakIt(text);
            Assert.NotEqual(text, broken);
            File.WriteAllText(temp.Combine("schools", $"bad-{name}.json"), broken);
        }

        var result = Timed(() => CliRunner.Run(temp.Path, "district", "schools", "--policy", Policy, "--out", "out", "--format", "md,json"));

        Assert.Equal(1, result.ExitCode);
        foreach (var (name, code, _) in cases)
        {
            Assert.Matches($@"schools/bad-{name}\.json\(\d+,\d+\): error {code}:", result.Stderr);
        }

        Assert.True(File.Exists(temp.Combine("out", "school-a", "memo.md")));
        var failures = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "failures.json"))).RootElement.EnumerateArray().Select(f => f.GetProperty("file").GetString()).ToList();
        Assert.Equal(cases.Select(c => $"schools/bad-{c.Name}.json").Order(StringComparer.Ordinal), failures);
        Assert.True(JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "run.json"))).RootElement.GetProperty("complete").GetBoolean());
    }

    private static string ReplaceGeneral(string text, string replacement) =>
        text.Replace(System.Text.RegularExpressions.Regex.Match(text, "\"general\": \\d+").Value, replacement, StringComparison.Ordinal);

    [Fact]
    public void An_output_folder_that_is_a_file_is_refused_before_any_school_runs()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("out"), "not a folder");

        var result = Timed(() => CliRunner.Run(temp.Path, "district", TestPaths.DemoDistrict, "--out", "out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("out: error PH5003: --out: cannot write there (it is a file, not a folder); choose a folder you can write to", result.Stderr.Trim());
    }

    [Fact]
    public void A_rerun_removes_what_the_last_run_wrote_and_the_temp_files_a_killed_run_left()
    {
        using var temp = new TempDir();
        TempDir.Copy(TestPaths.DemoDistrict, temp.Combine("schools"));
        Assert.Equal(0, CliRunner.Run(temp.Path, "district", "schools", "--out", "out", "--format", "json").ExitCode);
        File.Delete(temp.Combine("schools", "school-b.json"));
        File.WriteAllText(temp.Combine("out", "school-a", ".memo.md.0123.tmp"), "half a memo");
        File.WriteAllText(temp.Combine("out", "notes.txt"), "the CFO's notes");

        var again = Timed(() => CliRunner.Run(temp.Path, "district", "schools", "--out", "out", "--format", "json"));

        Assert.Equal(0, again.ExitCode);
        Assert.False(Directory.Exists(temp.Combine("out", "school-b")));
        Assert.Empty(Directory.EnumerateFiles(temp.Combine("out"), "*.tmp", SearchOption.AllDirectories));
        Assert.Equal("the CFO's notes", File.ReadAllText(temp.Combine("out", "notes.txt")));
        var run = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "run.json"))).RootElement;
        Assert.True(run.GetProperty("complete").GetBoolean());
        Assert.Contains("school-a/result.json", run.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void A_template_cannot_produce_a_live_script_link_or_image_and_a_broken_chart_block_fails_nothing()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("templates", "partials"));
        File.WriteAllText(temp.Combine("templates", "partials", "summary.sbn"), """
            ## 1. Summary

            [click](javascript:alert(1)) ![img](javascript:alert(2)) <javascript:alert(3)> [ref][r] [ok](https://example.org/x) [rel](../school-a/memo.html)

            [r]: javascript:alert(4)

            ```chart
            no-such-chart
            ```

            ```chart
            {"not": "a chart"
            ```

            """);

        var result = Timed(() => CliRunner.Run(temp.Path, "--templates", temp.Combine("templates"), "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--out", "out", "--format", "md,html"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var html = File.ReadAllText(temp.Combine("out", "school-g", "memo.html"));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(" on[a-z]+=", html);
        Assert.Contains("href=\"https://example.org/x\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"../school-a/memo.html\"", html, StringComparison.Ordinal);
        Assert.Contains("Chart not available", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_symlinked_out_of_its_folder_is_not_read()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("templates", "partials"));
        File.CreateSymbolicLink(temp.Combine("templates", "partials", "summary.sbn"), "/etc/passwd");

        var result = Timed(() => CliRunner.Run(temp.Path, "--templates", temp.Combine("templates"), "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--out", "out", "--format", "md"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var memo = File.ReadAllText(temp.Combine("out", "school-g", "memo.md"));
        Assert.DoesNotContain("root:", memo, StringComparison.Ordinal);
        Assert.Contains("## 1. Summary", memo, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_and_bidi_characters_in_a_name_reach_no_memo_csv_or_terminal()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("schools"));
        var profile = SchoolG();
        profile["name"] = "Evil\u0000\u001b[31mSchool\u202Egnp.exe";
        profile["positions"]![0]!["salary"] = -1;
        File.WriteAllText(temp.Combine("schools", "school-g.json"), profile.ToJsonString());
        var good = SchoolG();
        good["name"] = "Evil\u0000\u001b[31mSchool\u202Egnp.exe";
        good["id"] = "school-h";
        File.WriteAllText(temp.Combine("schools", "school-h.json"), good.ToJsonString());

        var result = Timed(() => CliRunner.Run(temp.Path, "district", "schools", "--policy", Policy, "--out", "out", "--format", "md,html,json"));

        foreach (var text in new[] { result.Stdout, result.Stderr, File.ReadAllText(temp.Combine("out", "school-h", "memo.md")), File.ReadAllText(temp.Combine("out", "summary.csv")) })
        {
            Assert.DoesNotContain('\u0000', text);
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain('\u202E', text);
        }

        Assert.Contains("Evil[31mSchoolgnp.exe", File.ReadAllText(temp.Combine("out", "school-h", "memo.md")).Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_throws_for_every_school_of_a_50_school_district_is_errored_for_each_and_every_memo_is_written()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var flags = Path.Combine(rules, "sustainability-flags.json");
        var workflow = JsonNode.Parse(File.ReadAllText(flags))!;
        var rule = workflow["Rules"]![0]!.DeepClone();
        rule["RuleName"] = "DividesByZero";
        rule["Expression"] = "outlook.StartupTotal / (outlook.StartupTotal - outlook.StartupTotal) > 1";
        workflow["Rules"]!.AsArray().Add(rule);
        File.WriteAllText(flags, workflow.ToJsonString());
        Directory.CreateDirectory(temp.Combine("schools"));
        for (var i = 0; i < 50; i++)
        {
            var profile = SchoolG();
            profile["id"] = $"school-{i:00}";
            File.WriteAllText(temp.Combine("schools", $"school-{i:00}.json"), profile.ToJsonString());
        }

        var result = Timed(() => CliRunner.Run(temp.Path, "--rules", rules, "district", "schools", "--policy", Policy, "--out", "out", "--format", "md,json"), seconds: 60);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(50, Directory.EnumerateFiles(temp.Combine("out"), "memo.md", SearchOption.AllDirectories).Count());
        Assert.Equal(50, result.Stderr.Split('\n').Count(l => l.Contains("error PH2006: DividesByZero: rule errored for school", StringComparison.Ordinal)));
        var trace = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "school-07", "result.json"))).RootElement.GetProperty("trace");
        Assert.Contains(trace.EnumerateArray(), t => t.GetProperty("ruleId").GetString() == "DividesByZero" && t.GetProperty("outcome").GetString() == "errored");
    }
}
