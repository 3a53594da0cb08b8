using PluginHost.Inputs;

namespace PluginHost.Budget;

/// <summary>
/// Cut scenarios, ratios, five-year plans and start-up analysis for one school. Pure: records in, records out;
/// cut priorities and floors arrive as data from the first policy pass.
/// </summary>
internal static class BudgetEngine
{
    public static BudgetResult Run(BudgetInput input)
    {
        var profile = input.Profile;
        var ladder = CutLadder.Build(profile, input.Plan, input.Elements, input.Override);
        var before = Ratios.Of(profile, CutTotals.None);
        var basis = new FiveYearPlanner.Basis(profile, input.Projection);
        var percents = Percents(input.ReductionPercents);
        var scenarios = new List<ScenarioResult>(percents.Count);
        for (var i = 0; i < percents.Count; i++)
        {
            scenarios.Add(Scenario(input, ladder, before, basis, percents[i], i > 0 ? scenarios[^1].Cuts : null));
        }

        var dependencies = FiveYearPlanner.GrantDependencies(profile);
        int? lastGrantYear = null;
        foreach (var grant in profile.Funding.Grants)
        {
            lastGrantYear = Math.Max(lastGrantYear ?? grant.EndYear, grant.EndYear);
        }

        return new BudgetResult(
            before,
            FiveYearPlanner.Plan(basis, CutTotals.None, 0),
            scenarios,
            StartupAnalyzer.Analyze(profile, input.CentralServicesPerPupil),
            dependencies,
            lastGrantYear);
    }

    /// <summary>The cut percents, each once, smallest first: as they are asked for when they already are (a run's are).</summary>
    private static IReadOnlyList<int> Percents(IReadOnlyList<int> asked)
    {
        for (var i = 1; i < asked.Count; i++)
        {
            if (asked[i] <= asked[i - 1])
            {
                return [.. asked.Distinct().Order()];
            }
        }

        return asked;
    }

    private static decimal? RatioFor(RatioSet ratios, string judged) =>
        judged == JudgedRatios.StudentsPerInstructionalStaff ? ratios.StudentsPerInstructionalStaff : ratios.StudentsPerTeacher;

    /// <summary>The general funding a scenario removes; the cut must find this much.</summary>
    public static decimal Target(SchoolProfile profile, int percent) => Math.Round(profile.Funding.General * percent / 100m, 2);

    /// <param name="shallower">The cuts of the scenario before this one (a smaller percent), whose equal cuts this one shares.</param>
    private static ScenarioResult Scenario(BudgetInput input, CutLadder.Steps ladder, RatioSet before, FiveYearPlanner.Basis basis, int percent, IReadOnlyList<Cut>? shallower)
    {
        var profile = input.Profile;
        var target = Target(profile, percent);
        var positionOf = new List<int>();
        var cuts = Take(ladder, target, positionOf, shallower);
        var achieved = 0m;
        foreach (var cut in cuts)
        {
            achieved += cut.Amount;
        }

        var totals = CutTotals.Of(cuts, positionOf);
        var after = Ratios.After(profile, totals, before);
        var hit = ElementsHit(cuts);
        var shortfall = Math.Max(0m, target - achieved);
        var reasons = new List<string>();
        if (shortfall > 0m)
        {
            reasons.Add("shortfall");
        }

        if (hit.Count > 0)
        {
            reasons.Add("design-element-cut");
        }

        // A school already above the ceiling before any cut is reported as such, never as put at risk by the cut;
        // a school with no teachers before the cut has no ratio to judge (the memo says what data is missing).
        // The ceiling limits the ratio the model is designed around (students per instructional adult for multi-age
        // co-teaching, as the report measures it); running out of teachers is at risk whatever the model.
        var judgedBefore = RatioFor(before, input.JudgedRatio);
        var judgedAfter = RatioFor(after, input.JudgedRatio);
        var alreadyAbove = input.Ceiling is { } ceiling && judgedBefore > ceiling;
        if (before.StudentsPerTeacher is not null && after.StudentsPerTeacher is null)
        {
            reasons.Add("no-teachers-left");
        }
        else if (!alreadyAbove && input.Ceiling is { } limit && judgedAfter > limit)
        {
            reasons.Add(input.JudgedRatio + "-above-ceiling");
        }

        return new ScenarioResult(
            percent,
            target,
            achieved,
            Math.Max(0m, achieved - target),
            shortfall,
            cuts,
            Ratios.Compare(before, after),
            hit,
            reasons.Count > 0,
            reasons,
            FiveYearPlanner.Plan(basis, totals, percent),
            alreadyAbove);
    }

    /// <summary>Walks the ladder until the target is met: lines are taken in part, staff in whole steps.</summary>
    /// <remarks>An item's steps (a position's half FTEs) follow each other and become one cut, made once its last step is taken.</remarks>
    /// <param name="positionOf">Filled with each cut's position index in the profile (-1 for a line).</param>
    private static List<Cut> Take(CutLadder.Steps ladder, decimal target, List<int> positionOf, IReadOnlyList<Cut>? shallower)
    {
        var merged = new List<Cut>();
        var remaining = target;
        var (any, first) = (false, default(CutStep));
        decimal amount = 0m, fte = 0m;
        for (var i = 0; remaining > 0m && ladder.TryGet(i, out var step); i++)
        {
            var taken = step.Divisible ? Math.Min(step.Amount, remaining) : step.Amount;
            remaining -= taken;
            if (any && first.ItemId == step.ItemId && first.ItemKind == step.ItemKind)
            {
                (amount, fte) = (amount + taken, fte + step.Fte);
                continue;
            }

            if (any)
            {
                merged.Add(CutOf(first, amount, fte, shallower, merged.Count));
                positionOf.Add(first.Position);
            }

            (any, first, amount, fte) = (true, step, taken, step.Fte);
        }

        if (any)
        {
            merged.Add(CutOf(first, amount, fte, shallower, merged.Count));
            positionOf.Add(first.Position);
        }

        return merged;
    }

    /// <summary>
    /// The cut of one item, or the shallower scenario's cut at the same place when it is the same to the digit: deeper
    /// scenarios walk the same ladder further, so most of their cuts are the shallower one's (records, never changed).
    /// </summary>
    private static Cut CutOf(CutStep step, decimal amount, decimal fte, IReadOnlyList<Cut>? shallower, int at)
    {
        if (shallower is not null && at < shallower.Count && shallower[at] is var same
            && ReferenceEquals(same.ItemId, step.ItemId) && ReferenceEquals(same.ItemKind, step.ItemKind) && ReferenceEquals(same.Explanation, step.Reason)
            && Exactly(same.Amount, amount) && Exactly(same.Fte, fte))
        {
            return same;
        }

        return new(step.Item.Category, step.ItemKind, step.ItemId, step.Item.Name, amount, fte, step.Vacant, step.Item.RuleId, step.Item.RuleFile, step.Reason, step.Item.DesignElements);
    }

    /// <summary>The same number written the same way: equal, at the same scale and with the same sign (0.5 is not 0.50).</summary>
    private static bool Exactly(decimal a, decimal b) => a == b && a.Scale == b.Scale && decimal.IsNegative(a) == decimal.IsNegative(b);

    /// <summary>The design elements the cuts carry, each once, in ordinal order.</summary>
    private static List<string> ElementsHit(List<Cut> cuts)
    {
        var hit = new List<string>();
        foreach (var cut in cuts)
        {
            foreach (var element in cut.DesignElements)
            {
                hit.AddOnce(element);
            }
        }

        hit.Sort(StringComparer.Ordinal);
        return hit;
    }
}

/// <summary>Students per teacher, per instructional staff, and per instructional staff without restricted paraprofessionals.</summary>
internal static class Ratios
{
    /// <summary>
    /// The ratios after a scenario's cuts. A cut that takes no filled teaching or instructional-support position
    /// leaves every term of the walk as it was (each such position keeps fte - 0, as before any cut), so the ratios
    /// are those before the cut, to the digit: most 10 % and 20 % cuts stop at administration and spending lines.
    /// </summary>
    public static RatioSet After(SchoolProfile profile, CutTotals cuts, RatioSet before)
    {
        foreach (var cut in cuts.Positions ?? [])
        {
            if (Counted(profile.Positions[cut.Index]))
            {
                return Of(profile, cuts);
            }
        }

        return before;
    }

    /// <summary>Whether a position is in the walk: filled, in teaching or instructional support.</summary>
    private static bool Counted(Position p) => !p.Vacant && p.Category is Categories.Teaching or Categories.InstructionalSupport;

    public static RatioSet Of(SchoolProfile profile, CutTotals cuts)
    {
        // One walk over the staff, four times per school: what each filled position keeps after the cuts, summed in
        // profile order for teachers, instructional staff, and instructional staff without restricted paraprofessionals.
        // A position's cuts are all vacant or all filled, as the position is, so its cut FTE is what it loses.
        var positions = profile.Positions;
        var next = 0;
        decimal teachers = 0m, instructional = 0m, withoutParas = 0m;
        for (var i = 0; i < positions.Count; i++)
        {
            var p = positions[i];
            if (!Counted(p))
            {
                continue;
            }

            var kept = p.Fte - (cuts.CutFteAt(i, ref next) ?? 0m);
            instructional += kept;
            if (p.Category == Categories.Teaching)
            {
                teachers += kept;
                withoutParas += kept;
            }
            else if (!(p.Restricted && p.Role == "paraprofessional"))
            {
                withoutParas += kept;
            }
        }

        var students = (decimal)profile.Enrollment.Students;
        return new RatioSet(Per(students, teachers), Per(students, instructional), Per(students, withoutParas));
    }

    public static RatioComparison Compare(RatioSet before, RatioSet after) => new(
        Change(before.StudentsPerTeacher, after.StudentsPerTeacher),
        Change(before.StudentsPerInstructionalStaff, after.StudentsPerInstructionalStaff),
        Change(before.StudentsPerInstructionalStaffExcludingRestrictedParas, after.StudentsPerInstructionalStaffExcludingRestrictedParas));

    private static RatioChange Change(decimal? before, decimal? after) =>
        new(before, after, before is > 0m && after is { } a ? Math.Round((a - before.Value) / before.Value * 100m, 1) : null);

    private static decimal? Per(decimal students, decimal fte) => fte <= 0m ? null : Math.Round(students / fte, 2);
}
