using PluginHost.Budget;
using PluginHost.Diagnostics;

namespace PluginHost.Policy;

/// <summary>The three workflows the host knows, and the pass each runs in.</summary>
internal static class Workflows
{
    public const string CutPriorities = "CutPriorities";
    public const string PolicyBlockers = "PolicyBlockers";
    public const string SustainabilityFlags = "SustainabilityFlags";

    public static IReadOnlyList<string> All { get; } = [CutPriorities, PolicyBlockers, SustainabilityFlags];

    public static bool IsSecondPass(string workflow) => workflow == SustainabilityFlags;
}

internal static class PolicyAreas
{
    public static IReadOnlyList<string> All { get; } =
    [
        "compensation", "seat-time", "grading", "procurement", "budget-flexibility", "staffing-flexibility",
        "position-description-flexibility", "scheduling-flexibility", "grant-dependency",
    ];
}

internal static class Severities
{
    public static IReadOnlyList<string> All { get; } = ["high", "medium", "low"];

    public static int Weight(string severity) => severity switch { "high" => 3, "medium" => 2, _ => 1 };

    public static string Word(int weight) => weight switch { 3 => "high", 2 => "medium", _ => "low" };
}

/// <summary>Where a rule came from, for messages and provenance.</summary>
internal sealed record RuleOrigin(string File, string Key, int? Line, int? Column, string? PluginArchetype)
{
    public Diagnostic Error(string code, string message) => Diagnostic.Error(File, code, message, Line, Column);
}

/// <summary>What a cut-priority rule says about one category.</summary>
internal sealed record CutPriorityProperties(
    string Category,
    int Priority,
    decimal FloorShare,
    IReadOnlyList<string> KeepRoles,
    IReadOnlyList<string> RoleOrder,
    string? Replaces,
    IReadOnlyDictionary<string, decimal> KeepMinimum)
{
    /// <summary>How memos name the category, from the catalog the rule was checked against.</summary>
    public string Label { get => field ?? Category; init; }

    /// <summary>The category's place in that catalog, which breaks ties between equal priorities.</summary>
    public int Rank { get; init; } = int.MaxValue;
}

/// <summary>What a blocker or flag rule says when it fires.</summary>
internal sealed record FindingProperties(
    string Id,
    string Severity,
    string? DesignElement,
    IReadOnlyList<string> Recommendations)
{
    /// <summary>Dollars a year at stake, from the rule's <c>value</c> expression, where it can be computed.</summary>
    public Placeholder? Value { get; init; }

    /// <summary>Who can lift a blocker (<see cref="Owners"/>), and when (<see cref="Timings"/>).</summary>
    public IReadOnlyList<string> LiftedBy { get; init; } = [];

    public string? When { get; init; }
}

/// <summary>Who can act on a blocker or a recommendation, as rules and the catalog name them.</summary>
internal static class Owners
{
    public static IReadOnlyList<string> All { get; } = ["board", "superintendent", "cfo", "union", "principal"];
}

/// <summary>When an action can take effect, as rules and the catalog name it.</summary>
internal static class Timings
{
    public static IReadOnlyList<string> All { get; } = ["now", "before-budget-adoption", "next-fiscal-year", "next-bargaining-cycle"];
}

/// <summary>One rule, compiled and checked, ready to run many times from many threads.</summary>
internal sealed record CompiledRule(
    string Name,
    string Workflow,
    string Expression,
    RuleOrigin Origin,
    Func<RuleContext, bool> Predicate,
    ExplanationTemplate Explanation,
    CutPriorityProperties? CutPriority,
    FindingProperties? Finding)
{
    public bool AppliesTo(SchoolInput school) => Origin.PluginArchetype is not { } archetype || school.HasArchetype(archetype);

    // The rule's own trace lines, made with the rule rather than on a school's first use: a pass reads one of them for
    // every rule and school, and a plain field read is cheaper than a check for null and a call.
    private readonly SharedLines _lines = SharedLines.Of(Name, Workflow, Origin, Explanation);

    /// <summary>The rule as every trace line about it names it.</summary>
    public TracedRule Traced => _lines.Traced;

    /// <summary>The trace line for a school of another archetype, made once per rule rather than once per school.</summary>
    public TraceEntry NotApplicableEntry => _lines.NotApplicable;

    /// <summary>The trace line for a school the rule does not fire for, the same for every such school.</summary>
    public TraceEntry NotFiredEntry => _lines.NotFired;

    /// <summary>The trace line for a school the rule fires for, when its explanation is the same for every school; otherwise null.</summary>
    public TraceEntry? FiredEntry => _lines.Fired;

    /// <summary>What a cut-priority rule puts in a school's cut plan when it fires: the same for every school, so made once.</summary>
    public CategoryPlan? Plan { get; } = CutPriority is { } p
        ? new CategoryPlan(p.Category, p.Priority, p.FloorShare, p.KeepRoles, p.RoleOrder, Name, Origin.Key) { Label = p.Label, KeepMinimum = p.KeepMinimum }
        : null;

    private sealed record SharedLines(TracedRule Traced, TraceEntry NotApplicable, TraceEntry NotFired, TraceEntry? Fired)
    {
        public static SharedLines Of(string name, string workflow, RuleOrigin origin, ExplanationTemplate explanation)
        {
            var traced = new TracedRule(name, workflow, origin.Key, origin.Line);
            return new SharedLines(
                traced,
                new(traced, Outcomes.NotApplicable, $"applies to archetype '{origin.PluginArchetype}' only") { Shared = true },
                new(traced, Outcomes.NotFired, "") { Shared = true },
                explanation.Constant is { } text ? new(traced, Outcomes.Fired, text) { Shared = true } : null);
        }
    }
}
