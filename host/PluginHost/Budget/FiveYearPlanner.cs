using PluginHost.Inputs;

namespace PluginHost.Budget;

/// <summary>
/// Revenue and expense for years 0–4 with SPEC's formulas. Revenue: enrollment × general per pupil × (1 − cut)
/// × (1 + revenue growth)^y, plus restricted money, plus grants active that year. Expense: what is left of each
/// position and line after the cuts, grown at its own rate, plus device refresh.
/// </summary>
internal static class FiveYearPlanner
{
    public const int Years = 5;

    /// <summary>
    /// What every plan of one school shares, whatever the cut: funding per pupil, restricted money, device refresh, and
    /// each year's enrollment, grants and growth factors. A school has a plan without cuts and one per scenario; these
    /// figures are worked out once for all of them, with the same operations in the same order as one plan would.
    /// </summary>
    internal sealed class Basis
    {
        public Basis(SchoolProfile profile, Projection projection)
        {
            Profile = profile;
            PerPupil = profile.Funding.General / profile.Enrollment.Students;
            Restricted = profile.Funding.RestrictedTotal();
            Refresh = profile.Devices.Sum(d => d.Count * d.UnitCost / d.RefreshYears);
            decimal revenueGrowth = 1m, salaryGrowth = 1m, benefitGrowth = 1m, inflation = 1m;
            for (var y = 0; y < Years; y++)
            {
                var fiscalYear = profile.FiscalYear + y;
                var enrollment = EnrollmentIn(profile.Enrollment, y);
                Each[y] = new Year(fiscalYear, enrollment, enrollment * PerPupil, GrantsIn(profile.Funding.Grants, fiscalYear), revenueGrowth, salaryGrowth, benefitGrowth, inflation);
                revenueGrowth *= 1m + projection.RevenueGrowth;
                salaryGrowth *= 1m + projection.SalaryGrowth;
                benefitGrowth *= 1m + projection.BenefitGrowth;
                inflation *= 1m + projection.NonPersonnelInflation;
            }

            Staff = StaffSums.Walk(profile, CutTotals.None);
            SmallTerms = profile.Positions.All(p => StaffSums.Uncut(p) is var (salary, benefits, stipend) && Small(salary) && Small(benefits) && Small(stipend));
        }

        public SchoolProfile Profile { get; }

        /// <summary>Salaries, benefits and stipends with no cut, summed in profile order.</summary>
        public StaffSums Staff { get; }

        /// <summary>Whether every term of <see cref="Staff"/> is small enough that sums of them are exact (see <see cref="Small"/>).</summary>
        public bool SmallTerms { get; }

        public decimal PerPupil { get; }

        public decimal Restricted { get; }

        public decimal Refresh { get; }

        public Year[] Each { get; } = new Year[Years];

        /// <param name="Funded">Enrollment × general funding per pupil, before any cut.</param>
        internal readonly record struct Year(int FiscalYear, int Enrollment, decimal Funded, decimal Grants, decimal RevenueGrowth, decimal SalaryGrowth, decimal BenefitGrowth, decimal Inflation);
    }

    public static FiveYearPlan Plan(Basis basis, CutTotals cuts, int reductionPercent)
    {
        var profile = basis.Profile;
        var cutLines = cuts.Lines;

        // What is left after the cuts does not change from year to year; only the growth factors do. So the sums are
        // taken once and each year is a handful of multiplications, however many positions and lines a school has.
        var (salaries, benefits, stipends) = StaffSums.After(basis, cuts) ?? StaffSums.Walk(profile, cuts);

        decimal allLines = 0m, recurringLines = 0m, recurringTechnology = 0m;
        foreach (var line in profile.NonPersonnel)
        {
            // x - 0 is x at its own scale, so a line no cut touches is taken as it is.
            var amount = cutLines is not null && cutLines.TryGetValue(line.Id, out var cut) ? line.Amount - cut.Amount : line.Amount;
            allLines += amount;
            if (line.Recurring)
            {
                recurringLines += amount;
                recurringTechnology += line.Technology ? amount : 0m;
            }
        }

        var refresh = basis.Refresh;
        var kept = 1m - reductionPercent / 100m;
        var years = new YearPlan[Years];
        int? firstDeficit = null;
        for (var y = 0; y < Years; y++)
        {
            var year = basis.Each[y];
            var revenue = year.Funded * kept * year.RevenueGrowth + basis.Restricted + year.Grants;
            var staff = salaries * year.SalaryGrowth + benefits * year.BenefitGrowth + stipends;
            var lines = (y == 0 ? allLines : recurringLines) * year.Inflation;
            var recurringIt = recurringTechnology * year.Inflation + refresh;
            var expense = staff + lines + refresh;
            var plan = new YearPlan(y, year.FiscalYear, year.Enrollment, Math.Round(revenue, 2), Math.Round(expense, 2), Math.Round(revenue - expense, 2), Math.Round(recurringIt, 2));
            years[y] = plan;
            firstDeficit ??= plan.Surplus < 0m ? plan.FiscalYear : null;
        }

        var last = years[^1];
        return new FiveYearPlan(years, firstDeficit, last.Expense == 0m ? 0m : Math.Round(last.RecurringIt / last.Expense, 4));
    }

    /// <summary>What the staff cost after the cuts, before growth: salaries, benefits and stipends.</summary>
    internal readonly record struct StaffSums(decimal Salaries, decimal Benefits, decimal Stipends)
    {
        /// <summary>Every position's share left after the cuts, summed in profile order from zero.</summary>
        public static StaffSums Walk(SchoolProfile profile, CutTotals cuts)
        {
            decimal salaries = 0m, benefits = 0m, stipends = 0m;
            var positions = profile.Positions;
            var next = 0;
            for (var i = 0; i < positions.Count; i++)
            {
                var p = positions[i];
                var cutFte = cuts.CutFteAt(i, ref next);
                if (cutFte is null)
                {
                    var (salary, benefit, stipend) = Uncut(p);
                    salaries += salary;
                    benefits += benefit;
                    stipends += stipend;
                    continue;
                }

                // Here a cut took part of the position.
                var left = Left(p, cutFte);
                salaries += left * p.Salary;
                benefits += left * p.Benefits;
                stipends += left * (p.Stipend?.Amount ?? 0m);
            }

            return new StaffSums(salaries, benefits, stipends);
        }

        /// <summary>
        /// The same sums from the sums with no cut: each cut position's full figures taken out and what it keeps put in.
        /// Null when that could differ from <see cref="Walk"/> in any digit or in scale, which is then used instead.
        /// </summary>
        /// <remarks>
        /// Decimal sums of small terms (see <see cref="Small"/>) are exact, so they do not depend on the order of the
        /// terms: the value is the exact sum and the scale the largest scale among the terms. The terms here are those of
        /// the walk plus each cut position's full figure, taken out again; where a kept share (left × x) has at least the
        /// scale of x, the largest scale is the walk's. A kept share that is not small (a third of an FTE left: 28 digits)
        /// or below its figure's scale sends the plan back to the walk.
        /// </remarks>
        public static StaffSums? After(Basis basis, CutTotals cuts)
        {
            if (cuts.Positions is null)
            {
                return basis.Staff;
            }

            if (!basis.SmallTerms)
            {
                return null;
            }

            var (salaries, benefits, stipends) = basis.Staff;
            var positions = basis.Profile.Positions;
            foreach (var cut in cuts.Positions)
            {
                var p = positions[cut.Index];
                var left = Left(p, cut.Fte);
                var stipend = p.Stipend?.Amount ?? 0m;
                var (salary, benefit, kept) = (left * p.Salary, left * p.Benefits, left * stipend);
                var (wholeSalary, wholeBenefit, wholeStipend) = Uncut(p);
                if (!Replaces(salary, wholeSalary) || !Replaces(benefit, wholeBenefit) || !Replaces(kept, wholeStipend))
                {
                    return null;
                }

                salaries = salaries - wholeSalary + salary;
                benefits = benefits - wholeBenefit + benefit;
                stipends = stipends - wholeStipend + kept;
            }

            return new StaffSums(Unsigned(salaries), Unsigned(benefits), Unsigned(stipends));
        }

        /// <summary>
        /// A zero made by taking one figure from another at a different scale is negative (5.0 - 5 is -0.0); the walk
        /// adds terms that are never negative and so never makes one. Its digits and scale are kept, its sign dropped.
        /// </summary>
        private static decimal Unsigned(decimal sum) => sum == 0m && decimal.IsNegative(sum) ? -sum : sum;

        /// <summary>
        /// Whether a kept share can stand in for the figure it replaces: small, and at least at the figure's scale. A
        /// product keeps the sum of its factors' scales, except a zero whose scale would pass 28 (a third of an FTE
        /// left of 0.00 is 0, at scale 0): the walk never sees the figure's scale then, so the sums would differ in it.
        /// </summary>
        private static bool Replaces(decimal share, decimal figure) => Small(share) && share.Scale >= figure.Scale;

        /// <summary>
        /// What <see cref="Walk"/> adds for a position no cut touches. Such a position keeps all of itself: (fte - 0) / fte
        /// is exactly 1, at scale 0, and 1 × x is x to the last digit and scale, so its figures are added as they are (no
        /// division, no three multiplications); with no FTE its share is 0, and 0 × x is added. The sums with no cut are
        /// made of these terms.
        /// </summary>
        public static (decimal Salary, decimal Benefits, decimal Stipend) Uncut(Position p)
        {
            var stipend = p.Stipend?.Amount ?? 0m;
            return p.Fte != 0m ? (p.Salary, p.Benefits, stipend) : (0m * p.Salary, 0m * p.Benefits, 0m * stipend);
        }

        private static decimal Left(Position p, decimal? cutFte) => p.Fte == 0m ? 0m : (p.Fte - cutFte!.Value) / p.Fte;
    }

    /// <summary>
    /// A term that any number of others like it add up to exactly: not negative, at most six decimal places and under
    /// 2^50 in its digits. Sums of such terms fit a decimal's 96 bits at six places for millions of terms.
    /// </summary>
    private static bool Small(decimal value) =>
        !decimal.IsNegative(value) && Formatting.Formats.TryParts(value, out var digits, out var scale) && scale <= 6 && digits < 1UL << 50;

    /// <summary>The grants active in a fiscal year, summed in the profile's order.</summary>
    private static decimal GrantsIn(IReadOnlyList<Grant> grants, int fiscalYear)
    {
        var sum = 0m;
        foreach (var g in grants)
        {
            if (g.StartYear <= fiscalYear && fiscalYear <= g.EndYear)
            {
                sum += g.AnnualAmount;
            }
        }

        return sum;
    }

    /// <summary>Recurring costs paid by grant or one-time money that ends inside the five years: the cost outlives the money.</summary>
    public static IReadOnlyList<GrantDependency> GrantDependencies(SchoolProfile profile)
    {
        var grants = profile.Funding.Grants;
        var horizon = profile.FiscalYear + Years - 1;
        var found = new List<GrantDependency>();
        // The item's name is written only for an item that does depend on a grant ending early: most items name no grant.
        foreach (var p in profile.Positions)
        {
            if (EndsEarly(grants, p.GrantId, horizon) is { } grant)
            {
                found.Add(Dependency($"{p.Title} ({p.Id})", grant, p.AnnualCost));
            }

            if (p.Stipend is { } s && EndsEarly(grants, s.GrantId, horizon) is { } stipendGrant)
            {
                found.Add(Dependency($"stipend for {p.Title} ({p.Id})", stipendGrant, s.Amount));
            }
        }

        foreach (var line in profile.NonPersonnel)
        {
            if (line.Recurring && EndsEarly(grants, line.GrantId, horizon) is { } grant)
            {
                found.Add(Dependency($"{line.Name} ({line.Id})", grant, line.Amount));
            }
        }

        return found;
    }

    /// <summary>The grant an item names, when it ends before the plan's last year (a school has a few grants, each id once).</summary>
    private static Grant? EndsEarly(IReadOnlyList<Grant> grants, string? grantId, int horizon)
    {
        if (grantId is null)
        {
            return null;
        }

        foreach (var grant in grants)
        {
            if (grant.Id == grantId)
            {
                return grant.EndYear < horizon ? grant : null;
            }
        }

        return null;
    }

    private static GrantDependency Dependency(string item, Grant grant, decimal amount) => new(item, grant.Id, grant.Name, grant.EndYear, amount);

    public static int EnrollmentIn(Enrollment enrollment, int year) =>
        enrollment.Projection.Count == 0 ? enrollment.Students : enrollment.Projection[Math.Min(year, enrollment.Projection.Count - 1)];
}

/// <summary>Start-up funds against the report's ranges and average uses.</summary>
internal static class StartupAnalyzer
{
    public static StartupResult Analyze(SchoolProfile profile, decimal centralServicesPerPupil)
    {
        // Loops, not queries: each sum adds the same terms in the same order from zero.
        var total = 0m;
        foreach (var amount in profile.Startup.Values)
        {
            total += amount;
        }

        var students = profile.Enrollment.Students;
        var perPupil = Math.Round(total / students, 2);
        var annual = profile.Funding.General + profile.Funding.RestrictedTotal();
        var totalPerPupilFunding = annual / students + centralServicesPerPupil;
        // As the report measures it: a grant's whole award against one year's school-directed budget.
        var grantAwards = 0m;
        foreach (var g in profile.Funding.Grants)
        {
            if (g.Kind == FundingSources.Grant)
            {
                grantAwards += g.AnnualAmount * (g.EndYear - g.StartYear + 1);
            }
        }

        var shares = new List<StartupShare>(ReportFigures.StartupShares.Count);
        foreach (var s in ReportFigures.StartupShares)
        {
            var amount = profile.Startup.GetValueOrDefault(s.Category);
            shares.Add(new StartupShare(s.Category, s.Label, amount, total == 0m ? 0m : Math.Round(amount / total, 4), s.Share));
        }

        return new StartupResult(
            total,
            perPupil,
            totalPerPupilFunding == 0m ? 0m : Math.Round(perPupil / totalPerPupilFunding, 4),
            annual == 0m ? 0m : Math.Round(grantAwards / annual, 4),
            shares);
    }
}
