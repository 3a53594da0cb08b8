namespace PluginHost.Budget;

/// <summary>
/// Figures from the LEAP Innovations / Afton Partners report "Sustaining Innovation &amp; Preparing for Scale"
/// (2018) that memos compare schools against. Kept in one place so every comparison names the same source.
/// </summary>
internal static class ReportFigures
{
    public const string Source = "LEAP Innovations / Afton Partners, Sustaining Innovation & Preparing for Scale (2018)";

    /// <summary>Average share of start-up funds by use across the six schools.</summary>
    public static IReadOnlyList<(string Category, string Label, decimal Share)> StartupShares { get; } =
    [
        ("technology", "Technology", 0.41m),
        ("professional-development", "Professional development", 0.21m),
        ("stipends-and-bonuses", "Stipends and bonuses", 0.11m),
        ("instructional-support-staff", "Instructional support staff", 0.10m),
        ("materials-and-furniture", "Materials and furniture", 0.07m),
        ("consultants-and-partner-staff", "Consultants and partner staff", 0.06m),
        ("extra-admin-staff", "Extra admin / personalized-learning staff", 0.04m),
    ];

    /// <summary>Start-up never exceeded 7 % of per-pupil funding in the report's schools.</summary>
    public const decimal StartupShareOfPerPupilCeiling = 0.07m;

    /// <summary>Recurring IT was about 2 % of the budget by year five.</summary>
    public const decimal RecurringItShareYear4 = 0.02m;

    public const decimal StartupLow = 338_000m;
    public const decimal StartupHigh = 780_000m;
    public const decimal StartupPerPupilLow = 233m;
    public const decimal StartupPerPupilHigh = 1_135m;

    public static string StartupLabel(string category) =>
        StartupShares.FirstOrDefault(s => s.Category == category).Label ?? category;
}
