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

    /// <summary>The shipped sustainability flags, as a board reads them; a workspace's own flag falls back to its key in words.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["startup-above-7-percent"] = "start-up above 7 % of per-pupil funding",
        ["recurring-cost-on-one-time-money"] = "recurring cost on one-time money",
        ["recurring-it-above-share"] = "recurring IT above the report's share",
        ["deficit-after-grant"] = "deficit after the grant ends",
        ["baseline-deficit"] = "deficit with no cut at all",
        ["ratio-already-above-ceiling"] = "ratio already above the ceiling",
        ["ratio-above-ceiling"] = "ratio above the ceiling after a cut",
        ["no-teacher-left"] = "no teacher left after a cut",
        ["design-element-cut"] = "design element cut",
        ["surplus-nearly-gone"] = "surplus nearly gone in five years",
        ["administration-too-thin"] = "administration too thin to last",
        ["technology-refresh-at-risk"] = "technology refresh cut",
    };

    public static string FlagWords(string key) => Flags.TryGetValue(key, out var words) ? words : key.Replace('-', ' ');

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

    /// <summary>
    /// The design elements the shipped rules name, for a school whose own model does not list the element (a district
    /// rule about competency-based progression at a school with no plugin for it); a workspace's own falls back to its
    /// id in words.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Elements { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["competency-based-progression"] = "Competency-based progression",
        ["standards-based-grading-system"] = "Standards-based grading system",
        ["learning-lab-block"] = "Learning lab block",
        ["teacher-leadership"] = "Teacher leadership",
        ["multi-age-grouping"] = "Multi-age grouping",
    };

    /// <summary>A design element in running text: "standards-based grading system"; an element the shipped rules do not name, by its id in words.</summary>
    public static string ElementWords(string id) => (Elements.TryGetValue(id, out var word) ? word : id.Replace('-', ' ')).ToLowerInvariant();

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
        vocabulary["flags"] = ToScript(Flags);
        vocabulary["elements"] = ToScript(Elements);
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
