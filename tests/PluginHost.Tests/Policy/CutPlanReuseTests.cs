using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Policy;
using PluginHost.Tests.Budget;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>
/// A cut plan is resolved once per set of fired cut-priority rules and reused for every school that fires the same
/// set. Reuse must change nothing: on generated cut-priority workflows (rules that conflict, rules that replace
/// others, rules that fire only for some schools), every school's plan, trace and errors equal a fresh resolution's.
/// </summary>
public sealed class CutPlanReuseTests
{
    private static readonly string[] Categories = ["administrative", "non-personnel", "operations", "after-school-elective", "instructional-support", "teaching"];

    private static readonly string[] Conditions =
    [
        "true", "school.Enrollment > 600", "school.TeacherFte >= 12", "school.StipendTotal > 20000", "school.VacantFte > 0", "!policy.StaffingFlexibility",
    ];

    [Fact]
    public void A_reused_cut_plan_gives_every_school_what_a_fresh_resolution_gives()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var workflow = new JsonObject { ["WorkflowName"] = "CutPriorities", ["Rules"] = new JsonArray() };
        var random = new Random(2018);
        for (var i = 0; i < 14; i++)
        {
            var properties = new JsonObject
            {
                ["category"] = Categories[random.Next(Categories.Length)],
                ["priority"] = random.Next(1, 5),
                ["explanation"] = $"generated rule {i}",
            };
            if (i > 0 && random.Next(3) == 0)
            {
                properties["replaces"] = $"Cut{random.Next(i):00}";
            }

            workflow["Rules"]!.AsArray().Add(new JsonObject { ["RuleName"] = $"Cut{i:00}", ["Expression"] = Conditions[random.Next(Conditions.Length)], ["Properties"] = properties });
        }

        File.WriteAllText(Path.Combine(rules, "cut-priorities.json"), workflow.ToJsonString());
        var reader = new JsonInputReader(Path.Combine(rules, "schemas"));
        var reused = Load(reader, rules);
        var fresh = Load(reader, rules);

        var schools = 0;
        var conflicted = 0;
        var replaced = 0;
        foreach (var profile in SchoolGen.Profile.Array[400].Generate(new PCG(7), null, out _))
        {
            var context = new RuleContext(RuleInputBuilder.School(profile, [], new DateOnly(2017, 7, 1)),
                PolicyInputs.From(new DistrictPolicy { Name = "generated", Flexibilities = new Flexibilities { Staffing = schools % 2 == 0 } }, profile.Id), null);
            fresh.ResolvedCutPlans.Clear();
            var expected = PolicyEvaluator.FirstPass(fresh, context, CultureInfo.InvariantCulture);
            var actual = PolicyEvaluator.FirstPass(reused, context, CultureInfo.InvariantCulture);

            Assert.Equal(expected.Plan.Categories.Select(c => (c.RuleId, c.Category, c.Priority)), actual.Plan.Categories.Select(c => (c.RuleId, c.Category, c.Priority)));
            Assert.Equal(expected.Trace, actual.Trace);
            Assert.Equal(expected.Errors.Select(e => e.ToString()), actual.Errors.Select(e => e.ToString()));
            conflicted += expected.Errors.Count > 0 ? 1 : 0;
            replaced += expected.Trace.Any(t => t.Outcome == Outcomes.Replaced) ? 1 : 0;
            schools++;
        }

        Assert.Equal(400, schools);
        Assert.InRange(reused.ResolvedCutPlans.Count, 2, 399);
        Assert.True(conflicted > 0 && replaced > 0, $"conflicts in {conflicted} schools, replacements in {replaced}: the generated rules test neither");
    }

    private static RuleSet Load(JsonInputReader reader, string rules)
    {
        var load = new RuleSetLoader(reader).Load([new RuleSource(rules, null, "rules")]);
        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        return load.RuleSet!;
    }
}
