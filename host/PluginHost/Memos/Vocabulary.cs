using PluginHost.Inputs;
using Scriban.Runtime;

namespace PluginHost.Memos;

/// <summary>Words for ids, so templates can say "Seat time" where the result says "seat-time".</summary>
internal static class Vocabulary
{
    public static IReadOnlyDictionary<string, string> Policies { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["compensation"] = "Compensation",
        ["seat-time"] = "Seat time",
        ["grading"] = "Grading",
        ["procurement"] = "Procurement",
        ["budget-flexibility"] = "Budget flexibility",
        ["staffing-flexibility"] = "Staffing flexibility",
        ["position-description-flexibility"] = "Position-description flexibility",
        ["scheduling-flexibility"] = "Scheduling flexibility",
        ["grant-dependency"] = "Grant dependency",
    };

    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["shortfall"] = "the cuts cannot find the whole amount",
        ["design-element-cut"] = "a design element is cut",
        ["students-per-teacher-above-ceiling"] = "students per teacher rise above the district's ceiling",
        ["no-teachers-left"] = "no teacher is left",
        ["students-per-instructional-staff-above-ceiling"] = "students per instructional adult rise above the district's ceiling for this model",
    };

    /// <summary>What each kind of missing data means for the memo's reader.</summary>
    public static IReadOnlyDictionary<string, string> Missing { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MissingData.NonPersonnel] = "no non-personnel spending (supplies, software, contracts), so only staff can be cut and recurring IT cannot be measured",
        [MissingData.Devices] = "no device counts, so device refresh is not in the five-year plan",
        [MissingData.Startup] = "no start-up funds",
        [MissingData.TeachingStaff] = "no teaching staff",
    };

    public static IReadOnlyDictionary<string, string> Owners { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["board"] = "the board",
        ["superintendent"] = "the superintendent",
        ["cfo"] = "the CFO",
        ["union"] = "the teachers' union, with the district",
        ["principal"] = "the principal",
    };

    public static IReadOnlyDictionary<string, string> Timings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["now"] = "now",
        ["before-budget-adoption"] = "before the budget is adopted",
        ["next-fiscal-year"] = "for the next fiscal year",
        ["next-bargaining-cycle"] = "in the next bargaining cycle",
    };

    public static ScriptObject Build(CategoryCatalog categories)
    {
        var vocabulary = new ScriptObject();
        vocabulary["owners"] = ToScript(Owners);
        vocabulary["timings"] = ToScript(Timings);
        vocabulary["missing"] = ToScript(Missing);
        vocabulary["categories"] = ToScript(categories.Categories.ToDictionary(c => c.Id, c => c.Label, StringComparer.Ordinal));
        vocabulary["policies"] = ToScript(Policies);
        vocabulary["reasons"] = ToScript(Reasons);
        return vocabulary;
    }

    private static ScriptObject ToScript(IReadOnlyDictionary<string, string> words)
    {
        var script = new ScriptObject();
        foreach (var (key, value) in words)
        {
            script[key] = value;
        }

        return script;
    }
}
