using PluginHost.Inputs;

namespace PluginHost.Budget;

/// <summary>How one category is cut: its place in the order, its floor, and the order within it. Comes from the rules.</summary>
internal sealed record CategoryPlan(string Category, int Priority, decimal FloorShare, IReadOnlyList<string> KeepRoles, IReadOnlyList<string> RoleOrder, string RuleId, string RuleFile = "")
{
    /// <summary>How memos name the category (from rules/categories.json).</summary>
    public string Label { get => field ?? Category; init; }

    /// <summary>FTE of a role a cut must leave in place, such as one clerk so the office can still run.</summary>
    public IReadOnlyDictionary<string, decimal> KeepMinimum { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, decimal>.Empty;
}

/// <summary>
/// The cut order as data: the budget engine never calls the rules engine. Categories of equal priority keep the
/// plan's order, which the policy pass sets to the category catalog's order.
/// </summary>
internal sealed record CutPlan(IReadOnlyList<CategoryPlan> Categories)
{
    /// <summary>The categories by priority, equal priorities in the plan's order: sorted once, as the plan is made (so a plan for other categories is a new plan, never a copy made with <c>with</c>).</summary>
    public IReadOnlyList<CategoryPlan> Ordered { get; } = [.. Categories.OrderBy(c => c.Priority)];

    /// <summary>
    /// The plan is kept by its rule set and given to every school whose cut-priority rules fire alike (never made for one
    /// school): what is made from it, such as a result's cut order, may be made once and shared.
    /// </summary>
    public bool Shared { get; init; }
}


/// <summary>A design element with the roles and spending kinds that carry it, from a plugin or the profile.</summary>
internal sealed record ResolvedElement(string Id, string Name, string Source, IReadOnlyList<string> Roles, IReadOnlyList<string> SpendingKinds, bool Protected);

internal sealed record BudgetInput(
    SchoolProfile Profile,
    CutPlan Plan,
    IReadOnlyList<ResolvedElement> Elements,
    Projection Projection,
    decimal? Ceiling,
    decimal CentralServicesPerPupil,
    IReadOnlyList<int> ReductionPercents)
{
    /// <summary>The ratio the school's model is judged on at a cut, and so the one <see cref="Ceiling"/> limits.</summary>
    public string JudgedRatio { get; init; } = JudgedRatios.StudentsPerTeacher;

    /// <summary>The school's own package (overrides/&lt;id&gt;.json): items kept out of every cut, items cut first.</summary>
    public SchoolOverride? Override { get; init; }
}

/// <summary>
/// A school's own cut package, saved by the principal: <paramref name="Protect"/> keeps items (position or line
/// ids) out of every cut; <paramref name="CutFirst"/> takes the named items before the rules' order, within the
/// rules' floors (an item the rules never cut cannot be chosen). Every memo says it was applied.
/// </summary>
internal sealed record SchoolOverride(IReadOnlyList<string> Protect, IReadOnlyList<string> CutFirst, string? Note = null)
{
    public static SchoolOverride None { get; } = new([], []);

    public bool IsEmpty => Protect.Count == 0 && CutFirst.Count == 0;
}


internal sealed record Cut(string Category, string ItemKind, string ItemId, string Name, decimal Amount, decimal Fte, bool Vacant, string RuleId, string RuleFile, string Explanation, IReadOnlyList<string> DesignElements);

/// <summary>
/// What a scenario's cuts take from each position and each line, summed in the cuts' order (as a grouping would); null
/// for a kind with no cut. Made once per scenario and read by both the ratios and the five-year plan. Positions are
/// named by their place in the profile (their ids are unique: the profile is checked for that) and kept in that
/// order, so the ratios and the plan, which walk every position four times per school, meet each cut as they pass
/// its position instead of hashing every position's id.
/// </summary>
/// <param name="Positions">The positions cut, in profile order, each with the FTE its cuts take.</param>
internal sealed record CutTotals(CutTotals.PositionCut[]? Positions, Dictionary<string, (decimal Fte, decimal Amount)>? Lines)
{
    /// <summary>No cut at all: the school as it stands.</summary>
    public static CutTotals None { get; } = new(null, null);

    /// <param name="positionOf">Each cut's position index in the profile (-1 for a line), as the cut ladder gives it.</param>
    public static CutTotals Of(IReadOnlyList<Cut> cuts, IReadOnlyList<int> positionOf)
    {
        var count = 0;
        foreach (var cut in cuts)
        {
            count += cut.ItemKind == "position" ? 1 : 0;
        }

        var positions = count == 0 ? null : new PositionCut[count];
        var at = 0;
        Dictionary<string, (decimal Fte, decimal Amount)>? lines = null;
        for (var i = 0; i < cuts.Count; i++)
        {
            var cut = cuts[i];
            if (cut.ItemKind == "position")
            {
                // Inserted in index order behind any equal index (a stable insertion: a dozen cuts, usually in order).
                var into = at++;
                while (into > 0 && positions![into - 1].Index > positionOf[i])
                {
                    positions[into] = positions[into - 1];
                    into--;
                }

                positions![into] = new PositionCut(positionOf[i], cut.Fte);
            }
            else if (cut.ItemKind == "line")
            {
                lines ??= new(StringComparer.Ordinal);
                var (f, amount) = lines.GetValueOrDefault(cut.ItemId);
                lines[cut.ItemId] = (f + cut.Fte, amount + cut.Amount);
            }
        }

        return new CutTotals(positions is null ? null : Merged(positions), lines);
    }

    /// <summary>Each position once, its cuts summed from zero in the cuts' order (a position's steps make one cut, so this is rare).</summary>
    private static PositionCut[] Merged(PositionCut[] sorted)
    {
        var kept = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (kept > 0 && sorted[kept - 1].Index == sorted[i].Index)
            {
                sorted[kept - 1] = sorted[kept - 1] with { Fte = sorted[kept - 1].Fte + sorted[i].Fte };
            }
            else
            {
                sorted[kept++] = sorted[i] with { Fte = 0m + sorted[i].Fte };
            }
        }

        return kept == sorted.Length ? sorted : sorted[..kept];
    }

    /// <summary>What the cuts take from the position at <paramref name="Index"/> in the profile.</summary>
    internal readonly record struct PositionCut(int Index, decimal Fte);

    /// <summary>
    /// Walks the cut positions beside a walk over the profile's positions in order: the FTE cut from the position at
    /// <paramref name="index"/>, or null. Indexes must be asked in increasing order; <paramref name="next"/> keeps the place.
    /// </summary>
    public decimal? CutFteAt(int index, ref int next)
    {
        var cuts = Positions;
        if (cuts is null)
        {
            return null;
        }

        while (next < cuts.Length && cuts[next].Index < index)
        {
            next++;
        }

        return next < cuts.Length && cuts[next].Index == index ? cuts[next].Fte : null;
    }
}

/// <summary>Students per FTE; null where no such staff are left (the ratio has no finite value).</summary>
internal sealed record RatioSet(decimal? StudentsPerTeacher, decimal? StudentsPerInstructionalStaff, decimal? StudentsPerInstructionalStaffExcludingRestrictedParas);

internal sealed record RatioChange(decimal? Before, decimal? After, decimal? ChangePercent);

internal sealed record RatioComparison(RatioChange StudentsPerTeacher, RatioChange StudentsPerInstructionalStaff, RatioChange StudentsPerInstructionalStaffExcludingRestrictedParas);

internal sealed record YearPlan(int Year, int FiscalYear, int Enrollment, decimal Revenue, decimal Expense, decimal Surplus, decimal RecurringIt);

internal sealed record GrantDependency(string Item, string GrantId, string GrantName, int EndYear, decimal AnnualAmount);

internal sealed record FiveYearPlan(IReadOnlyList<YearPlan> Years, int? FirstDeficitYear, decimal RecurringItShareYear4);

internal sealed record ScenarioResult(
    int ReductionPercent,
    decimal Target,
    decimal Achieved,
    decimal Overshoot,
    decimal Shortfall,
    IReadOnlyList<Cut> Cuts,
    RatioComparison Ratios,
    IReadOnlyList<string> DesignElementsImpacted,
    bool AtRisk,
    IReadOnlyList<string> AtRiskReasons,
    FiveYearPlan FiveYearPlan,
    bool AlreadyAboveCeilingBeforeCut = false)
{
    /// <summary>The cuts summed by category, in the order they were made: what the cut takes, in a line.</summary>
    public IReadOnlyList<CategoryCut> ByCategory { get; } = SumByCategory(Cuts);

    /// <summary>Each category in the order first cut, its staff FTE and dollars summed in the cuts' order from zero.</summary>
    private static List<CategoryCut> SumByCategory(IReadOnlyList<Cut> cuts)
    {
        var sums = new List<(string Category, decimal Fte, decimal Amount, bool Staff)>();
        foreach (var cut in cuts)
        {
            var at = sums.Count - 1;
            while (at >= 0 && sums[at].Category != cut.Category)
            {
                at--;
            }

            if (at < 0)
            {
                sums.Add((cut.Category, 0m, 0m, false));
                at = sums.Count - 1;
            }

            var staff = cut.ItemKind == "position";
            var (category, fte, amount, anyStaff) = sums[at];
            sums[at] = (category, staff ? fte + cut.Fte : fte, amount + cut.Amount, anyStaff || staff);
        }

        return sums.ConvertAll(s => new CategoryCut(s.Category, s.Fte, s.Amount, s.Staff));
    }
}

/// <summary>What one cut scenario takes from one category: staff FTE (for staff categories) and dollars.</summary>
internal sealed record CategoryCut(string Category, decimal Fte, decimal Amount, bool Staff);

internal sealed record StartupShare(string Category, string Label, decimal Amount, decimal Share, decimal ReportAverage);

internal sealed record StartupResult(decimal Total, decimal PerPupil, decimal ShareOfPerPupilFunding, decimal GrantShareOfBudget, IReadOnlyList<StartupShare> Shares);

internal sealed record BudgetResult(
    RatioSet RatiosBefore,
    FiveYearPlan Baseline,
    IReadOnlyList<ScenarioResult> Scenarios,
    StartupResult Startup,
    IReadOnlyList<GrantDependency> GrantDependencies,
    int? LastGrantYear);
