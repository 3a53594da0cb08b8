using PluginHost.Inputs;

namespace PluginHost.Policy;

// These are the only types rule expressions can see. Each member is a plain fact computed once per school,
// so a rule reads like policy ("policy.LetterGradesRequired && school.StandardsBasedGrading"), and the allow-list
// can admit every public member of these types and nothing else of ours.

/// <summary>The school as rules see it (parameter <c>school</c>).</summary>
internal sealed class SchoolInput
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required int FiscalYear { get; init; }
    public required int Enrollment { get; init; }

    /// <summary>The run's as-of date as yyyy-MM-dd, passed in as a value: rules never read the clock.</summary>
    public required string AsOf { get; init; }

    public required int AsOfYear { get; init; }
    public required IReadOnlyList<string> Archetypes { get; init; }
    public required IReadOnlyList<string> DesignElements { get; init; }
    public required decimal GeneralFunding { get; init; }
    public required decimal RestrictedFunding { get; init; }
    public required decimal GrantFunding { get; init; }
    public required decimal GeneralPerPupil { get; init; }
    public required decimal TeacherFte { get; init; }
    public required decimal TeacherLeaderFte { get; init; }
    public required decimal InstructionalSupportFte { get; init; }
    public required decimal AdministrativeFte { get; init; }
    public required decimal VacantFte { get; init; }
    public required decimal StudentsPerTeacher { get; init; }
    public required int StipendCount { get; init; }
    public required decimal StipendTotal { get; init; }
    public required decimal StipendsOnOneTimeMoney { get; init; }
    public required decimal RecurringCostOnOneTimeMoney { get; init; }
    public required decimal GrantShareOfBudget { get; init; }
    public required bool StandardsBasedGrading { get; init; }
    public required bool CompetencyBasedProgression { get; init; }
    public required bool MultiAgeGrouping { get; init; }
    public required bool LabBlockSchedule { get; init; }
    public required bool ReclassifiedPositions { get; init; }
    public required bool TeachersCutBeforeSupportStaff { get; init; }

    /// <summary>False for a model designed around another ratio (a plugin's designRatio), which the district's per-teacher ceiling does not judge.</summary>
    public required bool JudgedOnStudentsPerTeacher { get; init; }
    public required int NonStandardPurchaseCount { get; init; }
    public required decimal NonStandardPurchaseTotal { get; init; }
    public required string NonStandardPurchaseItems { get; init; }
    /// <summary>The school's positions, which <see cref="RoleFte"/> sums by role the first time a rule asks (no shipped rule does).</summary>
    internal required IReadOnlyList<Position> Positions { get; init; }

    private Dictionary<string, decimal>? _fteByRole;

    public bool HasArchetype(string archetype) => Archetypes.ContainsOrdinal(archetype);

    public bool HasDesignElement(string element) => DesignElements.ContainsOrdinal(element);

    /// <summary>The FTE in place (vacancies aside) of a role, summed in profile order.</summary>
    public decimal RoleFte(string role) => (_fteByRole ??= FteByRole(Positions)).TryGetValue(role, out var fte) ? fte : 0m;

    private static Dictionary<string, decimal> FteByRole(IReadOnlyList<Position> positions)
    {
        var byRole = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in positions)
        {
            if (!p.Vacant)
            {
                byRole[p.Role] = byRole.GetValueOrDefault(p.Role) + p.Fte;
            }
        }

        return byRole;
    }
}

/// <summary>The district policy as rules see it (parameter <c>policy</c>).</summary>
internal sealed class PolicyInput
{
    public required string Name { get; init; }
    public required bool LeadershipPayOnSchedule { get; init; }
    public required bool StipendsAllowed { get; init; }
    public required bool WaiversAvailable { get; init; }
    public required bool SeatTimeRequired { get; init; }
    public required int MinutesPerCredit { get; init; }
    public required bool LetterGradesRequired { get; init; }
    public required int CompetencyPilotSeats { get; init; }
    public required bool SchoolInCompetencyPilot { get; init; }
    public required int ProcurementApprovalDays { get; init; }
    public required bool NonStandardPurchasesAllowed { get; init; }
    public required bool BudgetFlexibility { get; init; }
    public required bool StaffingFlexibility { get; init; }
    public required bool PositionDescriptionFlexibility { get; init; }
    public required bool SchedulingFlexibility { get; init; }
    public required bool HasStudentsPerTeacherCeiling { get; init; }

    /// <summary>Zero when the policy sets none; read it with <see cref="HasStudentsPerTeacherCeiling"/>.</summary>
    public required decimal StudentsPerTeacherCeiling { get; init; }
}

/// <summary>The budget results as second-pass rules see them (parameter <c>outlook</c>).</summary>
internal sealed class OutlookInput
{
    public required decimal StartupTotal { get; init; }
    public required decimal StartupPerPupil { get; init; }
    public required decimal StartupShareOfPerPupilFunding { get; init; }
    public required decimal RecurringItShareYear4 { get; init; }
    public required bool HasDeficit { get; init; }
    public required int FirstDeficitYear { get; init; }
    public required int LastGrantYear { get; init; }
    public required bool DeficitAfterGrantEnds { get; init; }
    public required decimal RecurringCostOnOneTimeMoney { get; init; }
    public required string RecurringCostOnOneTimeItems { get; init; }
    public required decimal StudentsPerTeacherBefore { get; init; }
    public required decimal MaxStudentsPerTeacher { get; init; }

    /// <summary>True when some cut leaves no teacher at all (students per teacher then has no finite value).</summary>
    public required bool TeachersRunOut { get; init; }
    public required int MaxStudentsPerTeacherCut { get; init; }
    public required int DesignElementsCutCount { get; init; }
    public required string DesignElementsCut { get; init; }
    public required int FirstCutHittingDesignElement { get; init; }
    public required IReadOnlyList<ScenarioInput> Scenarios { get; init; }

    /// <summary>The deepest cut of the run, in percent; the next three facts are measured there.</summary>
    public required int DeepestCut { get; init; }

    /// <summary>Share of the filled administrative FTE (general money) that the deepest cut removes.</summary>
    public required decimal AdministrativeShareCutAtDeepest { get; init; }

    /// <summary>Share of recurring technology spending on general money (licences, devices) that the deepest cut removes.</summary>
    public required decimal TechnologyShareCutAtDeepest { get; init; }

    public required decimal TechnologyCutAtDeepest { get; init; }

    /// <summary>Baseline surplus in year 0 and year 4, and how much of the first it loses by the last (0 when year 0 has none).</summary>
    public required decimal SurplusYear0 { get; init; }

    public required decimal SurplusYear4 { get; init; }

    public required decimal SurplusShrinkShare { get; init; }

    public required int FiscalYear4 { get; init; }
}

/// <summary>One cut scenario's results (items of <c>outlook.Scenarios</c>).</summary>
internal sealed class ScenarioInput
{
    public required int ReductionPercent { get; init; }
    public required decimal Target { get; init; }
    public required decimal Achieved { get; init; }
    public required decimal Shortfall { get; init; }
    public required decimal? StudentsPerTeacherAfter { get; init; }
    public required decimal? StudentsPerInstructionalStaffAfter { get; init; }
    public required int DesignElementsCut { get; init; }
    public required bool AtRisk { get; init; }
}

/// <summary>What one rule evaluation sees; <see cref="Outlook"/> is null in the first pass.</summary>
internal sealed record RuleContext(SchoolInput School, PolicyInput Policy, OutlookInput? Outlook);

internal static class PolicyInputs
{
    public static PolicyInput From(DistrictPolicy policy, string schoolId) => new()
    {
        Name = policy.Name,
        LeadershipPayOnSchedule = policy.Compensation.LeadershipPayOnSchedule,
        StipendsAllowed = policy.Compensation.StipendsAllowed,
        WaiversAvailable = policy.Compensation.WaiversAvailable,
        SeatTimeRequired = policy.SeatTime.Required,
        MinutesPerCredit = policy.SeatTime.MinutesPerCredit,
        LetterGradesRequired = policy.Grading.LetterGradesRequired,
        CompetencyPilotSeats = policy.CompetencyPilot.Seats,
        SchoolInCompetencyPilot = policy.CompetencyPilot.Schools.Contains(schoolId, StringComparer.Ordinal),
        ProcurementApprovalDays = policy.Procurement.ApprovalDays,
        NonStandardPurchasesAllowed = policy.Procurement.NonStandardAllowed,
        BudgetFlexibility = policy.Flexibilities.Budget,
        StaffingFlexibility = policy.Flexibilities.Staffing,
        PositionDescriptionFlexibility = policy.Flexibilities.PositionDescription,
        SchedulingFlexibility = policy.Flexibilities.Scheduling,
        HasStudentsPerTeacherCeiling = policy.StudentsPerTeacherCeiling is not null,
        StudentsPerTeacherCeiling = policy.StudentsPerTeacherCeiling ?? 0m,
    };
}
