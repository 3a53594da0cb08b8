using CsCheck;
using PluginHost.Budget;
using PluginHost.Inputs;

namespace PluginHost.Tests.Budget;

/// <summary>
/// A scenario's staff sums and ratios are worked out from the school's figures with no cut when that is exact; they
/// must be the walk's own decimals to the last digit, scale and sign (result.json writes them as they are).
/// </summary>
public sealed class ScenarioSumsTests
{
    // FTEs that leave whole, terminating and non-terminating shares (1.5 - 0.5 = 2/3 of 1.5), and none at all.
    private static readonly decimal[] Ftes = [0m, 0.0m, 0.5m, 0.75m, 1m, 1.0m, 1.00m, 1.5m, 2m, 0.3m];

    // Figures at several scales, zeros at several scales, and digits past what the exact way takes (2^50 and more).
    // (Rarely: a school with one such figure anywhere is summed the walk's way throughout.)
    private static readonly Gen<decimal> Figure = Gen.Frequency(
        (60, Gen.Int[0, 150_000].Select(k => (decimal)k)),
        (20, Gen.Int[0, 15_000_000].Select(k => k / 100m)),
        (10, Gen.Int[0, 1_000].Select(k => k / 1000m)),
        (10, Gen.OneOf(0m, 0.0m, 0.00m, 0.000m)),
        (1, Gen.OneOf(1_125_899_906_842_624m, 123_456_789_012.345678m, 0.0000001m)));

    private static readonly Gen<Position> Staff =
        from category in Gen.OneOf(Categories.Teaching, Categories.InstructionalSupport, Categories.Administrative)
        from fte in Gen.OneOf(Ftes)
        from salary in Figure
        from benefits in Figure
        from stipend in Gen.Frequency((2, Gen.Const((decimal?)null)), (1, Figure.Select(f => (decimal?)f)))
        from vacant in Gen.Frequency((5, false), (1, true))
        from role in Gen.OneOf("teacher", "paraprofessional", "clerk")
        from restricted in Gen.Bool
        select new Position
        {
            Id = "", Title = role, Role = role, Category = category, Fte = fte, Salary = salary, Benefits = benefits,
            Funding = restricted ? FundingSources.Restricted : FundingSources.General, Restricted = restricted, Vacant = vacant,
            Stipend = stipend is { } amount ? new Stipend { Amount = amount, Funding = FundingSources.General } : null,
        };

    [Fact]
    public void A_scenarios_staff_sums_and_ratios_are_the_walks_to_the_digit_scale_and_sign()
    {
        var shortcuts = 0;
        var cases = 0;
        Gen.Select(Staff.Array[1, 30], Gen.Int[0, 1000].Array[0, 8], Gen.Int[1, 4].Array[8]).Sample((positions, picks, halves) =>
        {
            var profile = SchoolWith(positions);
            var cut = picks.Select(p => p % positions.Length).Distinct().Where(i => positions[i].Fte > 0m).ToList();
            // A cut takes whole half FTEs, or the whole position: as the ladder does.
            var cuts = cut.Select((i, k) => new Cut(positions[i].Category, "position", $"p{i}", "x", 1m,
                Math.Min(positions[i].Fte, 0.5m * halves[k % halves.Length]), positions[i].Vacant, "r", "f", "e", [])).ToList();
            var totals = CutTotals.Of(cuts, cut);
            var basis = new FiveYearPlanner.Basis(profile, new Projection());

            var walked = FiveYearPlanner.StaffSums.Walk(profile, totals);
            var quick = FiveYearPlanner.StaffSums.After(basis, totals);
            Assert.Equal(Bits(walked), Bits(quick ?? walked));
            shortcuts += quick is null ? 0 : 1;
            cases++;

            var before = Ratios.Of(profile, CutTotals.None);
            Assert.Equal(Bits(Ratios.Of(profile, totals)), Bits(Ratios.After(profile, totals, before)));
        }, iter: 4000);

        // The exact way must be the one usually taken, or this test would prove little about it.
        Assert.True(shortcuts > cases / 3, $"the sums were worked out from the uncut ones in {shortcuts} of {cases} cases");
    }

    [Fact]
    public void A_zero_left_by_taking_a_figure_from_another_at_another_scale_is_written_as_the_walk_writes_it()
    {
        // 5.0 - 5 is -0.0 in decimal arithmetic; the walk, which only adds, gives 0.0.
        var positions = new[]
        {
            new Position { Id = "p0", Title = "t", Role = "teacher", Category = Categories.Teaching, Fte = 1.0m, Salary = 5m, Benefits = 0m, Funding = FundingSources.General },
            new Position { Id = "p1", Title = "t", Role = "teacher", Category = Categories.Teaching, Fte = 1m, Salary = 0.0m, Benefits = 0.0m, Funding = FundingSources.General },
        };
        var profile = SchoolWith(positions);
        var totals = CutTotals.Of([new Cut(Categories.Teaching, "position", "p0", "x", 5m, 1.0m, false, "r", "f", "e", [])], [0]);
        var basis = new FiveYearPlanner.Basis(profile, new Projection());
        var quick = FiveYearPlanner.StaffSums.After(basis, totals);
        Assert.NotNull(quick);
        Assert.Equal(Bits(FiveYearPlanner.StaffSums.Walk(profile, totals)), Bits(quick.Value));
        Assert.False(decimal.IsNegative(quick.Value.Salaries));
    }

    private static SchoolProfile SchoolWith(Position[] positions) => new()
    {
        Id = "s",
        Name = "School",
        FiscalYear = 2026,
        Enrollment = new Enrollment { Students = 400 },
        Funding = new Funding { General = 4_000_000m },
        Positions = [.. positions.Select((p, i) => p with { Id = $"p{i}" })],
    };

    private static string Bits(FiveYearPlanner.StaffSums sums) => $"{Bits(sums.Salaries)} {Bits(sums.Benefits)} {Bits(sums.Stipends)}";

    private static string Bits(RatioSet ratios) =>
        $"{Bits(ratios.StudentsPerTeacher)} {Bits(ratios.StudentsPerInstructionalStaff)} {Bits(ratios.StudentsPerInstructionalStaffExcludingRestrictedParas)}";

    private static string Bits(decimal? value) => value is { } v ? string.Join(",", decimal.GetBits(v)) : "null";
}
