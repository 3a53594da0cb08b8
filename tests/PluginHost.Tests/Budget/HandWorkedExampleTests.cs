using PluginHost.Budget;
using PluginHost.Inputs;

namespace PluginHost.Tests.Budget;

/// <summary>Scenario math, a five-year plan and start-up shares worked by hand; the working is in the comments.</summary>
public sealed class HandWorkedExampleTests
{
    private static readonly CutPlan ReportOrder = new(
    [
        new CategoryPlan(Categories.Administrative, 1, 0m, ["principal"], [], "Admin"),
        new CategoryPlan(Categories.NonPersonnel, 2, 0.2m, [], [], "NonPersonnel"),
        new CategoryPlan(Categories.AfterSchoolElective, 3, 0m, [], [], "AfterSchool"),
        new CategoryPlan(Categories.InstructionalSupport, 4, 0m, [], ["tutor"], "Support"),
        new CategoryPlan(Categories.Teaching, 5, 0m, [], [], "Teaching"),
    ]);

    private static Position Staff(string id, string role, string category, decimal salary, decimal benefits, string funding = FundingSources.General, bool restricted = false) => new()
    {
        Id = id, Title = id, Role = role, Category = category, Fte = 1m, Salary = salary, Benefits = benefits, Funding = funding,
        GrantId = funding == FundingSources.Grant ? "g" : null, Restricted = restricted,
    };

    private static SpendingLine Line(string id, string category, decimal amount, string funding = FundingSources.General, bool recurring = true, bool technology = false) => new()
    {
        Id = id, Name = id, Kind = id, Category = category, Amount = amount, Funding = funding, GrantId = funding == FundingSources.Grant ? "g" : null,
        Recurring = recurring, Technology = technology,
    };

    private static BudgetInput Input(SchoolProfile profile, params int[] cuts) => new(
        profile, ReportOrder, [], new Projection { RevenueGrowth = 0.02m, SalaryGrowth = 0.03m, BenefitGrowth = 0.05m, NonPersonnelInflation = 0.02m }, 20m, 1_000m, cuts);

    // 100 students, $1,000,000 of general money. Cuttable, in order:
    //   administrative: clerk $50,000 (the principal is kept)            -> 2 half-FTE steps of $25,000
    //   non-personnel:  supplies $100,000, floor 20 % -> at most $80,000  (software is grant money: never cut)
    //   after-school:   clubs $40,000
    //   support:        tutors t1, t2 at $30,000 each (the para is restricted: never cut)
    //   teaching:       five teachers at $80,000 each
    private static readonly SchoolProfile Small = new()
    {
        Id = "small", Name = "Small", FiscalYear = 2020,
        Enrollment = new Enrollment { Students = 100 },
        Funding = new Funding
        {
            General = 1_000_000m,
            Restricted = [new RestrictedFunding("special education", 40_000m)],
            Grants = [new Grant { Id = "g", Name = "Grant", AnnualAmount = 50_000m, StartYear = 2020, EndYear = 2020 }],
        },
        Positions =
        [
            Staff("principal", "principal", Categories.Administrative, 100_000m, 30_000m),
            Staff("clerk", "clerk", Categories.Administrative, 40_000m, 10_000m),
            Staff("t1", "tutor", Categories.InstructionalSupport, 25_000m, 5_000m),
            Staff("t2", "tutor", Categories.InstructionalSupport, 25_000m, 5_000m),
            Staff("para", "paraprofessional", Categories.InstructionalSupport, 30_000m, 10_000m, FundingSources.Restricted, restricted: true),
            .. Enumerable.Range(1, 5).Select(i => Staff($"teacher{i}", "teacher", Categories.Teaching, 60_000m, 20_000m)),
        ],
        NonPersonnel =
        [
            Line("supplies", Categories.NonPersonnel, 100_000m),
            Line("software", Categories.NonPersonnel, 50_000m, FundingSources.Grant),
            Line("clubs", Categories.AfterSchoolElective, 40_000m),
        ],
    };

    [Fact]
    public void Ten_percent_takes_the_clerk_and_half_the_supplies()
    {
        // Target 10 % × $1,000,000 = $100,000. Clerk: 0.5 + 0.5 FTE = $50,000. Supplies: the remaining $50,000 of
        // the $80,000 above the floor. Achieved $100,000 exactly: no overshoot, no shortfall. No teacher or aide goes,
        // so ratios stay at 100 / 5 = 20.0 per teacher and 100 / 8 = 12.5 per instructional staff.
        var s = BudgetEngine.Run(Input(Small, 10)).Scenarios.Single();

        Assert.Equal(100_000m, s.Target);
        Assert.Equal(100_000m, s.Achieved);
        Assert.Equal(0m, s.Overshoot);
        Assert.Equal(0m, s.Shortfall);
        Assert.Equal([("clerk", 1.0m, 50_000m), ("supplies", 0m, 50_000m)], s.Cuts.Select(c => (c.ItemId, c.Fte, c.Amount)));
        Assert.Equal(20m, s.Ratios.StudentsPerTeacher.After);
        Assert.Equal(12.5m, s.Ratios.StudentsPerInstructionalStaff.After);
    }

    [Fact]
    public void Twenty_percent_reaches_the_floor_of_non_personnel_then_clubs_then_one_tutor()
    {
        // Target $200,000. Clerk $50,000 + supplies down to the floor $80,000 + clubs $40,000 = $170,000;
        // the tutor t1 goes in two half steps of $15,000 = $200,000. Instructional staff 8 -> 7 FTE: 100 / 7 = 14.29
        // (+14.3 %); without the restricted para 7 -> 6: 100 / 6 = 16.67; per teacher still 20.0.
        var s = BudgetEngine.Run(Input(Small, 20)).Scenarios.Single();

        Assert.Equal(200_000m, s.Achieved);
        Assert.Equal(["clerk", "supplies", "clubs", "t1"], s.Cuts.Select(c => c.ItemId));
        Assert.Equal(80_000m, s.Cuts.Single(c => c.ItemId == "supplies").Amount);
        Assert.Equal(14.29m, s.Ratios.StudentsPerInstructionalStaff.After);
        Assert.Equal(14.3m, s.Ratios.StudentsPerInstructionalStaff.ChangePercent);
        Assert.Equal(16.67m, s.Ratios.StudentsPerInstructionalStaffExcludingRestrictedParas.After);
        Assert.Equal(20m, s.Ratios.StudentsPerTeacher.After);
    }

    [Fact]
    public void Thirty_percent_takes_a_teacher_and_overshoots_by_less_than_a_half_step()
    {
        // Target $300,000. After $200,000 (as at 20 %), t2 goes too: $230,000. Teaching: teacher1 0.5 FTE = $40,000
        // -> $270,000, still short; the next half FTE -> $310,000. Overshoot $10,000 < the $40,000 half step.
        // Per teacher 100 / 4 = 25.0 (+25 %); instructional 100 / 5 = 20.0; the para is never cut.
        var s = BudgetEngine.Run(Input(Small, 30)).Scenarios.Single();

        Assert.Equal(310_000m, s.Achieved);
        Assert.Equal(10_000m, s.Overshoot);
        Assert.Equal(0m, s.Shortfall);
        Assert.Equal(("teacher1", 1.0m, 80_000m), s.Cuts.Select(c => (c.ItemId, c.Fte, c.Amount)).Last());
        Assert.Equal(25m, s.Ratios.StudentsPerTeacher.After);
        Assert.Equal(25m, s.Ratios.StudentsPerTeacher.ChangePercent);
        Assert.Equal(20m, s.Ratios.StudentsPerInstructionalStaff.After);
        Assert.DoesNotContain(s.Cuts, c => c.ItemId is "para" or "software" or "principal");
        Assert.Equal(["students-per-teacher-above-ceiling"], s.AtRiskReasons);
    }

    [Fact]
    public void Sixty_percent_runs_out_of_cuttable_money_and_reports_the_shortfall()
    {
        // Cuttable: clerk 50 + supplies 80 + clubs 40 + tutors 60 + teachers 400 = $630,000 against a $600,000 target:
        // enough. With every teacher gone the school would have no teacher: a 60 % cut needs 570 of the 630 available.
        var s = BudgetEngine.Run(Input(Small with { Funding = Small.Funding with { General = 1_100_000m } }, 60)).Scenarios.Single();

        // Target 60 % × $1,100,000 = $660,000 > $630,000 available: shortfall $30,000, and no teacher is left.
        Assert.Equal(660_000m, s.Target);
        Assert.Equal(630_000m, s.Achieved);
        Assert.Equal(30_000m, s.Shortfall);
        Assert.Null(s.Ratios.StudentsPerTeacher.After);
        Assert.Equal(["shortfall", "no-teachers-left"], s.AtRiskReasons);
    }

    [Fact]
    public void A_five_year_plan_grows_each_line_at_its_own_rate_and_drops_the_grant_after_it_ends()
    {
        // Fiscal year 2020, general $500,000 for 100 students = $5,000 per pupil; restricted $50,000; a $20,000 grant
        // for FY2020-2021. One teacher $300,000 + benefits $100,000; software $30,000 (recurring IT); furniture
        // $10,000 bought once; 100 devices × $300 refreshed every 3 years = $10,000 a year.
        // Y0: revenue 100 × 5,000 + 50,000 + 20,000 = 570,000; expense 300,000 + 100,000 + 30,000 + 10,000 + 10,000 = 450,000.
        // Y1: revenue 110 × 5,000 × 1.02 = 561,000 + 70,000 = 631,000;
        //     expense 309,000 + 105,000 + 30,600 + 10,000 = 454,600 (furniture was one-time).
        // Y2: the grant has ended: 110 × 5,000 × 1.0404 = 572,220 + 50,000 = 622,220;
        //     expense 318,270 + 110,250 + 31,212 + 10,000 = 469,732.
        // Y4: IT = 30,000 × 1.02^4 + 10,000 = 42,472.96; expense 337,652.64 + 121,550.63 + 42,472.96 = 501,676.23;
        //     share 42,472.96 / 501,676.23 = 0.0847.
        var profile = new SchoolProfile
        {
            Id = "plan", Name = "Plan", FiscalYear = 2020,
            Enrollment = new Enrollment { Students = 100, Projection = [100, 110, 110, 110, 110] },
            Funding = new Funding
            {
                General = 500_000m,
                Restricted = [new RestrictedFunding("special education", 50_000m)],
                Grants = [new Grant { Id = "g", Name = "Grant", AnnualAmount = 20_000m, StartYear = 2020, EndYear = 2021 }],
            },
            Positions = [Staff("teacher", "teacher", Categories.Teaching, 300_000m, 100_000m)],
            NonPersonnel = [Line("software", Categories.NonPersonnel, 30_000m, technology: true), Line("furniture", Categories.NonPersonnel, 10_000m, recurring: false)],
            Devices = [new DeviceFleet { Name = "Laptops", Count = 100, UnitCost = 300m, RefreshYears = 3 }],
        };

        var plan = BudgetEngine.Run(Input(profile)).Baseline;

        Assert.Equal([570_000m, 631_000m, 622_220m], plan.Years.Take(3).Select(y => y.Revenue));
        Assert.Equal([450_000m, 454_600m, 469_732m], plan.Years.Take(3).Select(y => y.Expense));
        Assert.Equal([2020, 2021, 2022, 2023, 2024], plan.Years.Select(y => y.FiscalYear));
        Assert.Equal(42_472.96m, plan.Years[4].RecurringIt);
        Assert.Equal(0.0847m, plan.RecurringItShareYear4);
        Assert.Null(plan.FirstDeficitYear);
    }

    [Fact]
    public void Start_up_shares_are_measured_against_the_report_s_averages()
    {
        // $100,000 spread exactly as the report's averages (41/21/11/10/7/6/4) for 200 students: $500 per pupil.
        // Per-pupil funding: ($1,600,000 general + $200,000 restricted) / 200 = $9,000, plus $1,000 of central services
        // = $10,000, so start-up is 5 % of it. The grant, $45,000 a year for two years, is $90,000 / $1,800,000 = 5 %.
        var profile = new SchoolProfile
        {
            Id = "startup", Name = "Startup", FiscalYear = 2020,
            Enrollment = new Enrollment { Students = 200 },
            Funding = new Funding
            {
                General = 1_600_000m,
                Restricted = [new RestrictedFunding("special education", 200_000m)],
                Grants = [new Grant { Id = "g", Name = "Grant", AnnualAmount = 45_000m, StartYear = 2019, EndYear = 2020 }],
            },
            Startup = new Dictionary<string, decimal>
            {
                ["technology"] = 41_000m, ["professional-development"] = 21_000m, ["stipends-and-bonuses"] = 11_000m,
                ["instructional-support-staff"] = 10_000m, ["materials-and-furniture"] = 7_000m, ["consultants-and-partner-staff"] = 6_000m,
                ["extra-admin-staff"] = 4_000m,
            },
        };

        var startup = BudgetEngine.Run(Input(profile)).Startup;

        Assert.Equal(100_000m, startup.Total);
        Assert.Equal(500m, startup.PerPupil);
        Assert.Equal(0.05m, startup.ShareOfPerPupilFunding);
        Assert.Equal(0.05m, startup.GrantShareOfBudget);
        Assert.All(startup.Shares, s => Assert.Equal(s.ReportAverage, s.Share));
        Assert.Equal(7, startup.Shares.Count);
    }
}
