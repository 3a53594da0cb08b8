using PluginHost.Budget;
using PluginHost.Contracts;
using PluginHost.Policy;

namespace PluginHost.Evaluation;

// The one result model: result.json is this, serialised; memos are rendered from the same JSON.
// docs/result-format.md describes every field.

internal sealed record SchoolResult
{
    public int SchemaVersion { get; init; } = 1;
    public required SchoolSummary School { get; init; }
    public required Provenance Provenance { get; init; }
    public required ModelSection Model { get; init; }
    public required IReadOnlyList<CutOrderEntry> CutOrder { get; init; }
    public required RatioSet RatiosBefore { get; init; }
    public required FiveYearPlan BaselinePlan { get; init; }
    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }
    public required IReadOnlyList<GrantDependency> GrantDependencies { get; init; }
    public required StartupResult Startup { get; init; }
    public required IReadOnlyList<BlockerEntry> Blockers { get; init; }
    public required IReadOnlyList<FlagEntry> Flags { get; init; }
    public required IReadOnlyList<RecommendationEntry> Recommendations { get; init; }
    public required IReadOnlyList<TraceEntry> Trace { get; init; }
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>The school's own cut package, when one was applied (null: the rules' order alone).</summary>
    public OverrideSection? Override { get; init; }
}

/// <summary>What the school's saved package changed: items kept out of every cut and items cut first, by name.</summary>
internal sealed record OverrideSection(string File, IReadOnlyList<string> Protected, IReadOnlyList<string> CutFirst, string? Note);

/// <param name="MissingData">What the data behind the profile lacks (<see cref="Inputs.MissingData"/>): stated in the memo where it matters.</param>
/// <param name="JudgedRatio">The ratio the model is judged on at a cut; <paramref name="Ceiling"/> is the district's limit for it, if any.</param>
/// <param name="InsufficientData">No teaching staff on record: ratios and verdicts would be meaningless, so the memo says what to supply instead.</param>
internal sealed record SchoolSummary(string Id, string Name, int FiscalYear, int Enrollment, IReadOnlyList<string> Archetypes, bool IllustrativeData, bool BalancedBudgetAssumed, decimal GeneralFunding, decimal RestrictedFunding,
    IReadOnlyList<string> MissingData, bool InsufficientData, string JudgedRatio, decimal? Ceiling);

internal sealed record Provenance(
    string Tool,
    string ToolVersion,
    string RuleSetHash,
    IReadOnlyList<string> RuleFiles,
    IReadOnlyList<PluginProvenance> Plugins,
    string InputFile,
    string Policy,
    string? PolicyFile,
    string AsOf,
    string Culture,
    string? Workspace = null);

internal sealed record PluginProvenance(string Id, string Archetype, string Version, string ContractVersion, string Sha256);

internal sealed record ModelSection(IReadOnlyList<ArchetypeSection> Archetypes, IReadOnlyList<DesignElementEntry> DesignElements);

internal sealed record ArchetypeSection(string Id, string Name, string Description, string Status, string? Problem, IReadOnlyList<ArchetypeMetric> Metrics, IReadOnlyList<ProfileFinding> Findings);

internal sealed record DesignElementEntry(string Id, string Name, string Source, bool Protected, IReadOnlyList<string> Roles, IReadOnlyList<string> SpendingKinds, int? FirstCutThatHitsIt);

internal sealed record CutOrderEntry(int Priority, string Category, string Label, decimal FloorShare, IReadOnlyList<string> KeepRoles, IReadOnlyList<string> RoleOrder, string RuleId, string RuleFile)
{
    // Made once per cut plan: the schools a plan serves are given one list (see CutPlan.Shared).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Budget.CutPlan, CutOrderList> OfPlan = new();

    /// <summary>The cut order a plan sets, one entry per category by priority; the same list for every school given the plan.</summary>
    public static CutOrderList Of(Budget.CutPlan plan) => OfPlan.GetValue(plan, static p => new CutOrderList(
        [.. p.Ordered.Select(c => new CutOrderEntry(c.Priority, c.Category, c.Label, c.FloorShare, c.KeepRoles, c.RoleOrder, c.RuleId, c.RuleFile))], p.Shared));
}

/// <summary>A result's cut order, made from its cut plan; <see cref="Shared"/> when the plan is (a writer may keep what it made of it).</summary>
internal sealed class CutOrderList(CutOrderEntry[] entries, bool shared) : IReadOnlyList<CutOrderEntry>
{
    public bool Shared => shared;

    public int Count => entries.Length;

    public CutOrderEntry this[int index] => entries[index];

    public IEnumerator<CutOrderEntry> GetEnumerator() => ((IEnumerable<CutOrderEntry>)entries).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => entries.GetEnumerator();
}

internal sealed record BlockerEntry(string Policy, string RuleId, string File, int? Line, string Severity, string? DesignElement, string Explanation, IReadOnlyList<string> RecommendationIds,
    IReadOnlyList<string> LiftedBy, string? When, decimal? Value);

internal sealed record FlagEntry(string Flag, string RuleId, string File, int? Line, string Severity, string Explanation, IReadOnlyList<string> RecommendationIds, decimal? Value);

/// <param name="Owner">Who acts on it (from recommendations.json); <paramref name="When"/> is when it can take effect.</param>
/// <param name="Value">Dollars a year at stake, where a raising rule computes it.</param>
/// <param name="Because">The school facts that raised it: the explanations of the raising rules, in their words.</param>
internal sealed record RecommendationEntry(int Rank, string Id, string Group, string Title, string Text, string Severity, IReadOnlyList<string> RaisedBy,
    string Owner, string When, decimal? Value, IReadOnlyList<string> Because);
