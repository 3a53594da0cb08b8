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
    IReadOnlyDictionary<string, decimal> KeepMinimum);

/// <summary>What a blocker or flag rule says when it fires.</summary>
internal sealed record FindingProperties(
    string Id,
    string Severity,
    string? DesignElement,
    IReadOnlyList<string> Recommendations);

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
}
