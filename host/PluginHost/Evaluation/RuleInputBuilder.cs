using PluginHost.Budget;
using PluginHost.Inputs;
using PluginHost.Policy;

namespace PluginHost.Evaluation;

/// <summary>Turns a profile and budget results into the flat facts rules read. Computed once per school.</summary>
internal static class RuleInputBuilder
{
    public static SchoolInput School(SchoolProfile profile, IReadOnlyList<ResolvedElement> elements, DateOnly asOf, string judgedRatio = JudgedRatios.StudentsPerTeacher)
    {
        // One walk over the staff instead of a filtered sum per fact: each sum still adds its own positions in profile
        // order from zero, as the sums it replaces did, so every fact is the same to the digit and scale.
        decimal teachers = 0m, teacherLeaders = 0m, support = 0m, administrative = 0m, vacant = 0m;
        decimal positionsOnOneTime = 0m, stipendTotal = 0m, stipendsOnOneTime = 0m;
        var stipendCount = 0;
        var fteByRole = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in profile.Positions)
        {
            if (p.Vacant)
            {
                vacant += p.Fte;
            }
            else
            {
                fteByRole[p.Role] = fteByRole.GetValueOrDefault(p.Role) + p.Fte;
                if (p.Role == "teacher-leader")
                {
                    teacherLeaders += p.Fte;
                }

                switch (p.Category)
                {
                    case Categories.Teaching:
                        teachers += p.Fte;
                        break;
                    case Categories.InstructionalSupport:
                        support += p.Fte;
                        break;
                    case Categories.Administrative:
                        administrative += p.Fte;
                        break;
                }
            }

            if (IsOneTime(p.Funding))
            {
                positionsOnOneTime += p.AnnualCost;
            }

            if (p.Stipend is { } stipend)
            {
                stipendCount++;
                stipendTotal += stipend.Amount;
                if (IsOneTime(stipend.Funding))
                {
                    stipendsOnOneTime += stipend.Amount;
                }
            }
        }

        var linesOnOneTime = 0m;
        foreach (var line in profile.NonPersonnel)
        {
            if (line.Recurring && IsOneTime(line.Funding))
            {
                linesOnOneTime += line.Amount;
            }
        }

        var restricted = profile.Funding.Restricted.Sum(r => r.Amount);
        var grants = profile.Funding.Grants.Where(g => g.StartYear <= profile.FiscalYear && profile.FiscalYear <= g.EndYear).Sum(g => g.AnnualAmount);
        var recurringOnOneTime = positionsOnOneTime + stipendsOnOneTime + linesOnOneTime;
        var purchases = profile.Practices.NonStandardPurchases;
        return new SchoolInput
        {
            Id = profile.Id,
            Name = profile.Name,
            FiscalYear = profile.FiscalYear,
            Enrollment = profile.Enrollment.Students,
            AsOf = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            AsOfYear = asOf.Year,
            Archetypes = profile.Archetypes,
            DesignElements = elements.Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList(),
            GeneralFunding = profile.Funding.General,
            RestrictedFunding = restricted,
            GrantFunding = grants,
            GeneralPerPupil = Math.Round(profile.Funding.General / profile.Enrollment.Students, 2),
            TeacherFte = teachers,
            TeacherLeaderFte = teacherLeaders,
            InstructionalSupportFte = support,
            AdministrativeFte = administrative,
            VacantFte = vacant,
            StudentsPerTeacher = teachers == 0m ? 0m : Math.Round(profile.Enrollment.Students / teachers, 2),
            StipendCount = stipendCount,
            StipendTotal = stipendTotal,
            StipendsOnOneTimeMoney = stipendsOnOneTime,
            RecurringCostOnOneTimeMoney = recurringOnOneTime,
            GrantShareOfBudget = profile.Funding.General + restricted == 0m ? 0m : Math.Round(grants / (profile.Funding.General + restricted), 4),
            StandardsBasedGrading = profile.Practices.StandardsBasedGrading,
            CompetencyBasedProgression = profile.Practices.CompetencyBasedProgression,
            MultiAgeGrouping = profile.Practices.MultiAgeGrouping,
            LabBlockSchedule = profile.Practices.LabBlockSchedule,
            ReclassifiedPositions = profile.Practices.ReclassifiedPositions,
            TeachersCutBeforeSupportStaff = profile.Practices.TeachersCutBeforeSupportStaff,
            JudgedOnStudentsPerTeacher = judgedRatio == JudgedRatios.StudentsPerTeacher,
            NonStandardPurchaseCount = purchases.Count,
            NonStandardPurchaseTotal = purchases.Sum(p => p.Amount),
            NonStandardPurchaseItems = string.Join(", ", purchases.Select(p => p.Item)),
            FteByRole = fteByRole,
        };
    }

    private static bool IsOneTime(string funding) => funding is FundingSources.Grant or FundingSources.OneTime;

    public static OutlookInput Outlook(BudgetResult budget, IReadOnlyList<ResolvedElement> elements, SchoolProfile profile)
    {
        var deepest = budget.Scenarios.Count == 0 ? null : budget.Scenarios[^1];
        var firstHit = budget.Scenarios.FirstOrDefault(s => s.DesignElementsImpacted.Count > 0);
        var baseline = budget.Baseline;
        var deficitAfterGrant = budget.LastGrantYear is { } last && baseline.Years.Any(y => y.FiscalYear > last && y.Surplus < 0m);
        var names = elements.ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
        var hit = deepest?.DesignElementsImpacted ?? [];
        var worst = budget.Scenarios.Where(s => s.Ratios.StudentsPerTeacher.After is not null).OrderByDescending(s => s.Ratios.StudentsPerTeacher.After).FirstOrDefault();
        var runOut = budget.Scenarios.FirstOrDefault(s => s.Ratios.StudentsPerTeacher.After is null);
        var adminFte = profile.Positions.Where(p => p.Category == Categories.Administrative && !p.Vacant && p.Funding == FundingSources.General && !p.Restricted).Sum(p => p.Fte);
        var adminCut = deepest?.Cuts.Where(c => c.Category == Categories.Administrative && c.ItemKind == "position" && !c.Vacant).Sum(c => c.Fte) ?? 0m;
        var technology = profile.NonPersonnel.Where(l => l.Technology && l.Recurring && l.Funding == FundingSources.General).ToDictionary(l => l.Id, l => l.Amount, StringComparer.Ordinal);
        var technologyCut = deepest?.Cuts.Where(c => c.ItemKind == "line" && technology.ContainsKey(c.ItemId)).Sum(c => c.Amount) ?? 0m;
        var year0 = baseline.Years.Count > 0 ? baseline.Years[0].Surplus : 0m;
        var year4 = baseline.Years.Count > 0 ? baseline.Years[^1].Surplus : 0m;
        return new OutlookInput
        {
            StartupTotal = budget.Startup.Total,
            StartupPerPupil = budget.Startup.PerPupil,
            StartupShareOfPerPupilFunding = budget.Startup.ShareOfPerPupilFunding,
            RecurringItShareYear4 = baseline.RecurringItShareYear4,
            HasDeficit = baseline.FirstDeficitYear is not null,
            FirstDeficitYear = baseline.FirstDeficitYear ?? 0,
            LastGrantYear = budget.LastGrantYear ?? 0,
            DeficitAfterGrantEnds = deficitAfterGrant,
            RecurringCostOnOneTimeMoney = budget.GrantDependencies.Sum(d => d.AnnualAmount),
            RecurringCostOnOneTimeItems = string.Join(", ", budget.GrantDependencies.Select(d => $"{d.Item} until {d.EndYear}")),
            StudentsPerTeacherBefore = budget.RatiosBefore.StudentsPerTeacher ?? 0m,
            MaxStudentsPerTeacher = worst?.Ratios.StudentsPerTeacher.After ?? budget.RatiosBefore.StudentsPerTeacher ?? 0m,
            MaxStudentsPerTeacherCut = runOut?.ReductionPercent ?? worst?.ReductionPercent ?? 0,
            TeachersRunOut = runOut is not null,
            DesignElementsCutCount = hit.Count,
            DesignElementsCut = string.Join(", ", hit.Select(h => names.GetValueOrDefault(h, h))),
            FirstCutHittingDesignElement = firstHit?.ReductionPercent ?? 0,
            DeepestCut = deepest?.ReductionPercent ?? 0,
            AdministrativeShareCutAtDeepest = adminFte == 0m ? 0m : Math.Round(adminCut / adminFte, 4),
            TechnologyShareCutAtDeepest = technology.Count == 0 ? 0m : Math.Round(technologyCut / technology.Values.Sum(), 4),
            TechnologyCutAtDeepest = technologyCut,
            SurplusYear0 = year0,
            SurplusYear4 = year4,
            SurplusShrinkShare = year0 <= 0m ? 0m : Math.Round((year0 - year4) / year0, 4),
            FiscalYear4 = baseline.Years.Count > 0 ? baseline.Years[^1].FiscalYear : 0,
            Scenarios = budget.Scenarios.Select(s => new ScenarioInput
            {
                ReductionPercent = s.ReductionPercent,
                Target = s.Target,
                Achieved = s.Achieved,
                Shortfall = s.Shortfall,
                StudentsPerTeacherAfter = s.Ratios.StudentsPerTeacher.After,
                StudentsPerInstructionalStaffAfter = s.Ratios.StudentsPerInstructionalStaff.After,
                DesignElementsCut = s.DesignElementsImpacted.Count,
                AtRisk = s.AtRisk,
            }).ToList(),
        };
    }
}
