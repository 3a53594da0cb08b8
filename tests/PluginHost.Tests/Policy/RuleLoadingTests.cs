using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Tests.Support;
using RulesEngine.Models;

namespace PluginHost.Tests.Policy;

/// <summary>rules check: every error at once, with file, line, rule and problem; hostile expressions refused at load.</summary>
public sealed class RuleLoadingTests
{
    private static string CopyRules(TempDir temp)
    {
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        return rules;
    }

    private static void AddRules(string rules, string workflow, params (string Name, string Expression)[] entries)
    {
        var document = new JsonObject
        {
            ["WorkflowName"] = workflow,
            ["Rules"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
            {
                ["RuleName"] = e.Name,
                ["Expression"] = e.Expression,
                ["Properties"] = workflow == "SustainabilityFlags"
                    ? new JsonObject { ["flag"] = "test", ["explanation"] = "test" }
                    : new JsonObject { ["policy"] = "grading", ["explanation"] = "test" },
            })]),
        };
        File.WriteAllText(Path.Combine(rules, "extra.json"), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public void The_shipped_rules_compile()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "rules", "check");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^33 rules in 8 files compiled; rule set [0-9a-f]{12}$", result.Stdout.Trim());
    }

    [Fact]
    public void A_broken_expression_is_named_by_file_line_rule_and_problem_and_the_member_it_most_likely_meant()
    {
        using var temp = new TempDir();
        var rules = CopyRules(temp);
        var file = Path.Combine(rules, "policy-blockers.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("policy.LetterGradesRequired && school.StandardsBasedGrading", "policy.LetterGradesRequired && school.StandardsBasedGradin", StringComparison.Ordinal));

        var result = CliRunner.Run(temp.Path, "--rules", rules, "rules", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "rules/policy-blockers.json(23,5): error PH2003: LetterGradesBlockStandardsBasedGrading: expression does not compile: No property or field 'StandardsBasedGradin' exists in type 'SchoolInput' (did you mean 'StandardsBasedGrading'?) (in \"policy.LetterGradesRequired && school.StandardsBasedGradin\"; inputs available: school, policy)",
            result.Stderr.Trim());
        Assert.Equal("1 error in 8 rule files", result.Stdout.Trim());
    }

    [Fact]
    public void Every_error_is_reported_at_once_not_just_the_first()
    {
        using var temp = new TempDir();
        var rules = CopyRules(temp);
        AddRules(rules, "PolicyBlockers", ("First", "school.Nope > 1"), ("Second", "policy.Nope"), ("CutAdministrativeStaffingFirst", "true"));

        var result = CliRunner.Run(temp.Path, "--rules", rules, "rules", "check");
        var lines = result.Stderr.Trim().Split('\n');

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("rules/extra.json(4,5): error PH2003: First: expression does not compile: No property or field 'Nope' exists in type 'SchoolInput'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("rules/extra.json(12,5): error PH2003: Second: expression does not compile: No property or field 'Nope' exists in type 'PolicyInput'", lines[1], StringComparison.Ordinal);
        Assert.Equal("rules/extra.json(20,5): error PH2005: CutAdministrativeStaffingFirst: rule name is already defined at rules/cut-priorities.json(5,5); rename one of them (a plugin cannot silently override a district rule)", lines[2]);
    }

    [Theory]
    [InlineData("ReadsAssemblyLocation", "school.GetType().Assembly.Location != null", "PH2004", "method 'System.Object.GetType' is not allowed")]
    [InlineData("ReadsTheClock", "DateTime.Now.Year > 2000", "PH2004", "member 'System.DateTime.Now' is not allowed")]
    [InlineData("ReadsTheUtcClock", "DateTime.UtcNow > DateTime.MinValue", "PH2004", "member 'System.DateTime.UtcNow' is not allowed")]
    [InlineData("ReadsAFile", "System.IO.File.Exists(\"/etc/passwd\")", "PH2003", "Unknown identifier 'System'")]
    [InlineData("StartsAProcess", "System.Diagnostics.Process.Start(\"sh\") != null", "PH2003", "Unknown identifier 'System'")]
    [InlineData("ReadsTheEnvironment", "Environment.GetEnvironmentVariable(\"HOME\") != null", "PH2003", "Unknown identifier 'Environment'")]
    [InlineData("GeneratesAHugeRange", "Enumerable.Range(0, 2000000000).Count() > 0", "PH2004", "method 'System.Linq.Enumerable.Range' is not allowed")]
    [InlineData("RepeatsForever", "Enumerable.Repeat(1, 2000000000).Sum() > 0", "PH2004", "method 'System.Linq.Enumerable.Repeat' is not allowed")]
    [InlineData("MakesAGuid", "Guid.NewGuid() != Guid.Empty", "PH2004", "method 'System.Guid.NewGuid' is not allowed")]
    [InlineData("ReadsTheClockInAnExplanation", "true", "PH2004", "ReadsTheClockInAnExplanation: explanation: expression refused: ")]
    public void A_hostile_expression_is_refused_at_load_by_rule_name(string rule, string expression, string code, string reason)
    {
        using var temp = new TempDir();
        var rules = CopyRules(temp);
        AddRules(rules, "PolicyBlockers", (rule, expression));
        if (rule == "ReadsTheClockInAnExplanation")
        {
            var extra = Path.Combine(rules, "extra.json");
            File.WriteAllText(extra, File.ReadAllText(extra).Replace("\"explanation\": \"test\"", "\"explanation\": \"today is {DateTime.Now.Day}\"", StringComparison.Ordinal));
        }

        var result = CliRunner.Run(temp.Path, "--rules", rules, "rules", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"rules/extra.json(4,5): error {code}: {rule}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_RulesEngine_accepts_reflection_and_the_clock_which_is_why_ours_checks_every_tree()
    {
        var workflow = new Workflow
        {
            WorkflowName = "plain",
            Rules = [new Rule { RuleName = "Escapes", Expression = "input1.GetType().Assembly.Location != null && DateTime.Now.Year > 2000" }],
        };
        var engine = new RulesEngine.RulesEngine([workflow], new ReSettings());

        var results = await engine.ExecuteAllRulesAsync("plain", new { Enrollment = 100 });

        Assert.True(results[0].IsSuccess, results[0].ExceptionMessage);
    }

    [Fact]
    public void A_rule_that_throws_while_evaluating_is_reported_as_errored_never_as_false()
    {
        using var temp = new TempDir();
        var rules = CopyRules(temp);
        AddRules(rules, "SustainabilityFlags", ("DividesByZero", "outlook.StartupTotal / (outlook.StartupTotal - outlook.StartupTotal) > 1"));

        var result = CliRunner.Run(temp.Path, "--rules", rules, "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--out", temp.Combine("out"), "--format", "md,json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rules/extra.json(4,5): error PH2006: DividesByZero: rule errored for school 'school-g' and was not applied: DivideByZeroException: Attempted to divide by zero.", result.Stderr, StringComparison.Ordinal);
        var trace = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "school-g", "result.json"))).RootElement.GetProperty("trace");
        var entry = trace.EnumerateArray().Single(t => t.GetProperty("ruleId").GetString() == "DividesByZero");
        Assert.Equal("errored", entry.GetProperty("outcome").GetString());
        Assert.Contains("| `DividesByZero` | SustainabilityFlags | errored | DivideByZeroException: Attempted to divide by zero. |", File.ReadAllText(temp.Combine("out", "school-g", "memo.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_threshold_in_a_copy_of_the_rules_changes_plan_output()
    {
        using var temp = new TempDir();
        var rules = CopyRules(temp);
        var flags = Path.Combine(rules, "sustainability-flags.json");
        File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.01", StringComparison.Ordinal));
        var profile = Path.Combine(TestPaths.DemoDistrict, "school-f.json");

        var before = CliRunner.Run(temp.Path, "plan", profile, "--out", temp.Combine("before"), "--format", "json");
        var after = CliRunner.Run(temp.Path, "--rules", rules, "plan", profile, "--out", temp.Combine("after"), "--format", "json");

        static IEnumerable<string?> Flags(string path) =>
            JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString());
        Assert.DoesNotContain("RecurringItAboveShare", Flags(temp.Combine("before", "school-f", "result.json")));
        Assert.Contains("RecurringItAboveShare", Flags(temp.Combine("after", "school-f", "result.json")));
        var explanation = JsonDocument.Parse(File.ReadAllText(temp.Combine("after", "school-f", "result.json"))).RootElement.GetProperty("flags").EnumerateArray()
            .Single(f => f.GetProperty("ruleId").GetString() == "RecurringItAboveShare").GetProperty("explanation").GetString();
        Assert.Equal("Recurring IT, device refresh included, is 1.7 % of expense in year four; the report's schools were near 2 %.", explanation);
    }
}
