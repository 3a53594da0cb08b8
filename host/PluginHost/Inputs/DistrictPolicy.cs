using System.Text.Json;
using static PluginHost.Io.JsonFields;

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

    /// <summary>The policy as the serialiser reads it, when it is named; otherwise null (<see cref="Io.JsonFields"/>).</summary>
    public static DistrictPolicy? Bind(JsonElement root) =>
        Fields(root, new DistrictPolicy { Name = null! }, (policy, field) => field.Name switch
        {
            "name" when Text(field.Value) is { } name => policy with { Name = name },
            "compensation" when Compensation.Bind(field.Value) is { } compensation => policy with { Compensation = compensation },
            "seatTime" when SeatTime.Bind(field.Value) is { } seatTime => policy with { SeatTime = seatTime },
            "grading" when Grading.Bind(field.Value) is { } grading => policy with { Grading = grading },
            "competencyPilot" when CompetencyPilot.Bind(field.Value) is { } pilot => policy with { CompetencyPilot = pilot },
            "procurement" when Procurement.Bind(field.Value) is { } procurement => policy with { Procurement = procurement },
            "flexibilities" when Flexibilities.Bind(field.Value) is { } flexibilities => policy with { Flexibilities = flexibilities },
            "studentsPerTeacherCeiling" when Number(field.Value) is { } ceiling => policy with { StudentsPerTeacherCeiling = ceiling },
            "studentsPerTeacherCeiling" when IsNull(field.Value) => policy with { StudentsPerTeacherCeiling = null },
            "studentsPerInstructionalStaffCeiling" when Number(field.Value) is { } ceiling => policy with { StudentsPerInstructionalStaffCeiling = ceiling },
            "studentsPerInstructionalStaffCeiling" when IsNull(field.Value) => policy with { StudentsPerInstructionalStaffCeiling = null },
            "centralServicesPerPupil" when Number(field.Value) is { } perPupil => policy with { CentralServicesPerPupil = perPupil },
            "projection" when Projection.Bind(field.Value) is { } projection => policy with { Projection = projection },
            _ => null,
        }) is { Name: not null } made ? made : null;
}

internal sealed record Compensation
{
    public bool LeadershipPayOnSchedule { get; init; }
    public bool StipendsAllowed { get; init; } = true;
    public bool WaiversAvailable { get; init; }

    public static Compensation? Bind(JsonElement element) =>
        Fields(element, new Compensation(), (compensation, field) => field.Name switch
        {
            "leadershipPayOnSchedule" when Flag(field.Value) is { } value => compensation with { LeadershipPayOnSchedule = value },
            "stipendsAllowed" when Flag(field.Value) is { } value => compensation with { StipendsAllowed = value },
            "waiversAvailable" when Flag(field.Value) is { } value => compensation with { WaiversAvailable = value },
            _ => null,
        });
}

internal sealed record SeatTime
{
    public bool Required { get; init; }
    public int MinutesPerCredit { get; init; }

    public static SeatTime? Bind(JsonElement element) =>
        Fields(element, new SeatTime(), (seatTime, field) => field.Name switch
        {
            "required" when Flag(field.Value) is { } value => seatTime with { Required = value },
            "minutesPerCredit" when Whole(field.Value) is { } value => seatTime with { MinutesPerCredit = value },
            _ => null,
        });
}

internal sealed record Grading
{
    public bool LetterGradesRequired { get; init; }

    public static Grading? Bind(JsonElement element) =>
        Fields(element, new Grading(), (grading, field) => field.Name switch
        {
            "letterGradesRequired" when Flag(field.Value) is { } value => grading with { LetterGradesRequired = value },
            _ => null,
        });
}

internal sealed record CompetencyPilot
{
    public int Seats { get; init; }
    public IReadOnlyList<string> Schools { get; init; } = [];

    public static CompetencyPilot? Bind(JsonElement element) =>
        Fields(element, new CompetencyPilot(), (competencyPilot, field) => field.Name switch
        {
            "seats" when Whole(field.Value) is { } value => competencyPilot with { Seats = value },
            "schools" when Texts(field.Value) is { } value => competencyPilot with { Schools = value },
            _ => null,
        });
}

internal sealed record Procurement
{
    public int ApprovalDays { get; init; }
    public bool NonStandardAllowed { get; init; } = true;
    public IReadOnlyList<string> VendorList { get; init; } = [];

    public static Procurement? Bind(JsonElement element) =>
        Fields(element, new Procurement(), (procurement, field) => field.Name switch
        {
            "approvalDays" when Whole(field.Value) is { } value => procurement with { ApprovalDays = value },
            "nonStandardAllowed" when Flag(field.Value) is { } value => procurement with { NonStandardAllowed = value },
            "vendorList" when Texts(field.Value) is { } value => procurement with { VendorList = value },
            _ => null,
        });
}

internal sealed record Flexibilities
{
    public bool Budget { get; init; } = true;
    public bool Staffing { get; init; } = true;
    public bool PositionDescription { get; init; } = true;
    public bool Scheduling { get; init; } = true;

    public static Flexibilities? Bind(JsonElement element) =>
        Fields(element, new Flexibilities(), (flexibilities, field) => field.Name switch
        {
            "budget" when Flag(field.Value) is { } value => flexibilities with { Budget = value },
            "staffing" when Flag(field.Value) is { } value => flexibilities with { Staffing = value },
            "positionDescription" when Flag(field.Value) is { } value => flexibilities with { PositionDescription = value },
            "scheduling" when Flag(field.Value) is { } value => flexibilities with { Scheduling = value },
            _ => null,
        });
}

internal sealed record Projection
{
    public decimal RevenueGrowth { get; init; }
    public decimal SalaryGrowth { get; init; }
    public decimal BenefitGrowth { get; init; }
    public decimal NonPersonnelInflation { get; init; }

    public static Projection? Bind(JsonElement element) =>
        Fields(element, new Projection(), (projection, field) => field.Name switch
        {
            "revenueGrowth" when Number(field.Value) is { } value => projection with { RevenueGrowth = value },
            "salaryGrowth" when Number(field.Value) is { } value => projection with { SalaryGrowth = value },
            "benefitGrowth" when Number(field.Value) is { } value => projection with { BenefitGrowth = value },
            "nonPersonnelInflation" when Number(field.Value) is { } value => projection with { NonPersonnelInflation = value },
            _ => null,
        });
}
