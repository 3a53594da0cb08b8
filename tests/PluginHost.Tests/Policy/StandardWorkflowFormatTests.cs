using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>Files in RulesEngine's own workflow format load unchanged: a list of workflows, nested rules, LocalParams.</summary>
public sealed class StandardWorkflowFormatTests
{
    [Fact]
    public void A_list_of_workflows_with_nested_rules_and_local_params_loads_and_evaluates()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        File.WriteAllText(Path.Combine(rules, "standard-format.json"), """
            [
              {
                "WorkflowName": "PolicyBlockers",
                "Rules": [
                  {
                    "RuleName": "LargeSchoolWithoutPilotSeat",
                    "SuccessEvent": "blocked",
                    "ErrorMessage": "not blocked",
                    "RuleExpressionType": "LambdaExpression",
                    "Operator": "AndAlso",
                    "Rules": [
                      { "RuleName": "IsLarge", "Expression": "school.Enrollment > 500" },
                      {
                        "RuleName": "HasNoSeat",
                        "LocalParams": [ { "Name": "seats", "Expression": "policy.CompetencyPilotSeats" } ],
                        "Expression": "seats > 0 && !policy.SchoolInCompetencyPilot"
                      }
                    ],
                    "Properties": {
                      "policy": "seat-time",
                      "severity": "low",
                      "recommendations": ["REC-SEAT-TIME-GRADING"],
                      "explanation": "{school.Enrollment:int} students as of {school.AsOf:text}, and none of the {policy.CompetencyPilotSeats:int} pilot seats."
                    }
                  }
                ]
              }
            ]
            """);

        var result = CliRunner.Run(temp.Path, "--rules", rules, "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--out", temp.Combine("out"), "--format", "json", "--as-of", "2017-09-01");

        Assert.True(result.ExitCode == 0, result.ToString());
        var blocker = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "school-g", "result.json"))).RootElement.GetProperty("blockers").EnumerateArray()
            .Single(b => b.GetProperty("ruleId").GetString() == "LargeSchoolWithoutPilotSeat");
        Assert.Equal("800 students as of 2017-09-01, and none of the 6 pilot seats.", blocker.GetProperty("explanation").GetString());
        Assert.Equal("rules/standard-format.json", blocker.GetProperty("file").GetString());
    }

    [Fact]
    public void WorkflowsToInject_is_refused_with_a_reason()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        File.WriteAllText(Path.Combine(rules, "inject.json"), """
            { "WorkflowName": "PolicyBlockers", "WorkflowsToInject": ["CutPriorities"], "Rules": [ { "RuleName": "X", "Expression": "true" } ] }
            """);

        var result = CliRunner.Run(temp.Path, "--rules", rules, "rules", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("rules/inject.json(1,1): error PH2002: workflow 'PolicyBlockers': WorkflowsToInject is not supported; put shared conditions in GlobalParams", result.Stderr.Trim());
    }
}
