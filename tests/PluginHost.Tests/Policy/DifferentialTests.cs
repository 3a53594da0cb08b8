using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Policy;
using PluginHost.Tests.Budget;
using PluginHost.Tests.Support;
using RulesEngine.Models;

namespace PluginHost.Tests.Policy;

/// <summary>
/// One rule path, proven equal to RulesEngine's own: every shipped blocker workflow, and generated workflows using
/// And/Or nesting, LocalParams, GlobalParams and Enabled: false, run through PluginHost's product path (the first
/// pass) and through a plain RulesEngine.ExecuteAllRulesAsync over the same typed inputs, for 1,000 generated schools.
/// The fired set must be the same for every school.
/// </summary>
public sealed class DifferentialTests
{
    private const int Schools = 1_000;

    private static readonly string[] Atoms =
    [
        "school.Enrollment > 600", "school.TeacherFte >= 12", "school.StandardsBasedGrading", "policy.LetterGradesRequired",
        "school.GeneralPerPupil > 7000", "school.StipendTotal > 20000", "!policy.StaffingFlexibility", "school.VacantFte > 0",
        "school.InstructionalSupportFte * 2 > school.TeacherFte", "policy.ProcurementApprovalDays >= 60", "school.Archetypes.Count > 0",
    ];

    private static readonly Gen<(SchoolInput School, PolicyInput Policy)> Inputs =
        from profile in SchoolGen.Profile
        from letters in Gen.Bool
        from staffing in Gen.Bool
        from days in Gen.Int[0, 120]
        from sbg in Gen.Bool
        select (
            RuleInputBuilder.School(profile with { Practices = profile.Practices with { StandardsBasedGrading = sbg } }, [], new DateOnly(2017, 7, 1)),
            PolicyInputs.From(new DistrictPolicy
            {
                Name = "generated",
                Grading = new Grading { LetterGradesRequired = letters },
                Flexibilities = new Flexibilities { Staffing = staffing },
                Procurement = new Procurement { ApprovalDays = days },
            }, profile.Id));

    private static readonly Gen<JsonObject> GeneratedRule =
        from shape in Gen.Int[0, 4]
        from a in Gen.OneOf(Atoms)
        from b in Gen.OneOf(Atoms)
        from c in Gen.OneOf(Atoms)
        from threshold in Gen.Int[100, 1500]
        from enabled in Gen.Frequency((5, true), (1, false))
        select shape switch
        {
            0 => Rule($"{a} && ({b} || {c})", enabled),
            1 => Nested("Or", [Rule(a, true), Nested("And", [Rule(b, true), Rule(c, true)], true)], enabled),
            2 => WithLocal(Rule($"size > {threshold}", enabled), "size", "school.Enrollment + school.VacantFte"),
            3 => Rule($"big && {a}", enabled),
            _ => Nested("And", [Rule($"!({a})", true), Rule(b, true)], enabled),
        };

    private static JsonObject Rule(string expression, bool enabled) => new()
    {
        ["RuleName"] = "",
        ["Expression"] = expression,
        ["Enabled"] = enabled,
        ["Properties"] = new JsonObject { ["policy"] = "grading", ["explanation"] = "generated" },
    };

    private static JsonObject Nested(string op, JsonObject[] children, bool enabled)
    {
        var rule = Rule("", enabled);
        rule.Remove("Expression");
        rule["Operator"] = op;
        rule["Rules"] = new JsonArray(children.Select((child, i) =>
        {
            child["RuleName"] = $"part{i}";
            return (JsonNode)child;
        }).ToArray());
        return rule;
    }

    private static JsonObject WithLocal(JsonObject rule, string name, string expression)
    {
        rule["LocalParams"] = new JsonArray(new JsonObject { ["Name"] = name, ["Expression"] = expression });
        return rule;
    }

    [Fact]
    public async Task The_shipped_blockers_and_generated_workflows_fire_exactly_as_RulesEngine_fires_them_for_1000_schools()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        foreach (var name in new[] { "cut-priorities.json", "sustainability-flags.json" })
        {
            File.Delete(Path.Combine(rules, name));
        }

        var generated = new JsonObject
        {
            ["WorkflowName"] = "PolicyBlockers",
            ["GlobalParams"] = new JsonArray(new JsonObject { ["Name"] = "big", ["Expression"] = "school.Enrollment > 900" }),
            ["Rules"] = new JsonArray(GeneratedRule.Array[40].Generate(new PCG(2018), null, out _).Select((r, i) =>
            {
                r["RuleName"] = $"Generated{i:00}";
                return (JsonNode)r;
            }).ToArray()),
        };
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(rules, "policy-blockers.json")))!;
        File.WriteAllText(Path.Combine(rules, "policy-blockers.json"), new JsonArray(shipped, generated).ToJsonString());

        var reader = new JsonInputReader(Path.Combine(rules, "schemas"));
        var load = new RuleSetLoader(reader).Load([new RuleSource(rules, null, "rules")]);
        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        var ruleSet = load.RuleSet!;

        var workflows = Newtonsoft.Json.JsonConvert.DeserializeObject<Workflow[]>(File.ReadAllText(Path.Combine(rules, "policy-blockers.json")))!;
        foreach (var workflow in workflows)
        {
            workflow.WorkflowName = workflow.WorkflowName + (workflow.GlobalParams?.Any() == true ? "-generated" : "-shipped");
        }

        var plain = new RulesEngine.RulesEngine(workflows, new ReSettings { CustomTypes = [typeof(SchoolInput), typeof(PolicyInput)] });
        var disabled = workflows.SelectMany(w => w.Rules).Count(r => !r.Enabled);
        Assert.InRange(disabled, 1, 39);

        var compared = 0;
        foreach (var (school, policy) in Inputs.Array[Schools].Generate(new PCG(42), null, out _))
        {
            var ours = PolicyEvaluator.FirstPass(ruleSet, new RuleContext(school, policy, null), CultureInfo.InvariantCulture).Blockers.Select(b => b.RuleId).Order(StringComparer.Ordinal).ToList();
            var theirs = new List<string>();
            foreach (var workflow in workflows)
            {
                var results = await plain.ExecuteAllRulesAsync(workflow.WorkflowName, new RuleParameter("school", school), new RuleParameter("policy", policy));
                Assert.All(results, r => Assert.True(string.IsNullOrEmpty(r.ExceptionMessage), $"{r.Rule.RuleName}: {r.ExceptionMessage}"));
                theirs.AddRange(results.Where(r => r.IsSuccess).Select(r => r.Rule.RuleName));
            }

            Assert.Equal(theirs.Order(StringComparer.Ordinal), ours);
            compared++;
        }

        Assert.Equal(Schools, compared);
    }
}
