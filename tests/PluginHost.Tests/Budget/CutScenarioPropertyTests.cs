using CsCheck;
using PluginHost.Budget;
using PluginHost.Inputs;

namespace PluginHost.Tests.Budget;

/// <summary>Invariants of cut scenarios over generated schools (CsCheck, 1,000 schools each).</summary>
public sealed class CutScenarioPropertyTests
{
    private const long Iterations = 1_000;

    private static readonly Gen<(SchoolProfile Profile, CutPlan Plan, IReadOnlyList<int> Cuts)> Cases =
        Gen.Select(SchoolGen.Profile, SchoolGen.Plan, SchoolGen.Cuts);

    [Fact]
    public void Shortfall_and_overshoot_are_the_gaps_between_target_and_achieved()
    {
        Cases.Sample(c =>
        {
            foreach (var s in BudgetEngine.Run(SchoolGen.Input(c.Profile, c.Plan, c.Cuts)).Scenarios)
            {
                Assert.Equal(Math.Max(0m, s.Target - s.Achieved), s.Shortfall);
                Assert.Equal(Math.Max(0m, s.Achieved - s.Target), s.Overshoot);
                Assert.Equal(s.Cuts.Sum(x => x.Amount), s.Achieved);
                Assert.Equal(Math.Round(c.Profile.Funding.General * s.ReductionPercent / 100m, 2), s.Target);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Overshoot_is_below_the_cost_of_the_last_staff_step_cut()
    {
        Cases.Sample(c =>
        {
            foreach (var s in BudgetEngine.Run(SchoolGen.Input(c.Profile, c.Plan, c.Cuts)).Scenarios.Where(s => s.Overshoot > 0m))
            {
                var last = s.Cuts[^1];
                Assert.Equal("position", last.ItemKind);
                var position = c.Profile.Positions.Single(p => p.Id == last.ItemId);
                var costPerFte = (position.AnnualCost + (position.Stipend?.Amount ?? 0m)) / position.Fte;
                Assert.True(s.Overshoot < costPerFte * CutLadder.StaffStep + 0.01m, $"overshoot {s.Overshoot} is not below a half-FTE step of {last.Name}");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Restricted_and_grant_funded_lines_and_positions_are_never_cut_and_nothing_goes_negative()
    {
        Cases.Sample(c =>
        {
            var positions = c.Profile.Positions.ToDictionary(p => p.Id);
            var lines = c.Profile.NonPersonnel.ToDictionary(l => l.Id);
            foreach (var s in BudgetEngine.Run(SchoolGen.Input(c.Profile, c.Plan, c.Cuts)).Scenarios)
            {
                foreach (var group in s.Cuts.GroupBy(x => (x.ItemKind, x.ItemId)))
                {
                    if (group.Key.ItemKind == "position")
                    {
                        var p = positions[group.Key.ItemId];
                        Assert.Equal(FundingSources.General, p.Funding);
                        Assert.False(p.Restricted);
                        Assert.True(group.Sum(x => x.Fte) <= p.Fte, $"{p.Id} cut by more than its FTE");
                    }
                    else
                    {
                        var l = lines[group.Key.ItemId];
                        Assert.Equal(FundingSources.General, l.Funding);
                        Assert.True(group.Sum(x => x.Amount) <= l.Amount, $"{l.Id} cut below zero");
                    }

                    Assert.All(group, x => Assert.True(x.Amount > 0m));
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_deeper_cut_keeps_every_cut_of_a_shallower_one_and_never_lowers_a_ratio()
    {
        Cases.Sample(c =>
        {
            var scenarios = BudgetEngine.Run(SchoolGen.Input(c.Profile, c.Plan, c.Cuts)).Scenarios;
            for (var i = 1; i < scenarios.Count; i++)
            {
                var shallow = scenarios[i - 1];
                var deep = scenarios[i];
                var deepBy = deep.Cuts.GroupBy(x => (x.ItemKind, x.ItemId)).ToDictionary(g => g.Key, g => (Amount: g.Sum(x => x.Amount), Fte: g.Sum(x => x.Fte)));
                foreach (var cut in shallow.Cuts)
                {
                    Assert.True(deepBy.TryGetValue((cut.ItemKind, cut.ItemId), out var kept), $"{cut.ItemId} cut at {shallow.ReductionPercent} % is missing at {deep.ReductionPercent} %");
                    Assert.True(kept.Amount >= cut.Amount && kept.Fte >= cut.Fte, $"{cut.ItemId} shrinks from {cut.Amount}/{cut.Fte} FTE to {kept.Amount}/{kept.Fte} FTE");
                }

                AssertNotLower(shallow.Ratios.StudentsPerTeacher.After, deep.Ratios.StudentsPerTeacher.After);
                AssertNotLower(shallow.Ratios.StudentsPerInstructionalStaff.After, deep.Ratios.StudentsPerInstructionalStaff.After);
                AssertNotLower(shallow.Ratios.StudentsPerInstructionalStaffExcludingRestrictedParas.After, deep.Ratios.StudentsPerInstructionalStaffExcludingRestrictedParas.After);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_category_is_touched_only_when_every_earlier_one_is_at_its_floor()
    {
        Cases.Sample(c =>
        {
            var ordered = c.Plan.Ordered.ToList();
            foreach (var s in BudgetEngine.Run(SchoolGen.Input(c.Profile, c.Plan, c.Cuts)).Scenarios)
            {
                var touched = s.Cuts.Select(x => x.Category).ToHashSet();
                for (var i = 0; i < ordered.Count; i++)
                {
                    if (!touched.Contains(ordered[i].Category))
                    {
                        continue;
                    }

                    foreach (var earlier in ordered.Take(i))
                    {
                        AssertAtFloor(c.Profile, earlier, s.Cuts);
                    }
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void No_category_is_cut_below_its_floor_and_kept_roles_are_never_cut()
    {
        Cases.Sample(c =>
        {
            foreach (var s in BudgetEngine.Run(SchoolGen.Input(c.Profile, c.Plan, c.Cuts)).Scenarios)
            {
                foreach (var category in c.Plan.Categories)
                {
                    var baseline = c.Profile.Positions.Where(p => p.Category == category.Category && p.Funding == FundingSources.General && !p.Restricted && !category.KeepRoles.Contains(p.Role)).Sum(p => p.AnnualCost + (p.Stipend?.Amount ?? 0m))
                        + c.Profile.NonPersonnel.Where(l => l.Category == category.Category && l.Funding == FundingSources.General).Sum(l => l.Amount);
                    var taken = s.Cuts.Where(x => x.Category == category.Category).Sum(x => x.Amount);
                    Assert.True(taken <= baseline * (1m - category.FloorShare) + 0.05m, $"{category.Category} cut by {taken} of {baseline} with floor {category.FloorShare}");
                }

                var kept = c.Profile.Positions.Where(p => c.Plan.Categories.Any(k => k.Category == p.Category && k.KeepRoles.Contains(p.Role))).Select(p => p.Id).ToHashSet();
                Assert.DoesNotContain(s.Cuts, x => x.ItemKind == "position" && kept.Contains(x.ItemId));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void The_same_input_gives_the_same_output()
    {
        Cases.Sample(c =>
        {
            var input = SchoolGen.Input(c.Profile, c.Plan, c.Cuts);
            var first = System.Text.Json.JsonSerializer.Serialize(BudgetEngine.Run(input));
            var second = System.Text.Json.JsonSerializer.Serialize(BudgetEngine.Run(input));
            Assert.Equal(first, second);
        }, iter: Iterations);
    }

    [Fact]
    public void A_ladder_read_after_another_was_made_on_its_thread_refuses_rather_than_read_the_other_schools_steps()
    {
        // A thread's ladder lists are reused school after school: the first ladder must not quietly read the second's steps.
        Cases.Sample(c =>
        {
            var first = CutLadder.Build(c.Profile, c.Plan, [], null);
            var firstHasSteps = first.TryGet(0, out var before);
            var second = CutLadder.Build(c.Profile, c.Plan, [], null);

            var refused = Assert.Throws<InvalidOperationException>(() => first.TryGet(0, out _));
            Assert.Equal("a cut ladder was read after another was made on its thread; a ladder lives within one budget run", refused.Message);
            Assert.Equal(firstHasSteps, second.TryGet(0, out var again));
            Assert.Equal(before, again);
        }, iter: 50);
    }

    /// <summary>A ratio with no staff left (null) is higher than any finite one.</summary>
    private static void AssertNotLower(decimal? shallow, decimal? deep) =>
        Assert.True(deep is null || shallow is not null && deep >= shallow, $"ratio fell from {(object?)shallow ?? "no staff"} to {(object?)deep ?? "no staff"}");

    /// <summary>
    /// Independent of the ladder: nothing more in the category could be cut without crossing its floor. Every
    /// general line is cut in full or the category sits exactly at its cap; every remaining staff step would cross it.
    /// </summary>
    private static void AssertAtFloor(SchoolProfile profile, CategoryPlan category, IReadOnlyList<Cut> cuts)
    {
        var positions = profile.Positions.Where(p => p.Category == category.Category && p.Funding == FundingSources.General && !p.Restricted && p.Fte > 0m && !category.KeepRoles.Contains(p.Role)).ToList();
        var lines = profile.NonPersonnel.Where(l => l.Category == category.Category && l.Funding == FundingSources.General && l.Amount > 0m).ToList();
        var baseline = positions.Sum(p => p.AnnualCost + (p.Stipend?.Amount ?? 0m)) + lines.Sum(l => l.Amount);
        var cap = baseline * (1m - category.FloorShare);
        var taken = cuts.Where(x => x.Category == category.Category).Sum(x => x.Amount);
        const decimal Cent = 0.05m;
        foreach (var line in lines)
        {
            var lineCut = cuts.Where(x => x.ItemKind == "line" && x.ItemId == line.Id).Sum(x => x.Amount);
            Assert.True(lineCut >= line.Amount - Cent || taken >= cap - Cent, $"{category.Category}: line {line.Id} could still be cut");
        }

        foreach (var position in positions)
        {
            var fteCut = cuts.Where(x => x.ItemKind == "position" && x.ItemId == position.Id).Sum(x => x.Fte);
            var left = position.Fte - fteCut;
            if (left <= 0m)
            {
                continue;
            }

            var step = Math.Min(CutLadder.StaffStep, left);
            var stepCost = (position.AnnualCost + (position.Stipend?.Amount ?? 0m)) * step / position.Fte;
            Assert.True(taken + stepCost > cap - Cent, $"{category.Category}: {position.Id} could still lose {step} FTE within the floor");
        }
    }
}
