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

    public static FiveYearPlan Plan(SchoolProfile profile, Projection projection, IReadOnlyList<Cut> cuts, int reductionPercent)
    {
        var cutBy = cuts.GroupBy(c => (c.ItemKind, c.ItemId)).ToDictionary(g => g.Key, g => (Fte: g.Sum(c => c.Fte), Amount: g.Sum(c => c.Amount)));
        var students0 = profile.Enrollment.Students;
        var perPupil = profile.Funding.General / students0;
        var restricted = profile.Funding.Restricted.Sum(r => r.Amount);
        var years = new List<YearPlan>();
        for (var y = 0; y < Years; y++)
        {
            var fiscalYear = profile.FiscalYear + y;
            var enrollment = EnrollmentIn(profile.Enrollment, y);
            var revenue = enrollment * perPupil * (1m - reductionPercent / 100m) * Grow(projection.RevenueGrowth, y)
                + restricted
                + profile.Funding.Grants.Where(g => g.StartYear <= fiscalYear && fiscalYear <= g.EndYear).Sum(g => g.AnnualAmount);

            var staff = 0m;
            foreach (var p in profile.Positions)
            {
                var left = p.Fte == 0m ? 0m : (p.Fte - cutBy.GetValueOrDefault(("position", p.Id)).Fte) / p.Fte;
                staff += left * (p.Salary * Grow(projection.SalaryGrowth, y) + p.Benefits * Grow(projection.BenefitGrowth, y) + (p.Stipend?.Amount ?? 0m));
            }

            var lines = 0m;
            var recurringIt = 0m;
            foreach (var line in profile.NonPersonnel.Where(l => l.Recurring || y == 0))
            {
                var amount = (line.Amount - cutBy.GetValueOrDefault(("line", line.Id)).Amount) * Grow(projection.NonPersonnelInflation, y);
                lines += amount;
                if (line.Technology && line.Recurring)
                {
                    recurringIt += amount;
                }
            }

            var refresh = profile.Devices.Sum(d => d.Count * d.UnitCost / d.RefreshYears);
            recurringIt += refresh;
            var expense = staff + lines + refresh;
            years.Add(new YearPlan(y, fiscalYear, enrollment, Math.Round(revenue, 2), Math.Round(expense, 2), Math.Round(revenue - expense, 2), Math.Round(recurringIt, 2)));
        }

        var firstDeficit = years.FirstOrDefault(y => y.Surplus < 0m)?.FiscalYear;
        var last = years[^1];
        return new FiveYearPlan(years, firstDeficit, last.Expense == 0m ? 0m : Math.Round(last.RecurringIt / last.Expense, 4));
    }

    /// <summary>Recurring costs paid by grant or one-time money that ends inside the five years: the cost outlives the money.</summary>
    public static IReadOnlyList<GrantDependency> GrantDependencies(SchoolProfile profile)
    {
        var grants = profile.Funding.Grants.ToDictionary(g => g.Id, StringComparer.Ordinal);
        var horizon = profile.FiscalYear + Years - 1;
        var found = new List<GrantDependency>();
        void Add(string item, string? grantId, decimal amount)
        {
            if (grantId is not null && grants.TryGetValue(grantId, out var grant) && grant.EndYear < horizon)
            {
                found.Add(new GrantDependency(item, grant.Id, grant.Name, grant.EndYear, amount));
            }
        }

        foreach (var p in profile.Positions)
        {
            Add($"{p.Title} ({p.Id})", p.GrantId, p.AnnualCost);
            if (p.Stipend is { } s)
            {
                Add($"stipend for {p.Title} ({p.Id})", s.GrantId, s.Amount);
            }
        }

        foreach (var line in profile.NonPersonnel.Where(l => l.Recurring))
        {
            Add($"{line.Name} ({line.Id})", line.GrantId, line.Amount);
        }

        return found;
    }

    public static int EnrollmentIn(Enrollment enrollment, int year) =>
        enrollment.Projection.Count == 0 ? enrollment.Students : enrollment.Projection[Math.Min(year, enrollment.Projection.Count - 1)];

    private static decimal Grow(decimal rate, int years)
    {
        var factor = 1m;
        for (var i = 0; i < years; i++)
        {
            factor *= 1m + rate;
        }

        return factor;
    }
}

/// <summary>Start-up funds against the report's ranges and average uses.</summary>
internal static class StartupAnalyzer
{
    public static StartupResult Analyze(SchoolProfile profile, decimal centralServicesPerPupil)
    {
        var total = profile.Startup.Values.Sum();
        var students = profile.Enrollment.Students;
        var perPupil = Math.Round(total / students, 2);
        var annual = profile.Funding.General + profile.Funding.Restricted.Sum(r => r.Amount);
        var totalPerPupilFunding = annual / students + centralServicesPerPupil;
        // As the report measures it: a grant's whole award against one year's school-directed budget.
        var grantAwards = profile.Funding.Grants
            .Where(g => g.Kind == FundingSources.Grant)
            .Sum(g => g.AnnualAmount * (g.EndYear - g.StartYear + 1));
        var shares = ReportFigures.StartupShares
            .Select(s => (s.Category, s.Label, Amount: profile.Startup.GetValueOrDefault(s.Category), s.Share))
            .Select(s => new StartupShare(s.Category, s.Label, s.Amount, total == 0m ? 0m : Math.Round(s.Amount / total, 4), s.Share))
            .ToList();
        return new StartupResult(
            total,
            perPupil,
            totalPerPupilFunding == 0m ? 0m : Math.Round(perPupil / totalPerPupilFunding, 4),
            annual == 0m ? 0m : Math.Round(grantAwards / annual, 4),
            shares);
    }
}
