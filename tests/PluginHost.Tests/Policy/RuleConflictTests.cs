using System.Text.Json.Nodes;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>Rule-set mistakes an analyst makes: two rules for one category, a broken GlobalParam.</summary>
public sealed class RuleConflictTests
{
    private static (TempDir Temp, string Rules, JsonNode Workflow, string File) CopyRules(string file)
    {
        var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var path = Path.Combine(rules, file);
        return (temp, rules, JsonNode.Parse(File.ReadAllText(path))!, path);
    }

    [Fact]
    public void Two_fired_rules_setting_one_category_without_replaces_is_PH2010_naming_both()
    {
        var (temp, rules, workflow, file) = CopyRules("cut-priorities.json");
        using (temp)
        {
            workflow["Rules"]!.AsArray().Add(new JsonObject
            {
                ["RuleName"] = "TeachersFirstToo",
                ["Expression"] = "true",
                ["Properties"] = new JsonObject { ["category"] = "teaching", ["priority"] = 1 },
            });
            File.WriteAllText(file, workflow.ToJsonString());

            var result = CliRunner.Run(temp.Path, "--rules", rules, "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--out", "out", "--format", "json");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error PH2010: TeachersFirstToo: sets the cut priority of 'teaching' as CutTeachingStaffLast does; add \"replaces\": \"CutTeachingStaffLast\" to the exception rule's Properties", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_GlobalParam_that_does_not_compile_names_the_workflow_and_the_param()
    {
        var (temp, rules, workflow, file) = CopyRules("policy-blockers.json");
        using (temp)
        {
            workflow["GlobalParams"] = new JsonArray(new JsonObject { ["Name"] = "large", ["Expression"] = "school.Enrolment > 500" });
            File.WriteAllText(file, workflow.ToJsonString());

            var result = CliRunner.Run(temp.Path, "--rules", rules, "rules", "check");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error PH2003: workflow 'PolicyBlockers': GlobalParams: 'large': expression does not compile: ", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("Enrolment", result.Stderr, StringComparison.Ordinal);
        }
    }
}
