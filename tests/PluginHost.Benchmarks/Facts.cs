using System.Text.Json;
using PluginHost.Policy;

namespace PluginHost.Benchmarks;

/// <summary>Writes the demo schools' rule inputs, with the blockers PluginHost fires, for the Node.js engines to check and time.</summary>
internal static class Facts
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static int Write(string output)
    {
        var (schools, blockers, blockerSet, _) = Setup.Load();
        var facts = schools.Select(c => new
        {
            school = new
            {
                c.School.Id,
                c.School.CompetencyBasedProgression,
                c.School.StandardsBasedGrading,
                c.School.NonStandardPurchaseCount,
                DesignElementCount = c.School.DesignElements.Count,
                c.School.TeacherLeaderFte,
                c.School.InstructionalSupportFte,
                c.School.ReclassifiedPositions,
                c.School.MultiAgeGrouping,
                c.School.RecurringCostOnOneTimeMoney,
            },
            policy = c.Policy,
            expected = PolicyEvaluator.FirstPass(blockerSet, c, System.Globalization.CultureInfo.InvariantCulture).Blockers.Select(f => f.RuleId).ToList(),
        });
        File.WriteAllText(output, JsonSerializer.Serialize(facts, Options));
        Console.WriteLine($"wrote {schools.Count} schools' facts to {output}");
        return 0;
    }
}
