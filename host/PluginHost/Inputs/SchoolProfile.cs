namespace PluginHost.Inputs;

/// <summary>A school as its profile file describes it. Field names follow rules/schemas/school-profile.schema.json.</summary>
internal sealed record SchoolProfile
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required int FiscalYear { get; init; }
    public IReadOnlyList<string> Archetypes { get; init; } = [];
    public required Enrollment Enrollment { get; init; }
    public required Funding Funding { get; init; }
    public IReadOnlyList<Position> Positions { get; init; } = [];
    public IReadOnlyList<SpendingLine> NonPersonnel { get; init; } = [];
    public IReadOnlyList<DeviceFleet> Devices { get; init; } = [];
    public IReadOnlyDictionary<string, decimal> Startup { get; init; } = new Dictionary<string, decimal>();
    public IReadOnlyList<OwnDesignElement> DesignElements { get; init; } = [];
    public Practices Practices { get; init; } = new();
    public bool IllustrativeData { get; init; }

    /// <summary>Set by the roster import when funding was inferred from position costs.</summary>
    public bool BalancedBudgetAssumed { get; init; }

    /// <summary>What the data behind this profile does not hold (<see cref="Inputs.MissingData"/>); memos say so where it matters.</summary>
    public IReadOnlyList<string> MissingData { get; init; } = [];
}

/// <summary>Kinds of data a profile can lack, as <c>missingData</c> names them.</summary>
internal static class MissingData
{
    public const string NonPersonnel = "non-personnel";
    public const string Devices = "devices";
    public const string Startup = "startup";
    public const string TeachingStaff = "teaching-staff";

    public static IReadOnlyList<string> All { get; } = [NonPersonnel, Devices, Startup, TeachingStaff];
}

internal sealed record Enrollment
{
    public required int Students { get; init; }

    /// <summary>Students in years 0–4; year 0 equals <see cref="Students"/>. Missing years repeat the last known one.</summary>
    public IReadOnlyList<int> Projection { get; init; } = [];

    public int SpecialEducation { get; init; }
}

internal sealed record Funding
{
    public required decimal General { get; init; }
    public IReadOnlyList<RestrictedFunding> Restricted { get; init; } = [];
    public IReadOnlyList<Grant> Grants { get; init; } = [];

    /// <summary>Restricted money, summed in the profile's order from zero (a method, so it is never written into a profile).</summary>
    public decimal RestrictedTotal()
    {
        var total = 0m;
        foreach (var r in Restricted)
        {
            total += r.Amount;
        }

        return total;
    }
}

internal sealed record RestrictedFunding(string Purpose, decimal Amount);

internal sealed record Grant
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary><c>grant</c> or <c>one-time</c>.</summary>
    public string Kind { get; init; } = FundingSources.Grant;

    /// <summary>Amount received in each active year.</summary>
    public required decimal AnnualAmount { get; init; }

    public required int StartYear { get; init; }
    public required int EndYear { get; init; }
}

internal sealed record Position
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Role { get; init; }
    public required string Category { get; init; }
    public required decimal Fte { get; init; }
    public required decimal Salary { get; init; }
    public required decimal Benefits { get; init; }
    public required string Funding { get; init; }
    public string? GrantId { get; init; }

    /// <summary>Mandated by a restricted purpose (for example an IEP paraprofessional); never cuttable.</summary>
    public bool Restricted { get; init; }

    public bool Vacant { get; init; }
    public Stipend? Stipend { get; init; }
    public IReadOnlyList<string> DesignElements { get; init; } = [];

    public decimal AnnualCost => Salary + Benefits;
}

internal sealed record Stipend
{
    public required decimal Amount { get; init; }
    public required string Funding { get; init; }
    public string? GrantId { get; init; }
}

internal sealed record SpendingLine
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Category { get; init; }
    public required decimal Amount { get; init; }
    public required string Funding { get; init; }
    public string? GrantId { get; init; }
    public bool Recurring { get; init; } = true;
    public bool Technology { get; init; }
    public IReadOnlyList<string> DesignElements { get; init; } = [];
}

internal sealed record DeviceFleet
{
    public required string Name { get; init; }
    public required int Count { get; init; }
    public required decimal UnitCost { get; init; }
    public required int RefreshYears { get; init; }
    public string Funding { get; init; } = FundingSources.General;
}

internal sealed record OwnDesignElement
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> SpendingKinds { get; init; } = [];
    public bool ProtectedInCuts { get; init; }
}

internal sealed record Practices
{
    public bool StandardsBasedGrading { get; init; }
    public bool CompetencyBasedProgression { get; init; }
    public bool MultiAgeGrouping { get; init; }
    public bool LabBlockSchedule { get; init; }
    public bool ReclassifiedPositions { get; init; }

    /// <summary>The school's own declared preference to cut teachers before support staff (the report's one exception).</summary>
    public bool TeachersCutBeforeSupportStaff { get; init; }
    public IReadOnlyList<NonStandardPurchase> NonStandardPurchases { get; init; } = [];
}

internal sealed record NonStandardPurchase(string Item, decimal Amount);

internal static class FundingSources
{
    public const string General = "general";
    public const string Restricted = "restricted";
    public const string Grant = "grant";
    public const string OneTime = "one-time";
}

/// <summary>
/// The category ids the engine gives a meaning beyond cutting: the ratios count teaching and instructional-support
/// staff. Every category, these included, is defined in rules/categories.json (<see cref="CategoryCatalog"/>).
/// </summary>
internal static class Categories
{
    public const string Administrative = "administrative";
    public const string NonPersonnel = "non-personnel";
    public const string AfterSchoolElective = "after-school-elective";
    public const string InstructionalSupport = "instructional-support";
    public const string Teaching = "teaching";
}
