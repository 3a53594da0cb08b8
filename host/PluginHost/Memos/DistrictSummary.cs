using System.Globalization;
using CsvHelper;
using PluginHost.Evaluation;
using PluginHost.Inputs;
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
    bool IllustrativeData,
    int Students,
    bool InsufficientData)
{
    public static SchoolDigest Of(SchoolResult result)
    {
        // One walk over the blockers: policies in the order first met, each with its recommendations and the changes
        // that lift it once each in the order met, and the first condition stated for it (what grouping gave before).
        var byPolicy = new Dictionary<string, (List<string> Recommendations, List<string> LiftedBy)>(StringComparer.Ordinal);
        var liftedWhen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var blocker in result.Blockers)
        {
            if (!byPolicy.TryGetValue(blocker.Policy, out var policy))
            {
                byPolicy[blocker.Policy] = policy = ([], []);
            }

            foreach (var id in blocker.RecommendationIds)
            {
                policy.Recommendations.AddOnce(id);
            }

            foreach (var change in blocker.LiftedBy)
            {
                policy.LiftedBy.AddOnce(change);
            }

            if (blocker.When is not null)
            {
                liftedWhen.TryAdd(blocker.Policy, blocker.When);
            }
        }

        var recommendations = new Dictionary<string, IReadOnlyList<string>>(byPolicy.Count, StringComparer.Ordinal);
        var liftedBy = new Dictionary<string, IReadOnlyList<string>>(byPolicy.Count, StringComparer.Ordinal);
        foreach (var (name, policy) in byPolicy)
        {
            recommendations[name] = policy.Recommendations;
            liftedBy[name] = policy.LiftedBy;
        }

        var scenarios = new List<ScenarioDigest>(result.Scenarios.Count);
        foreach (var s in result.Scenarios)
        {
            scenarios.Add(new ScenarioDigest(
                s.ReductionPercent,
                s.AtRisk,
                s.AtRiskReasons,
                s.Ratios.StudentsPerTeacher.Before,
                s.Ratios.StudentsPerTeacher.After,
                s.Ratios.StudentsPerInstructionalStaff.Before,
                s.Ratios.StudentsPerInstructionalStaff.After,
                s.Ratios.StudentsPerInstructionalStaff.ChangePercent,
                s.Shortfall,
                s.DesignElementsImpacted.Count,
                s.Target,
                s.Achieved));
        }

        var titles = new List<string>(result.Recommendations.Count);
        foreach (var recommendation in result.Recommendations)
        {
            titles.Add(recommendation.Title);
        }

        var archetypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var archetype in result.Model.Archetypes)
        {
            archetypes.Add(archetype.Id, archetype.Name);
        }

        return new SchoolDigest(
            result.School.Id,
            result.School.Name,
            result.School.Archetypes,
            [.. byPolicy.Keys.Order(StringComparer.Ordinal)],
            recommendations,
            scenarios,
            result.School.IllustrativeData,
            result.School.Enrollment,
            result.School.InsufficientData)
        {
            FirstDeficitYear = result.BaselinePlan.FirstDeficitYear,
            LiftedBy = liftedBy,
            LiftedWhen = liftedWhen,
            Recommendations = titles,
            ArchetypeNames = archetypes,
        };
    }

    public IReadOnlyDictionary<string, string> ArchetypeNames { get; init; } = new Dictionary<string, string>();

    /// <summary>The first fiscal year of a deficit with no cut at all, if any: a structural deficit.</summary>
    public int? FirstDeficitYear { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> LiftedBy { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyDictionary<string, string> LiftedWhen { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Recommendations { get; init; } = [];
}

/// <summary>A school whose plan runs a deficit with no cut at all.</summary>
internal sealed record StructuralDeficit(string Id, string Name, int FirstDeficitYear);

/// <summary>How many schools a recommendation was raised for.</summary>
internal sealed record RecommendationCount(string Title, int Schools);

internal sealed record ScenarioDigest(int ReductionPercent, bool AtRisk, IReadOnlyList<string> Reasons, decimal? StudentsPerTeacherBefore, decimal? StudentsPerTeacherAfter,
    decimal? StudentsPerInstructionalStaffBefore, decimal? StudentsPerInstructionalStaffAfter, decimal? InstructionalStaffRatioChangePercent, decimal Shortfall, int DesignElementsCut,
    decimal Target, decimal Achieved);

/// <summary>
/// Every file the run found, and what became of it: evaluated (with full or insufficient data), failed with a
/// reason, or not a school profile at all; and the students each group holds, so no school drops out of sight.
/// </summary>
/// <param name="RepeatedIds">Of <paramref name="Failed"/>, profiles refused because an earlier one has their school id: the same school, whose students are not counted twice.</param>
internal sealed record Coverage(
    int FilesFound,
    int Evaluated,
    int InsufficientData,
    int Failed,
    int NotProfiles,
    int StudentsEvaluated,
    int StudentsInsufficientData,
    int StudentsFailed,
    int FailedWithUnknownStudents,
    int SchoolsNamedByImport,
    int StudentsNamedByImport,
    int RepeatedIds = 0)
{
    public int StudentsTotal => StudentsEvaluated + StudentsInsufficientData + StudentsFailed;

    /// <summary>Share of known students in schools evaluated with full data.</summary>
    public decimal CoveredShare => StudentsTotal == 0 ? 0m : (decimal)StudentsEvaluated / StudentsTotal;
}

/// <summary>One cut scenario over the whole district: what it asks, what the cut orders find, and who is at risk.</summary>
internal sealed record ScenarioTotal(int ReductionPercent, decimal Target, decimal Achieved, decimal Shortfall, int AtRisk, int Schools);

/// <summary>A school evaluated without teaching staff on record: listed apart, never ranked.</summary>
internal sealed record InsufficientSchool(string Id, string Name, int Students);

/// <summary>A JSON file in the folder that is not a school profile (a mapping, an import report): named once.</summary>
internal sealed record NotAProfileEntry(string File, string Reason);

/// <summary>A subfolder of the profiles folder holding .json files (in it or below it) that a run without --recursive does not read.</summary>
internal sealed record UnreadFolder(string Folder, int JsonFiles);

/// <param name="LiftedBy">Who can lift the blocker (as the rules name them) and <paramref name="When"/>: lifting it unblocks <paramref name="Schools"/> schools.</param>
internal sealed record BlockerCount(string Policy, int Schools, IReadOnlyList<string> SchoolNames, int MoreSchools, IReadOnlyList<string> LiftedBy, string? When);

internal sealed record AtRiskSchool(string Id, string Name, IReadOnlyList<string> Reasons, decimal? StudentsPerTeacherAfter, decimal Shortfall, int DesignElementsCut);

/// <param name="Name">How the archetype's plugin names it, for people; <paramref name="Archetype"/> is its id.</param>
internal sealed record ArchetypeDurability(string Archetype, int Schools, decimal MeanTeacherRatioRisePercent, decimal MeanInstructionalRatioRisePercent, string Name);

internal sealed record PooledNeed(string Policy, int Schools, IReadOnlyList<string> SchoolNames, int MoreSchools, IReadOnlyList<string> Recommendations);

/// <summary>The district summary: blockers by count, who is at risk at the deepest cut, durability by archetype, pooled needs.</summary>
internal sealed record DistrictSummary(
    Coverage Coverage,
    IReadOnlyList<ScenarioTotal> Scenarios,
    IReadOnlyList<InsufficientSchool> InsufficientData,
    IReadOnlyList<NotAProfileEntry> NotProfiles,
    int StructuralDeficitCount,
    IReadOnlyList<StructuralDeficit> StructuralDeficits,
    IReadOnlyList<RecommendationCount> RecommendationsByTitle,
    int SchoolCount,
    int FailedCount,
    bool IllustrativeData,
    int DeepestCut,
    IReadOnlyList<BlockerCount> Blockers,
    int AtRiskCount,
    IReadOnlyList<AtRiskSchool> AtRisk,
    IReadOnlyList<ArchetypeDurability> Durability,
    IReadOnlyList<PooledNeed> PooledNeeds,
    IReadOnlyList<FailureEntry> Failures,
    IReadOnlyList<string> RuleSetHashes)
{
    /// <summary>The district policy every school was judged under, by its name; null when the run did not say.</summary>
    public string? Policy { get; init; }

    /// <summary>The policy's file as memos name it; null for the neutral policy a run assumes when it is given none.</summary>
    public string? PolicyFile { get; init; }

    /// <summary>Subfolders of the profiles folder holding .json files the run did not read (it was not --recursive).</summary>
    public IReadOnlyList<UnreadFolder> UnreadFolders { get; init; } = [];

    public const string NoArchetype = "none (traditional or own design)";

    public IReadOnlyDictionary<string, ChartSpec> Charts(CultureInfo culture)
    {
        var ranked = Durability.OrderBy(d => d.MeanInstructionalRatioRisePercent).ToList();
        return new Dictionary<string, ChartSpec>(StringComparer.Ordinal)
        {
            ["durability"] = new ChartSpec(
                "durability",
                $"Rise in students per instructional staff at a {DeepestCut} % cut, by archetype",
                "% rise, mean over the archetype's schools",
                ChartValues.Percent,
                Durability.Select(d => d.Name).ToList(),
                ["Per instructional staff", "Per teacher"],
                [Durability.Select(d => (decimal?)d.MeanInstructionalRatioRisePercent).ToList(), Durability.Select(d => (decimal?)d.MeanTeacherRatioRisePercent).ToList()])
            {
                Reading = ranked.Count == 0 ? "No school was evaluated with full data."
                    : $"The smallest rise is for {ranked[0].Name} (+{Formatting.Formats.Pct(ranked[0].MeanInstructionalRatioRisePercent, culture)}), the largest for {ranked[^1].Name} (+{Formatting.Formats.Pct(ranked[^1].MeanInstructionalRatioRisePercent, culture)}).",
            },
        };
    }
}

/// <summary>
/// Builds the district summary while a batch runs, so memory stays flat however many schools there are: counts
/// and sums per policy and archetype, a bounded list of names and of at-risk schools for the memo, and the full
/// schools × scenarios × blockers table streamed to a temporary CSV in profile order, renamed into place at the end.
/// </summary>
internal sealed class DistrictSummaryBuilder : IDisposable
{
    /// <summary>How many school names a summary line shows before "and N more"; summary.csv always has them all.</summary>
    public const int NamesShown = 25;

    /// <summary>
    /// The order a reader expects school names in: numbers by value, so "P.S. 12" comes before "P.S. 101" and "School 2"
    /// before "School 10" (by character codes they did not); names equal by it are then put in ordinal order.
    /// </summary>
    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.NumericOrdering);

    /// <summary>How many at-risk schools the summary lists, the largest shortfalls first.</summary>
    public const int AtRiskShown = 100;

    private readonly Lock _gate = new();
    private readonly int _deepestCut;
    private readonly string _csvPath;
    private readonly string _csvTemp;
    private readonly StreamWriter _csvText;
    private readonly CsvWriter _csv;
    private readonly SortedDictionary<int, SchoolDigest?> _waiting = [];
    private readonly Dictionary<string, (int Count, List<string> Names, HashSet<string> Recommendations)> _blockers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Schools, decimal TeacherRise, int TeacherCount, decimal InstructionalRise, int InstructionalCount)> _durability = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, (decimal Target, decimal Achieved, decimal Shortfall, int AtRisk, int Schools)> _scenarios = [];
    private readonly Dictionary<string, HashSet<string>> _liftedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _liftedWhen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _recommendations = new(StringComparer.Ordinal);
    private readonly List<StructuralDeficit> _deficits = [];
    private readonly Dictionary<string, string> _archetypeNames = new(StringComparer.Ordinal);
    private int _deficitCount;
    private readonly List<InsufficientSchool> _insufficient = [];
    private int _insufficientCount;
    private int _studentsEvaluated;
    private int _studentsInsufficient;
    private List<AtRiskSchool> _atRisk = [];
    private int _next;
    private int _schools;
    private int _atRiskCount;
    private bool _illustrative;

    public DistrictSummaryBuilder(string outDirectory, int deepestCut)
    {
        _deepestCut = deepestCut;
        Directory.CreateDirectory(outDirectory);
        _csvPath = Path.Combine(outDirectory, "summary.csv");
        _csvTemp = Path.Combine(outDirectory, $".summary.csv.{Guid.NewGuid():N}.tmp");
        _csvText = new StreamWriter(_csvTemp);
        // Spreadsheet formula injection: a school named "=HYPERLINK(...)" must stay text when a CFO opens the file.
        _csv = CsvWriter.Create(_csvText, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, Injection = CsvInjection.Escape, NewLine = "\n" }, leaveOpen: true);
        _csv.WriteRecord([
            "school_id", "school_name", "archetypes", "reduction_percent", "at_risk", "at_risk_reasons", "students_per_teacher_before",
            "students_per_teacher_after", "students_per_instructional_staff_before", "students_per_instructional_staff_after", "shortfall", "design_elements_cut",
            .. PolicyAreas.All.Select(p => "blocked_" + p.Replace('-', '_')),
        ]);
    }

    /// <summary>Adds the school at this position in the profile list; null for a school that could not be evaluated.</summary>
    public void Add(int index, SchoolDigest? school)
    {
        lock (_gate)
        {
            // Schools are counted and their rows written in profile order whatever order they finish in (only the few
            // finished early wait): which names a line shows, which schools a bounded list keeps and the order sums are
            // added in are then the same in every run, however the threads were scheduled.
            _waiting[index] = school;
            while (_waiting.Remove(_next, out var ready))
            {
                if (ready is not null)
                {
                    Count(ready);
                    WriteRows(ready);
                }

                _next++;
            }
        }
    }

    public (DistrictSummary Summary, string CsvPath) Build(int filesFound, (int Schools, int Students)? importGaps, IReadOnlyList<FailureEntry> failures, IReadOnlyList<NotAProfileEntry> notProfiles, IReadOnlyList<string> ruleSetHashes)
    {
        lock (_gate)
        {
            foreach (var (_, school) in _waiting.Where(w => w.Value is not null))
            {
                Count(school!);
                WriteRows(school!);
            }

            _waiting.Clear();
            _csv.Flush();
            _csvText.Flush();
            _csv.Dispose();
            _csvText.Dispose();
            File.Move(_csvTemp, _csvPath, overwrite: true);

            var blockers = _blockers
                .Select(b => new BlockerCount(b.Key, b.Value.Count, b.Value.Names.Order(NameOrder).ThenBy(n => n, StringComparer.Ordinal).ToList(), b.Value.Count - b.Value.Names.Count,
                    _liftedBy.GetValueOrDefault(b.Key)?.Order(StringComparer.Ordinal).ToList() ?? [], _liftedWhen.GetValueOrDefault(b.Key)))
                .OrderByDescending(b => b.Schools).ThenBy(b => b.Policy, StringComparer.Ordinal)
                .ToList();
            var durability = _durability
                .Select(d => new ArchetypeDurability(d.Key, d.Value.Schools,
                    d.Value.TeacherCount == 0 ? 0m : Math.Round(d.Value.TeacherRise / d.Value.TeacherCount, 1),
                    d.Value.InstructionalCount == 0 ? 0m : Math.Round(d.Value.InstructionalRise / d.Value.InstructionalCount, 1),
                    d.Key == DistrictSummary.NoArchetype ? "Traditional or own design" : _archetypeNames.GetValueOrDefault(d.Key, d.Key)))
                .OrderBy(d => d.MeanInstructionalRatioRisePercent).ThenBy(d => d.Archetype, StringComparer.Ordinal)
                .ToList();
            var pooled = blockers.Where(b => b.Schools >= 2)
                .Select(b => new PooledNeed(b.Policy, b.Schools, b.SchoolNames, b.MoreSchools, _blockers[b.Policy].Recommendations.Order(StringComparer.Ordinal).ToList()))
                .ToList();
            var coverage = new Coverage(filesFound, _schools, _insufficientCount, failures.Count, notProfiles.Count, _studentsEvaluated, _studentsInsufficient,
                failures.Where(f => f.Repeats is null).Sum(f => f.Students ?? 0), failures.Count(f => f.Repeats is null && f.Students is null), importGaps?.Schools ?? 0, importGaps?.Students ?? 0,
                failures.Count(f => f.Repeats is not null));
            var scenarios = _scenarios.Select(s => new ScenarioTotal(s.Key, s.Value.Target, s.Value.Achieved, s.Value.Shortfall, s.Value.AtRisk, s.Value.Schools)).ToList();
            var insufficient = _insufficient.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            var deficits = _deficits.OrderBy(d => d.FirstDeficitYear).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            var recommendations = _recommendations.Select(r => new RecommendationCount(r.Key, r.Value)).OrderByDescending(r => r.Schools).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
            var summary = new DistrictSummary(coverage, scenarios, insufficient, notProfiles, _deficitCount, deficits, recommendations, _schools - _insufficientCount, failures.Count, _illustrative, _deepestCut, blockers, _atRiskCount, TrimAtRisk(_atRisk, AtRiskShown), durability, pooled, failures, ruleSetHashes);
            return (summary, _csvPath);
        }
    }

    public void Dispose()
    {
        _csv.Dispose();
        _csvText.Dispose();
        if (File.Exists(_csvTemp))
        {
            File.Delete(_csvTemp);
        }
    }

    private void Count(SchoolDigest school)
    {
        _schools++;
        _illustrative |= school.IllustrativeData;
        foreach (var policy in school.BlockedPolicies)
        {
            var entry = _blockers.TryGetValue(policy, out var found) ? found : (0, new List<string>(), new HashSet<string>(StringComparer.Ordinal));
            if (entry.Item2.Count < NamesShown)
            {
                entry.Item2.Add(school.Name);
            }

            entry.Item3.UnionWith(school.RecommendationsByPolicy.GetValueOrDefault(policy) ?? []);
            _blockers[policy] = (entry.Item1 + 1, entry.Item2, entry.Item3);
            var owners = _liftedBy.TryGetValue(policy, out var set) ? set : _liftedBy[policy] = new HashSet<string>(StringComparer.Ordinal);
            owners.UnionWith(school.LiftedBy.GetValueOrDefault(policy) ?? []);
            if (school.LiftedWhen.TryGetValue(policy, out var when))
            {
                _liftedWhen.TryAdd(policy, when);
            }
        }

        foreach (var title in school.Recommendations)
        {
            _recommendations[title] = _recommendations.GetValueOrDefault(title) + 1;
        }

        if (school.FirstDeficitYear is { } deficitYear)
        {
            _deficitCount++;
            if (_deficits.Count < AtRiskShown)
            {
                _deficits.Add(new StructuralDeficit(school.Id, school.Name, deficitYear));
            }
        }

        if (school.InsufficientData)
        {
            // No teachers on record: ratios and verdicts would be noise, so the school is listed apart and never ranked.
            _insufficientCount++;
            _studentsInsufficient += school.Students;
            if (_insufficient.Count < AtRiskShown)
            {
                _insufficient.Add(new InsufficientSchool(school.Id, school.Name, school.Students));
            }

            return;
        }

        _studentsEvaluated += school.Students;
        foreach (var s in school.Scenarios)
        {
            var t = _scenarios.GetValueOrDefault(s.ReductionPercent);
            _scenarios[s.ReductionPercent] = (t.Target + s.Target, t.Achieved + s.Achieved, t.Shortfall + s.Shortfall, t.AtRisk + (s.AtRisk ? 1 : 0), t.Schools + 1);
        }

        var deep = school.Scenarios.FirstOrDefault(c => c.ReductionPercent == _deepestCut);
        if (deep is { AtRisk: true })
        {
            _atRiskCount++;
            _atRisk.Add(new AtRiskSchool(school.Id, school.Name, deep.Reasons, deep.StudentsPerTeacherAfter, deep.Shortfall, deep.DesignElementsCut));
            if (_atRisk.Count > 2 * AtRiskShown)
            {
                _atRisk = TrimAtRisk(_atRisk, AtRiskShown);
            }
        }

        // The report's measure of durability: how little students per instructional staff rise at the deepest cut,
        // among schools that keep every design element (a school that gives one up buys its ratio with its model).
        foreach (var (id, name) in school.ArchetypeNames)
        {
            _archetypeNames.TryAdd(id, name);
        }

        foreach (var archetype in deep is null || deep.DesignElementsCut > 0 ? [] : school.Archetypes.Count == 0 ? [DistrictSummary.NoArchetype] : school.Archetypes)
        {
            var d = _durability.GetValueOrDefault(archetype);
            var teacher = deep is null ? null : Rise(deep.StudentsPerTeacherBefore, deep.StudentsPerTeacherAfter);
            var instructional = deep?.InstructionalStaffRatioChangePercent;
            _durability[archetype] = (
                d.Schools + 1,
                d.TeacherRise + (teacher ?? 0m), d.TeacherCount + (teacher is null ? 0 : 1),
                d.InstructionalRise + (instructional ?? 0m), d.InstructionalCount + (instructional is null ? 0 : 1));
        }
    }

    /// <summary>Largest shortfall first, then most students per teacher, then id: the same list whatever the finishing order.</summary>
    private static List<AtRiskSchool> TrimAtRisk(List<AtRiskSchool> schools, int keep) => schools
        .OrderByDescending(s => s.Shortfall).ThenByDescending(s => s.StudentsPerTeacherAfter ?? decimal.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal)
        .Take(keep)
        .ToList();

    private void WriteRows(SchoolDigest school)
    {
        foreach (var s in school.Scenarios)
        {
            _csv.WriteRecord([
                school.Id, Io.Printable.Of(school.Name), string.Join(";", school.Archetypes), Invariant(s.ReductionPercent), s.AtRisk ? "yes" : "no", string.Join(";", s.Reasons),
                Invariant(s.StudentsPerTeacherBefore), Invariant(s.StudentsPerTeacherAfter), Invariant(s.StudentsPerInstructionalStaffBefore),
                Invariant(s.StudentsPerInstructionalStaffAfter), Invariant(s.Shortfall), Invariant(s.DesignElementsCut),
                .. PolicyAreas.All.Select(p => school.BlockedPolicies.Contains(p) ? "1" : "0"),
            ]);
        }
    }

    // Generic, so a number is formatted where it is, not boxed first (a dozen per school row).
    private static string Invariant<T>(T value) where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Invariant<T>(T? value) where T : struct, IFormattable => value is { } v ? Invariant(v) : "";

    private static decimal? Rise(decimal? before, decimal? after) => before is > 0m && after is { } a ? (a - before.Value) / before.Value * 100m : null;
}
