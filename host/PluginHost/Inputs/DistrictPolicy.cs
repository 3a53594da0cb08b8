namespace PluginHost.Inputs;

/// <summary>A district's finance and academic policies. Field names follow rules/schemas/district-policy.schema.json.</summary>
internal sealed record DistrictPolicy
{
    public required string Name { get; init; }
    public Compensation Compensation { get; init; } = new();
    public SeatTime SeatTime { get; init; } = new();
    public Grading Grading { get; init; } = new();
    public CompetencyPilot CompetencyPilot { get; init; } = new();
    public Procurement Procurement { get; init; } = new();
    public Flexibilities Flexibilities { get; init; } = new();
    /// <summary>Only a district policy sets a ceiling; without one (the neutral policy) no school is at risk for its ratio.</summary>
    public decimal? StudentsPerTeacherCeiling { get; init; }

    /// <summary>The ceiling for models designed around students per instructional adult (a plugin's designRatio).</summary>
    public decimal? StudentsPerInstructionalStaffCeiling { get; init; }

    public decimal? CeilingFor(string judgedRatio) =>
        judgedRatio == Inputs.JudgedRatios.StudentsPerInstructionalStaff ? StudentsPerInstructionalStaffCeiling : StudentsPerTeacherCeiling;

    /// <summary>
    /// Per-pupil value of services the central office provides in kind. A school-directed budget leaves these out,
    /// so start-up as a share of per-pupil funding adds them back, as the report does.
    /// </summary>
    public decimal CentralServicesPerPupil { get; init; }
    public Projection Projection { get; init; } = new();

    /// <summary>Every flexibility granted and nothing required: what <c>plan</c> uses when no policy is given.</summary>
    public static DistrictPolicy Neutral { get; } = new()
    {
        Name = "Neutral policy (every flexibility granted, no requirements)",
        Compensation = new() { LeadershipPayOnSchedule = true, StipendsAllowed = true, WaiversAvailable = true },
        SeatTime = new() { Required = false },
        Grading = new() { LetterGradesRequired = false },
        Procurement = new() { NonStandardAllowed = true, ApprovalDays = 0 },
    };
}

internal sealed record Compensation
{
    public bool LeadershipPayOnSchedule { get; init; }
    public bool StipendsAllowed { get; init; } = true;
    public bool WaiversAvailable { get; init; }
}

internal sealed record SeatTime
{
    public bool Required { get; init; }
    public int MinutesPerCredit { get; init; }
}

internal sealed record Grading
{
    public bool LetterGradesRequired { get; init; }
}

internal sealed record CompetencyPilot
{
    public int Seats { get; init; }
    public IReadOnlyList<string> Schools { get; init; } = [];
}

internal sealed record Procurement
{
    public int ApprovalDays { get; init; }
    public bool NonStandardAllowed { get; init; } = true;
    public IReadOnlyList<string> VendorList { get; init; } = [];
}

internal sealed record Flexibilities
{
    public bool Budget { get; init; } = true;
    public bool Staffing { get; init; } = true;
    public bool PositionDescription { get; init; } = true;
    public bool Scheduling { get; init; } = true;
}

internal sealed record Projection
{
    public decimal RevenueGrowth { get; init; }
    public decimal SalaryGrowth { get; init; }
    public decimal BenefitGrowth { get; init; }
    public decimal NonPersonnelInflation { get; init; }
}
