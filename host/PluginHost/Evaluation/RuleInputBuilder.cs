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
        foreach (var p in profile.Positions)
        {
            if (p.Vacant)
            {
                vacant += p.Fte;
            }
            else
            {
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

        var restricted = profile.Funding.RestrictedTotal();
        var grants = profile.Funding.Grants.Where(g => g.StartYear <= profile.FiscalYear && profile.FiscalYear <= g.EndYear).Sum(g => g.AnnualAmount);
        var recurringOnOneTime = positionsOnOneTime + stipendsOnOneTime + linesOnOneTime;
        var purchases = profile.Practices.NonStandardPurchases;
        return new SchoolInput
        {
            Id = profile.Id,
            Name = profile.Name,
            FiscalYear = profile.FiscalYear,
            Enrollment = profile.Enrollment.Students,
            AsOf = AsOfText(asOf),
            AsOfYear = asOf.Year,
            Archetypes = profile.Archetypes,
            DesignElements = ElementIds(elements),
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
            Positions = profile.Positions,
        };
    }

    /// <summary>Each element's id once, in order (a school's elements are a handful: a list beats a set).</summary>
    private static List<string> ElementIds(IReadOnlyList<ResolvedElement> elements)
    {
        var ids = new List<string>(elements.Count);
        foreach (var element in elements)
        {
            ids.AddOnce(element.Id);
        }

        return ids;
    }

    /// <summary>
    /// The as-of date as yyyy-MM-dd: every school of a run with one fiscal year shares it, so the last one written is
    /// kept (a date and its text in one object, so a thread never sees one without the other).
    /// </summary>
    private static string AsOfText(DateOnly asOf)
    {
        if (s_asOf is { } known && known.Date == asOf)
        {
            return known.Text;
        }

        var text = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        s_asOf = new(asOf, text);
        return text;
    }

    private sealed record DateText(DateOnly Date, string Text);

    private static DateText? s_asOf;

    private static bool IsOneTime(string funding) => funding is FundingSources.Grant or FundingSources.OneTime;

    public static OutlookInput Outlook(BudgetResult budget, IReadOnlyList<ResolvedElement> elements, SchoolProfile profile)
    {
        // Plain loops over a handful of scenarios, years, cuts and lines; each sum adds the same terms in the same order
        // from zero as the query it replaces, and each "first" is the first in order, so every fact is the same to the digit.
        var scenarios = budget.Scenarios;
        var deepest = scenarios.Count == 0 ? null : scenarios[^1];
        ScenarioResult? firstHit = null, worst = null, runOut = null;
        foreach (var s in scenarios)
        {
            firstHit ??= s.DesignElementsImpacted.Count > 0 ? s : null;
            // Teachers run out where a cut takes the last of them; a school with none before any cut (insufficient
            // staffing data) has none to lose, and was once told a 10 % cut "would leave no teacher at all".
            runOut ??= s.Ratios.StudentsPerTeacher is { Before: not null, After: null } ? s : null;
            // The highest ratio after a cut, the earliest scenario among equals.
            if (s.Ratios.StudentsPerTeacher.After is { } after && (worst is null || after > worst.Ratios.StudentsPerTeacher.After!.Value))
            {
                worst = s;
            }
        }

        var baseline = budget.Baseline;
        var deficitAfterGrant = false;
        if (budget.LastGrantYear is { } last)
        {
            foreach (var y in baseline.Years)
            {
                deficitAfterGrant |= y.FiscalYear > last && y.Surplus < 0m;
            }
        }

        var hit = deepest?.DesignElementsImpacted ?? [];
        var adminFte = 0m;
        foreach (var p in profile.Positions)
        {
            if (p.Category == Categories.Administrative && !p.Vacant && p.Funding == FundingSources.General && !p.Restricted)
            {
                adminFte += p.Fte;
            }
        }

        var technology = new List<string>();
        var technologyTotal = 0m;
        foreach (var l in profile.NonPersonnel)
        {
            if (l.Technology && l.Recurring && l.Funding == FundingSources.General)
            {
                technology.Add(l.Id);
                technologyTotal += l.Amount;
            }
        }

        decimal adminCut = 0m, technologyCut = 0m;
        foreach (var c in deepest?.Cuts ?? [])
        {
            if (c.Category == Categories.Administrative && c.ItemKind == "position" && !c.Vacant)
            {
                adminCut += c.Fte;
            }

            if (c.ItemKind == "line" && technology.ContainsOrdinal(c.ItemId))
            {
                technologyCut += c.Amount;
            }
        }

        var onOneTime = 0m;
        foreach (var d in budget.GrantDependencies)
        {
            onOneTime += d.AnnualAmount;
        }

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
            RecurringCostOnOneTimeMoney = onOneTime,
            RecurringCostOnOneTimeItems = string.Join(", ", budget.GrantDependencies.Select(d => $"{d.Item} until {d.EndYear}")),
            StudentsPerTeacherBefore = budget.RatiosBefore.StudentsPerTeacher ?? 0m,
            MaxStudentsPerTeacher = worst?.Ratios.StudentsPerTeacher.After ?? budget.RatiosBefore.StudentsPerTeacher ?? 0m,
            MaxStudentsPerTeacherCut = runOut?.ReductionPercent ?? worst?.ReductionPercent ?? 0,
            TeachersRunOut = runOut is not null,
            DesignElementsCutCount = hit.Count,
            DesignElementsCut = string.Join(", ", hit.Select(h => NameOf(elements, h))),
            FirstCutHittingDesignElement = firstHit?.ReductionPercent ?? 0,
            DeepestCut = deepest?.ReductionPercent ?? 0,
            AdministrativeShareCutAtDeepest = adminFte == 0m ? 0m : Math.Round(adminCut / adminFte, 4),
            TechnologyShareCutAtDeepest = technology.Count == 0 ? 0m : Math.Round(technologyCut / technologyTotal, 4),
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

    /// <summary>A design element's name, or its id when the school's elements do not name it.</summary>
    private static string NameOf(IReadOnlyList<ResolvedElement> elements, string id)
    {
        foreach (var e in elements)
        {
            if (e.Id == id)
            {
                return e.Name;
            }
        }

        return id;
    }
}
