using CsCheck;
using PluginHost.Budget;
using PluginHost.Inputs;

namespace PluginHost.Tests.Budget;

/// <summary>Random but valid schools and cut plans for property tests.</summary>
internal static class SchoolGen
{
    private static readonly string[] PositionCategories = [Categories.Administrative, Categories.AfterSchoolElective, Categories.InstructionalSupport, Categories.Teaching];
    private static readonly string[] LineCategories = [Categories.NonPersonnel, Categories.AfterSchoolElective];
    private static readonly string[] AllCategories = [Categories.Administrative, Categories.NonPersonnel, Categories.AfterSchoolElective, Categories.InstructionalSupport, Categories.Teaching];
    private static readonly string[] Roles = ["principal", "clerk", "teacher", "co-teacher", "tutor", "paraprofessional", "coach"];
    private static readonly decimal[] Ftes = [0.5m, 0.8m, 1.0m, 1.0m, 1.0m, 1.5m];

    public static readonly Gen<Position> Position =
        from category in Gen.OneOf(PositionCategories)
        from role in Gen.OneOf(Roles)
        from fte in Gen.OneOf(Ftes)
        from salary in Gen.Int[15, 140].Select(k => k * 1000m)
        from benefits in Gen.Int[0, 45].Select(k => k * 1000m)
        from funding in Gen.Frequency((6, FundingSources.General), (1, FundingSources.Restricted), (1, FundingSources.Grant))
        from vacant in Gen.Frequency((9, false), (1, true))
        from stipend in Gen.Int[-40, 10].Select(k => Math.Max(0, k) * 1000m)
        select new Position
        {
            Id = "",
            Title = role,
            Role = role,
            Category = category,
            Fte = fte,
            Salary = salary,
            Benefits = benefits,
            Funding = funding,
            GrantId = funding == FundingSources.Grant ? "g" : null,
            Restricted = funding == FundingSources.Restricted && role == "paraprofessional",
            Vacant = vacant,
            Stipend = stipend == 0m ? null : new Stipend { Amount = stipend, Funding = FundingSources.General },
        };

    public static readonly Gen<SpendingLine> Line =
        from category in Gen.OneOf(LineCategories)
        from amount in Gen.Int[1, 300].Select(k => k * 500m)
        from funding in Gen.Frequency((6, FundingSources.General), (1, FundingSources.Restricted), (1, FundingSources.Grant))
        from recurring in Gen.Bool
        select new SpendingLine
        {
            Id = "",
            Name = "line",
            Kind = amount > 50_000m ? "software" : "supplies",
            Category = category,
            Amount = amount,
            Funding = funding,
            GrantId = funding == FundingSources.Grant ? "g" : null,
            Recurring = recurring,
        };

    public static readonly Gen<SchoolProfile> Profile =
        from students in Gen.Int[50, 2000]
        from positions in Position.Array[1, 40]
        from lines in Line.Array[0, 12]
        from margin in Gen.Int[-10, 20]
        select Build(students, positions, lines, margin);

    public static readonly Gen<CutPlan> Plan =
        from order in Gen.Shuffle(AllCategories)
        from floors in Gen.Int[0, 50].Array[5]
        from keepPrincipal in Gen.Bool
        select new CutPlan(order.Select((c, i) => new CategoryPlan(c, i + 1, floors[i] / 100m, keepPrincipal ? ["principal"] : [], ["tutor", "clerk"], "Rule" + c)).ToList());

    public static readonly Gen<IReadOnlyList<int>> Cuts = Gen.Int[0, 60].Array[1, 4].Select(a => (IReadOnlyList<int>)a.Distinct().Order().ToList());

    private static SchoolProfile Build(int students, Position[] positions, SpendingLine[] lines, int margin)
    {
        var numbered = positions.Select((p, i) => p with { Id = $"p{i}" }).ToList();
        var numberedLines = lines.Select((l, i) => l with { Id = $"l{i}", Name = $"line {i}" }).ToList();
        var general = numbered.Where(p => p.Funding == FundingSources.General).Sum(p => p.AnnualCost + (p.Stipend?.Amount ?? 0m))
            + numberedLines.Where(l => l.Funding == FundingSources.General).Sum(l => l.Amount);
        return new SchoolProfile
        {
            Id = "generated",
            Name = "Generated school",
            FiscalYear = 2020,
            Enrollment = new Enrollment { Students = students },
            Funding = new Funding
            {
                General = Math.Round(general * (1m + margin / 100m), 0),
                Restricted = [new RestrictedFunding("special education", 100_000m)],
                Grants = [new Grant { Id = "g", Name = "Grant", AnnualAmount = 50_000m, StartYear = 2019, EndYear = 2021 }],
            },
            Positions = numbered,
            NonPersonnel = numberedLines,
            Startup = new Dictionary<string, decimal> { ["technology"] = 100_000m, ["professional-development"] = 50_000m },
        };
    }

    public static BudgetInput Input(SchoolProfile profile, CutPlan plan, IReadOnlyList<int> cuts) => new(
        profile,
        plan,
        [new ResolvedElement("tutoring", "Tutoring", "test", ["tutor"], ["software"], Protected: true)],
        new Projection { RevenueGrowth = 0.02m, SalaryGrowth = 0.025m, BenefitGrowth = 0.04m, NonPersonnelInflation = 0.02m },
        20m,
        0m,
        cuts);
}
