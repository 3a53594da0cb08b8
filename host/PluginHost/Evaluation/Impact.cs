namespace PluginHost.Evaluation;

// What a policy or rule change does, school by school: two results of the same school (as is, and with the change)
// compared. Pure: the runs that make the results live at the edge. impact.json is ImpactReport, serialised.

/// <summary>What was changed, in words and exactly: the --set fields, or the other policy or rules folder.</summary>
/// <param name="Settings">Each --set: field, its title, before and after (JSON text).</param>
internal sealed record ImpactChange(string Kind, string Description, IReadOnlyList<Inputs.PolicySetting> Settings, string? PolicyFile, string? RulesFolder);

/// <summary>One side of the comparison: the rule set and policy it ran under.</summary>
internal sealed record ImpactSide(string RuleSetHash, string Policy, string? PolicyFile);

/// <summary>A blocker or flag that appears or goes at a school, with the school's facts in the rule's own words.</summary>
/// <param name="DesignElement">The design element a blocker stops, where its rule names one.</param>
internal sealed record ImpactFinding(string RuleId, string Key, string Explanation, IReadOnlyList<string> LiftedBy, string? When, decimal? Value, string? DesignElement = null);

/// <summary>A school's at-risk verdict at one cut, before and after the change (listed only where it differs).</summary>
/// <param name="AboveBeforeCutAfter">Whether, with the change, the school is above the ratio ceiling before any cut (which the verdict does not count against the cut).</param>
internal sealed record VerdictChange(int ReductionPercent, bool Before, bool After, IReadOnlyList<string> ReasonsBefore, IReadOnlyList<string> ReasonsAfter, bool AboveBeforeCutAfter = false);

/// <summary>What one cut takes at a school, before and after (listed only where the items differ).</summary>
internal sealed record CutChange(int ReductionPercent, IReadOnlyList<string> ItemsAdded, IReadOnlyList<string> ItemsRemoved, decimal FteBefore, decimal FteAfter,
    decimal DollarsBefore, decimal DollarsAfter, decimal ShortfallBefore, decimal ShortfallAfter);

internal sealed record SchoolImpact(
    string Id,
    string Name,
    IReadOnlyList<string> Archetypes,
    IReadOnlyList<ImpactFinding> BlockersAdded,
    IReadOnlyList<ImpactFinding> BlockersRemoved,
    IReadOnlyList<ImpactFinding> FlagsAdded,
    IReadOnlyList<ImpactFinding> FlagsRemoved,
    IReadOnlyList<VerdictChange> Verdicts,
    IReadOnlyList<CutChange> Cuts,
    IReadOnlyList<string> RecommendationsAdded,
    IReadOnlyList<string> RecommendationsRemoved)
{
    /// <summary>Dollars a year the lifted blockers name as at stake (each rule's own value, such as the stipends it concerns).</summary>
    public decimal AtStakeLifted => BlockersRemoved.Sum(b => b.Value ?? 0m);

    public decimal AtStakeAdded => BlockersAdded.Sum(b => b.Value ?? 0m);

    public bool Changed => BlockersAdded.Count + BlockersRemoved.Count + FlagsAdded.Count + FlagsRemoved.Count + Verdicts.Count + Cuts.Count
        + RecommendationsAdded.Count + RecommendationsRemoved.Count > 0;
}

/// <summary>One rule's change across the district: the schools where it stops firing and where it starts.</summary>
internal sealed record FindingTotal(string Kind, string RuleId, string Key, IReadOnlyList<string> RemovedAt, IReadOnlyList<string> AddedAt, decimal AtStakeLifted, decimal AtStakeAdded)
{
    /// <summary>
    /// The design element the blocker stops, given only where another blocker of the change has the same key (the
    /// district's procurement blocker and a plugin's one on grading software), so that the two read apart; otherwise null.
    /// </summary>
    public string? Stops { get; init; }
}

/// <summary>One cut across the district: schools at risk before and after, and how many moved each way.</summary>
/// <param name="NowAboveBeforeCut">
/// Of <paramref name="NoLongerAtRisk"/>, the schools that leave "at risk" only because after the change they are above the
/// ratio ceiling before any cut, which a verdict does not lay at the cut's door: a tighter ceiling must not read as safer.
/// </param>
internal sealed record VerdictTotal(int ReductionPercent, int Schools, int AtRiskBefore, int AtRiskAfter, int BecameAtRisk, int NoLongerAtRisk)
{
    public int NowAboveBeforeCut { get; init; }
}

internal sealed record ImpactCoverage(int FilesFound, int Compared, int Failed, int NotProfiles, int StudentsCompared);

internal sealed record ImpactReport(
    ImpactChange Change,
    ImpactSide Before,
    ImpactSide After,
    ImpactCoverage Coverage,
    IReadOnlyList<FindingTotal> Findings,
    IReadOnlyList<VerdictTotal> Verdicts,
    int SchoolsWithCutChanges,
    int SchoolsWithRecommendationChanges,
    decimal AtStakeLifted,
    decimal AtStakeAdded,
    int SchoolsChanged,
    IReadOnlyList<SchoolImpact> Schools,
    IReadOnlyList<FailureNote> Failures,
    IReadOnlyList<string> NotProfiles,
    bool IllustrativeData);

/// <summary>A school that could not be compared, and why (the first error either run reported).</summary>
internal sealed record FailureNote(string File, string Code, string Message);

internal static class ImpactComparer
{
    public static SchoolImpact Compare(SchoolResult before, SchoolResult after)
    {
        static List<ImpactFinding> Blockers(IEnumerable<BlockerEntry> from, IEnumerable<BlockerEntry> minus)
        {
            var ids = minus.Select(b => b.RuleId).ToHashSet(StringComparer.Ordinal);
            return from.Where(b => !ids.Contains(b.RuleId)).Select(b => new ImpactFinding(b.RuleId, b.Policy, b.Explanation, b.LiftedBy, b.When, b.Value, b.DesignElement)).ToList();
        }

        static List<ImpactFinding> Flags(IEnumerable<FlagEntry> from, IEnumerable<FlagEntry> minus)
        {
            var ids = minus.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
            return from.Where(f => !ids.Contains(f.RuleId)).Select(f => new ImpactFinding(f.RuleId, f.Flag, f.Explanation, [], null, f.Value)).ToList();
        }

        var verdicts = new List<VerdictChange>();
        var cuts = new List<CutChange>();
        foreach (var b in before.Scenarios)
        {
            if (after.Scenarios.FirstOrDefault(s => s.ReductionPercent == b.ReductionPercent) is not { } a)
            {
                continue;
            }

            if (a.AtRisk != b.AtRisk || !a.AtRiskReasons.SequenceEqual(b.AtRiskReasons, StringComparer.Ordinal))
            {
                verdicts.Add(new VerdictChange(b.ReductionPercent, b.AtRisk, a.AtRisk, b.AtRiskReasons, a.AtRiskReasons, a.AlreadyAboveCeilingBeforeCut));
            }

            var beforeItems = b.Cuts.Select(Item).ToList();
            var afterItems = a.Cuts.Select(Item).ToList();
            if (!beforeItems.SequenceEqual(afterItems, StringComparer.Ordinal) || b.Achieved != a.Achieved)
            {
                cuts.Add(new CutChange(b.ReductionPercent, Minus(afterItems, beforeItems), Minus(beforeItems, afterItems),
                    b.Cuts.Where(c => c.ItemKind == "position").Sum(c => c.Fte), a.Cuts.Where(c => c.ItemKind == "position").Sum(c => c.Fte),
                    b.Achieved, a.Achieved, b.Shortfall, a.Shortfall));
            }
        }

        var recommendationsBefore = before.Recommendations.Select(r => r.Title).ToList();
        var recommendationsAfter = after.Recommendations.Select(r => r.Title).ToList();
        return new SchoolImpact(before.School.Id, before.School.Name, before.School.Archetypes,
            Blockers(after.Blockers, before.Blockers), Blockers(before.Blockers, after.Blockers),
            Flags(after.Flags, before.Flags), Flags(before.Flags, after.Flags),
            verdicts, cuts,
            recommendationsAfter.Except(recommendationsBefore, StringComparer.Ordinal).ToList(),
            recommendationsBefore.Except(recommendationsAfter, StringComparer.Ordinal).ToList());
    }

    /// <summary>Totals for the district; <paramref name="pairs"/> are the schools both runs evaluated, in file order.</summary>
    public static ImpactReport Summarise(ImpactChange change, ImpactSide before, ImpactSide after, IReadOnlyList<(SchoolResult Before, SchoolResult After)> pairs,
        int filesFound, IReadOnlyList<FailureNote> failures, IReadOnlyList<string> notProfiles)
    {
        var schools = pairs.Select(p => Compare(p.Before, p.After)).ToList();
        var findings = new List<FindingTotal>();
        foreach (var kind in new[] { "blocker", "flag" })
        {
            var removed = schools.SelectMany(s => (kind == "blocker" ? s.BlockersRemoved : s.FlagsRemoved).Select(f => (School: s, Finding: f, Removed: true)));
            var added = schools.SelectMany(s => (kind == "blocker" ? s.BlockersAdded : s.FlagsAdded).Select(f => (School: s, Finding: f, Removed: false)));
            findings.AddRange(removed.Concat(added)
                .GroupBy(x => x.Finding.RuleId, StringComparer.Ordinal)
                .Select(g => new FindingTotal(kind, g.Key, g.First().Finding.Key,
                    g.Where(x => x.Removed).Select(x => x.School.Name).ToList(),
                    g.Where(x => !x.Removed).Select(x => x.School.Name).ToList(),
                    kind == "blocker" ? g.Where(x => x.Removed).Sum(x => x.Finding.Value ?? 0m) : 0m,
                    kind == "blocker" ? g.Where(x => !x.Removed).Sum(x => x.Finding.Value ?? 0m) : 0m)
                {
                    Stops = g.First().Finding.DesignElement,
                })
                .OrderByDescending(t => t.RemovedAt.Count + t.AddedAt.Count)
                .ThenBy(t => t.RuleId, StringComparer.Ordinal));
        }

        // What a blocker stops is named only where two blockers of the change share a key, to tell them apart.
        var shared = findings.GroupBy(f => (f.Kind, f.Key)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        findings = [.. findings.Select(f => shared.Contains((f.Kind, f.Key)) ? f : f with { Stops = null })];

        var cutsAsked = pairs.Count == 0 ? [] : pairs.SelectMany(p => p.Before.Scenarios.Select(s => s.ReductionPercent)).Distinct().Order().ToList();
        var verdicts = cutsAsked.Select(cut =>
        {
            var rows = pairs.Select(p => (Before: p.Before.Scenarios.FirstOrDefault(s => s.ReductionPercent == cut), After: p.After.Scenarios.FirstOrDefault(s => s.ReductionPercent == cut)))
                .Select(p => (Before: p.Before?.AtRisk ?? false, After: p.After?.AtRisk ?? false, NowAbove: p.After?.AlreadyAboveCeilingBeforeCut == true && p.Before?.AlreadyAboveCeilingBeforeCut != true))
                .ToList();
            return new VerdictTotal(cut, rows.Count, rows.Count(r => r.Before), rows.Count(r => r.After), rows.Count(r => !r.Before && r.After), rows.Count(r => r.Before && !r.After))
            {
                NowAboveBeforeCut = rows.Count(r => r.Before && !r.After && r.NowAbove),
            };
        }).ToList();

        var changed = schools.Where(s => s.Changed).ToList();
        return new ImpactReport(change, before, after,
            new ImpactCoverage(filesFound, pairs.Count, failures.Count, notProfiles.Count, pairs.Sum(p => p.Before.School.Enrollment)),
            findings, verdicts,
            schools.Count(s => s.Cuts.Count > 0),
            schools.Count(s => s.RecommendationsAdded.Count + s.RecommendationsRemoved.Count > 0),
            schools.Sum(s => s.AtStakeLifted), schools.Sum(s => s.AtStakeAdded),
            changed.Count, changed, failures, notProfiles,
            pairs.Count > 0 && pairs.All(p => p.Before.School.IllustrativeData));
    }

    private static string Item(Budget.Cut cut) =>
        cut.ItemKind == "position" && cut.Fte > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cut.Name} ({cut.Fte:0.##} FTE)") : cut.Name;

    /// <summary>The items of <paramref name="from"/> not matched one for one in <paramref name="minus"/> (two teachers cut, one kept: one listed).</summary>
    private static List<string> Minus(IReadOnlyList<string> from, IReadOnlyList<string> minus)
    {
        var left = minus.GroupBy(m => m, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var item in from)
        {
            if (left.TryGetValue(item, out var count) && count > 0)
            {
                left[item] = count - 1;
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }
}
