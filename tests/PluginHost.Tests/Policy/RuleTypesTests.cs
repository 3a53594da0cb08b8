using PluginHost.Policy;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace PluginHost.Tests.Policy;

/// <summary>
/// Rules are parsed with RulesEngine's types and settings, without its look through every loaded assembly, and first
/// without the System namespace's enumerations: whatever that first parse refuses is parsed as RulesEngine parses it.
/// </summary>
public sealed class RuleTypesTests
{
    private static readonly Type[] Inputs = [typeof(SchoolInput), typeof(PolicyInput), typeof(OutlookInput), typeof(ScenarioInput)];

    [Fact]
    public void The_rule_types_are_those_RulesEngines_own_provider_gives_for_the_same_inputs()
    {
        // RulesEngine's provider adds whatever loaded assembly marks a type for Dynamic LINQ; none does here.
        var theirs = new RulesEngine.CustomTypeProvider(Inputs).GetCustomTypes();
        var ours = new RuleTypes(Inputs).GetCustomTypes();

        Assert.True(theirs.SetEquals(ours), $"only RulesEngine's: {string.Join(", ", theirs.Except(ours))}; only ours: {string.Join(", ", ours.Except(theirs))}");
        Assert.Contains(typeof(SchoolInput), ours);
        Assert.Contains(typeof(RulesEngine.HelperFunctions.ExpressionUtils), ours);
    }

    [Theory]
    [InlineData("policy.LetterGradesRequired && school.StandardsBasedGrading")]
    [InlineData("school.NonStandardPurchaseCount > 0 && (!policy.NonStandardPurchasesAllowed || policy.ProcurementApprovalDays > 30)")]
    [InlineData("school.Archetypes.Any(a => a == \"team-teaching\") && school.RoleFte(\"teacher-leader\") >= 1.5")]
    [InlineData("school.Enrollment > 100 &&")]
    [InlineData("school.Nothing == 1")]
    [InlineData("ExpressionUtils.CheckContains(school.Name, \"a,b\")")]
    [InlineData("System.IO.File.Exists(\"x\")")]
    [InlineData("DateTime.Now.Year > 2000")]
    [InlineData("Math.Round(school.GeneralPerPupil, 0, MidpointRounding.AwayFromZero) > 1000")]
    [InlineData("school.Name.Equals(\"x\", StringComparison.Ordinal)")]
    [InlineData("school.Archetypes.Any(DayOfWeek => DayOfWeek == \"x\") || DayOfWeek.Monday == DayOfWeek.Friday")]
    public void An_expression_parses_to_the_same_tree_or_the_same_error_as_RulesEngines_own_parser(string expression)
    {
        var parameters = RuleCompiler.ParametersFor("PolicyBlockers");
        var settings = new ReSettings { AutoRegisterInputType = false, CustomTypes = Inputs, IsExpressionCaseSensitive = true };

        var theirs = Outcome(() => new RuleExpressionParser(settings).Parse(expression, [.. parameters], typeof(bool)));
        var ours = Outcome(() => RuleCompiler.ParseExpression(expression, parameters, typeof(bool)));

        Assert.Equal(theirs, ours);

        // The tree's text, or the parse error's message (RuleCompiler quotes it in its own).
        static string Outcome(Func<System.Linq.Expressions.Expression> parse)
        {
            try
            {
                return parse().ToString();
            }
            catch (System.Linq.Dynamic.Core.Exceptions.ParseException ex)
            {
                return $"error at {ex.Position}: {ex.Message}";
            }
        }
    }
}
