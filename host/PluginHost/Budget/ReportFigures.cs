namespace PluginHost.Budget;

/// <summary>
/// The report's average uses of start-up funds (LEAP Innovations / Afton Partners, Sustaining Innovation &amp;
/// Preparing for Scale, 2018), which every start-up analysis is measured against. The report's thresholds (7 % of
/// per-pupil funding, about 2 % recurring IT) live in the rules, where an analyst can change them, and its ranges
/// in the memo templates that quote them.
/// </summary>
internal static class ReportFigures
{
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
}
