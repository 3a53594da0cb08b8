using System.Globalization;
using CsvHelper;
using PluginHost.Evaluation;
using PluginHost.Policy;

namespace PluginHost.Memos;

/// <summary>
/// The few numbers of a school the district summary needs. A batch keeps only these, so memory does not grow
/// with the size of each school's result.
/// </summary>
internal sealed record SchoolDigest(
    string Id,
    string Name,
    IReadOnlyList<string> Archetypes,
    IReadOnlyList<string> BlockedPolicies,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RecommendationsByPolicy,
    IReadOnlyList<ScenarioDigest> Scenarios,
    bool IllustrativeData)
{
    public static SchoolDigest Of(SchoolResult result) => new(
        result.School.Id,
        result.School.Name,
        result.School.Archetypes,
        result.Blockers.Select(b => b.Policy).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        result.Blockers.GroupBy(b => b.Policy, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(b => b.RecommendationIds).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal),
        result.Scenarios.Select(s => new ScenarioDigest(
            s.ReductionPercent,
            s.AtRisk,
            s.AtRiskReasons,
            s.Ratios.StudentsPerTeacher.Before,
            s.Ratios.StudentsPerTeacher.After,
            s.Ratios.StudentsPerInstructionalStaff.Before,
            s.Ratios.StudentsPerInstructionalStaff.After,
            s.Ratios.StudentsPerInstructionalStaff.ChangePercent,
            s.Shortfall,
            s.DesignElementsImpacted.Count)).ToList(),
        result.School.IllustrativeData);
}

internal sealed record ScenarioDigest(int ReductionPercent, bool AtRisk, IReadOnlyList<string> Reasons, decimal? StudentsPerTeacherBefore, decimal? StudentsPerTeacherAfter,
    decimal? StudentsPerInstructionalStaffBefore, decimal? StudentsPerInstructionalStaffAfter, decimal? InstructionalStaffRatioChangePercent, decimal Shortfall, int DesignElementsCut);

internal sealed record BlockerCount(string Policy, int Schools, IReadOnlyList<string> SchoolNames);

internal sealed record AtRiskSchool(string Id, string Name, IReadOnlyList<string> Reasons, decimal? StudentsPerTeacherAfter, decimal Shortfall, int DesignElementsCut);

internal sealed record ArchetypeDurability(string Archetype, int Schools, decimal MeanTeacherRatioRisePercent, decimal MeanInstructionalRatioRisePercent);

internal sealed record PooledNeed(string Policy, int Schools, IReadOnlyList<string> SchoolNames, IReadOnlyList<string> Recommendations);

/// <summary>The district summary: blockers by count, who is at risk at the deepest cut, durability by archetype, pooled needs.</summary>
internal sealed record DistrictSummary(
    int SchoolCount,
    int FailedCount,
    bool IllustrativeData,
    int DeepestCut,
    IReadOnlyList<BlockerCount> Blockers,
    IReadOnlyList<AtRiskSchool> AtRisk,
    IReadOnlyList<ArchetypeDurability> Durability,
    IReadOnlyList<PooledNeed> PooledNeeds,
    IReadOnlyList<FailureEntry> Failures,
    IReadOnlyList<string> RuleSetHashes)
{
    private IReadOnlyList<SchoolDigest> Schools { get; init; } = [];

    public const string NoArchetype = "none (traditional or own design)";

    public static DistrictSummary Build(IReadOnlyList<SchoolDigest> digests, IReadOnlyList<FailureEntry> failures, IReadOnlyList<string> ruleSetHashes)
    {
        var schools = digests.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var deepest = schools.SelectMany(s => s.Scenarios).Select(s => s.ReductionPercent).DefaultIfEmpty(0).Max();
        var blockers = schools
            .SelectMany(s => s.BlockedPolicies.Select(p => (Policy: p, School: s)))
            .GroupBy(x => x.Policy, StringComparer.Ordinal)
            .Select(g => new BlockerCount(g.Key, g.Count(), g.Select(x => x.School.Name).ToList()))
            .OrderByDescending(b => b.Schools).ThenBy(b => b.Policy, StringComparer.Ordinal)
            .ToList();
        var atRisk = schools
            .Select(s => (School: s, Scenario: s.Scenarios.FirstOrDefault(c => c.ReductionPercent == deepest)))
            .Where(x => x.Scenario is { AtRisk: true })
            .Select(x => new AtRiskSchool(x.School.Id, x.School.Name, x.Scenario!.Reasons, x.Scenario.StudentsPerTeacherAfter, x.Scenario.Shortfall, x.Scenario.DesignElementsCut))
            .ToList();
        var durability = schools
            .SelectMany(s => (s.Archetypes.Count == 0 ? [NoArchetype] : s.Archetypes).Select(a => (Archetype: a, School: s)))
            .GroupBy(x => x.Archetype, StringComparer.Ordinal)
            .Select(g =>
            {
                var deep = g.Select(x => x.School.Scenarios.FirstOrDefault(c => c.ReductionPercent == deepest)).OfType<ScenarioDigest>().ToList();
                var teacherRises = deep.Select(c => Rise(c.StudentsPerTeacherBefore, c.StudentsPerTeacherAfter)).OfType<decimal>().ToList();
                var instructionalRises = deep.Select(c => c.InstructionalStaffRatioChangePercent).OfType<decimal>().ToList();
                return new ArchetypeDurability(
                    g.Key,
                    g.Count(),
                    teacherRises.Count == 0 ? 0m : Math.Round(teacherRises.Average(), 1),
                    instructionalRises.Count == 0 ? 0m : Math.Round(instructionalRises.Average(), 1));
            })
            .OrderBy(d => d.MeanInstructionalRatioRisePercent).ThenBy(d => d.Archetype, StringComparer.Ordinal)
            .ToList();
        var pooled = blockers.Where(b => b.Schools >= 2)
            .Select(b => new PooledNeed(b.Policy, b.Schools, b.SchoolNames,
                schools.SelectMany(s => s.RecommendationsByPolicy.GetValueOrDefault(b.Policy) ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return new DistrictSummary(schools.Count, failures.Count, schools.Any(s => s.IllustrativeData), deepest, blockers, atRisk, durability, pooled, failures, ruleSetHashes)
        {
            Schools = schools,
        };
    }

    public IReadOnlyDictionary<string, string> Charts() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["durability"] = new ChartSpec(
            "durability",
            $"Mean rise in students per instructional staff at a {DeepestCut} % cut, by archetype",
            "% rise",
            Durability.Select(d => d.Archetype).ToList(),
            ["Per instructional staff", "Per teacher"],
            [Durability.Select(d => (decimal?)d.MeanInstructionalRatioRisePercent).ToList(), Durability.Select(d => (decimal?)d.MeanTeacherRatioRisePercent).ToList()]).ToJson(),
    };

    /// <summary>The full schools × scenarios × blockers table, one row per school and scenario.</summary>
    public string ToCsv()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Spreadsheet formula injection: a school named "=HYPERLINK(...)" must stay text when a CFO opens the file.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, Injection = CsvInjection.Escape, NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord([
                "school_id", "school_name", "archetypes", "reduction_percent", "at_risk", "at_risk_reasons", "students_per_teacher_before",
                "students_per_teacher_after", "students_per_instructional_staff_before", "students_per_instructional_staff_after", "shortfall", "design_elements_cut",
                .. PolicyAreas.All.Select(p => "blocked_" + p.Replace('-', '_')),
            ]);
            foreach (var school in Schools)
            {
                foreach (var s in school.Scenarios)
                {
                    csv.WriteRecord([
                        school.Id, school.Name, string.Join(";", school.Archetypes), Invariant(s.ReductionPercent), s.AtRisk ? "yes" : "no", string.Join(";", s.Reasons),
                        Invariant(s.StudentsPerTeacherBefore), Invariant(s.StudentsPerTeacherAfter), Invariant(s.StudentsPerInstructionalStaffBefore),
                        Invariant(s.StudentsPerInstructionalStaffAfter), Invariant(s.Shortfall), Invariant(s.DesignElementsCut),
                        .. PolicyAreas.All.Select(p => school.BlockedPolicies.Contains(p) ? "1" : "0"),
                    ]);
                }
            }

            csv.Flush();
        }

        return text.ToString();
    }

    private static string Invariant(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static decimal? Rise(decimal? before, decimal? after) => before is > 0m && after is { } a ? (a - before.Value) / before.Value * 100m : null;
}
