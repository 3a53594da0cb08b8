using System.Globalization;
using System.Reflection;
using PluginHost.Budget;
using PluginHost.Catalog;
using PluginHost.Contracts;
using PluginHost.Diagnostics;
using PluginHost.Inputs;
using PluginHost.Policy;

namespace PluginHost.Evaluation;

/// <summary>The policy a run uses, and where it came from (null file: the neutral policy).</summary>
internal sealed record PolicyChoice(DistrictPolicy Policy, string? File)
{
    public static PolicyChoice Neutral { get; } = new(DistrictPolicy.Neutral, null);
}

/// <summary>Everything one evaluation needs besides the profile; snapshots, so a reload never changes a school halfway.</summary>
/// <summary>A school's package as read from its file, with the file named for memos and errors.</summary>
internal sealed record LoadedOverride(string File, SchoolOverride Override);

internal sealed record EvaluationContext(PluginCatalog Catalog, RuleSet Rules, IReadOnlyList<int> Cuts, CultureInfo Culture, DateOnly? AsOf)
{
    /// <summary>The analyst workspace the run used, as provenance names it.</summary>
    public string? Workspace { get; init; }

    /// <summary>A school's saved package by school id (a workspace's overrides/), read at the edge; null: none.</summary>
    public Func<string, LoadedOverride?>? Overrides { get; init; }
}

/// <summary>One school's outcome: a result (possibly with problems noted), or the reasons it could not be evaluated.</summary>
internal sealed record SchoolOutcome(string ProfilePath, SchoolResult? Result, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Set when the file is some other JSON (a mapping, a report): named once, neither evaluated nor failed.</summary>
    public string? NotAProfile { get; init; }

    /// <summary>The first error, which is how a list of failed schools names the reason.</summary>
    public Diagnostic? FirstError => Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error);

    public bool Failed => Result is null && NotAProfile is null;
}

/// <summary>
/// profile + policy → Catalog → Policy (first pass) → Budget → Policy (second pass) → result. Bad input and
/// plugin faults come back as diagnostics; nothing here writes files.
/// </summary>
internal sealed class SchoolEvaluator
{
    public static string ToolVersion { get; } =
        typeof(SchoolEvaluator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly InputLoader _inputs;

    public SchoolEvaluator(InputLoader inputs)
    {
        _inputs = inputs;
    }

    public SchoolOutcome Evaluate(string profilePath, PolicyChoice policy, EvaluationContext context)
    {
        var (profile, failed) = Read(profilePath);
        return failed ?? Evaluate(profile!, profilePath, policy, context);
    }

    /// <summary>
    /// Reads a profile for evaluation, once, however many times it is then evaluated; when it cannot be read, the
    /// outcome says why (or that the file is some other JSON, which is not a failure).
    /// </summary>
    public (SchoolProfile? Profile, SchoolOutcome? Failed) Read(string profilePath)
    {
        try
        {
            return (_inputs.LoadProfile(profilePath), null);
        }
        catch (DiagnosticException ex)
        {
            return (null, new SchoolOutcome(profilePath, null, ex.Diagnostics) { NotAProfile = ProfileShape.NotAProfile(profilePath) });
        }
    }

    public static SchoolOutcome Evaluate(SchoolProfile profile, string profilePath, PolicyChoice policy, EvaluationContext context)
    {
        var problems = new List<Diagnostic>();

        // Catalog: a missing plugin fails the school; a faulty one is reported and the rest goes on.
        var plugins = new List<LoadedPlugin>(profile.Archetypes.Count);
        var missing = new List<string>();
        foreach (var archetype in profile.Archetypes)
        {
            if (context.Catalog.Find(archetype) is { } plugin)
            {
                plugins.Add(plugin);
            }
            else
            {
                missing.Add(archetype);
            }
        }

        if (missing.Count > 0)
        {
            var installed = context.Catalog.InstalledArchetypes;
            return new SchoolOutcome(profilePath, null, missing.Select(a => Diagnostic.Error(DisplayPath.Of(profilePath), ErrorCodes.PluginMissing,
                $"archetypes: no plugin for archetype '{a}'; installed archetypes: {(installed.Count == 0 ? "none" : string.Join(", ", installed))} (plugins folder: {DisplayPath.Of(context.Catalog.Directory)})")).ToList());
        }

        LoadedOverride? chosen;
        try
        {
            chosen = context.Overrides?.Invoke(profile.Id);
        }
        catch (DiagnosticException ex)
        {
            return new SchoolOutcome(profilePath, null, ex.Diagnostics);
        }

        if (chosen is not null && UnknownItems(profile, chosen) is { Count: > 0 } unknown)
        {
            // A package naming items the school does not have would silently cut or keep the wrong thing: the school fails, named.
            return new SchoolOutcome(profilePath, null, [Diagnostic.Error(chosen.File, ErrorCodes.OverrideInvalid,
                $"{string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is" : "are")} not a position or spending line of {profile.Name}; valid ids: {string.Join(", ", profile.Positions.Select(p => p.Id).Concat(profile.NonPersonnel.Select(l => l.Id)))}")]);
        }

        // The facts a plugin reads are made only for a school that names an archetype (a district's traditional
        // schools name none): a fact per position and per spending line is most of what such a school would allocate here.
        var facts = plugins.Count == 0 ? null : PluginFacts(profile);
        var sections = new List<ArchetypeSection>(plugins.Count);
        foreach (var plugin in plugins)
        {
            sections.Add(RunPlugin(plugin, facts!, profilePath, problems));
        }

        var elements = ResolveElements(context.Catalog, plugins, profile);

        // Policy, first pass: cut priorities, floors, blockers.
        var asOf = context.AsOf ?? FiscalYearStart(profile.FiscalYear);
        var judged = JudgedRatio(plugins);
        var school = RuleInputBuilder.School(profile, elements, asOf, judged);
        var policyInput = PolicyInputs.From(policy.Policy, profile.Id);
        var first = PolicyEvaluator.FirstPass(context.Rules, new RuleContext(school, policyInput, null), context.Culture);
        problems.AddRange(first.Errors);

        // Budget: pure, priorities as data.
        var budget = BudgetEngine.Run(new BudgetInput(profile, first.Plan, elements, policy.Policy.Projection, policy.Policy.CeilingFor(judged), policy.Policy.CentralServicesPerPupil, context.Cuts)
        {
            JudgedRatio = judged,
            Override = chosen?.Override,
        });

        // Policy, second pass: sustainability flags judged on the budget results.
        var outlook = RuleInputBuilder.Outlook(budget, elements, profile);
        var second = PolicyEvaluator.SecondPass(context.Rules, new RuleContext(school, policyInput, outlook), context.Culture);
        problems.AddRange(second.Errors);

        var missingData = profile.MissingData.ToList();
        var insufficient = !HasTeachers(profile.Positions);
        if (insufficient && !missingData.Contains(MissingData.TeachingStaff, StringComparer.Ordinal))
        {
            missingData.Add(MissingData.TeachingStaff);
        }

        var result = new SchoolResult
        {
            School = new SchoolSummary(profile.Id, profile.Name, profile.FiscalYear, profile.Enrollment.Students, profile.Archetypes, profile.IllustrativeData,
                profile.BalancedBudgetAssumed, profile.Funding.General, profile.Funding.RestrictedTotal(), missingData, insufficient, judged, policy.Policy.CeilingFor(judged)),
            Provenance = new Provenance(
                "PluginHost",
                ToolVersion,
                context.Rules.Hash,
                context.Rules.Files,
                plugins.ConvertAll(p => new PluginProvenance(p.Id, p.Archetype ?? "", p.Manifest?.Version ?? "", p.ContractVersion?.ToString(2) ?? "", p.Sha256)),
                DisplayPath.InMemo(profilePath),
                policy.Policy.Name,
                policy.File is null ? null : DisplayPath.InMemo(policy.File),
                school.AsOf,
                context.Culture.Name,
                context.Workspace),
            Model = new ModelSection(sections, DesignElements(elements, budget.Scenarios)),
            CutOrder = CutOrderEntry.Of(first.Plan),
            RatiosBefore = budget.RatiosBefore,
            BaselinePlan = budget.Baseline,
            Scenarios = budget.Scenarios,
            GrantDependencies = budget.GrantDependencies,
            Startup = budget.Startup,
            Blockers = first.Blockers.Select(b => new BlockerEntry(b.Id, b.RuleId, b.File, b.Line, b.Severity, b.DesignElement, b.Explanation, b.Recommendations, b.LiftedBy, b.When, b.Value)).ToList(),
            Flags = second.Flags.Select(f => new FlagEntry(f.Id, f.RuleId, f.File, f.Line, f.Severity, f.Explanation, f.Recommendations, f.Value)).ToList(),
            Recommendations = Rank([.. first.Blockers, .. second.Flags], context.Rules),
            Trace = [.. first.Trace, .. second.Trace],
            Problems = problems.Select(p => p.ToString()).ToList(),
            Override = chosen is null ? null : new OverrideSection(
                chosen.File,
                Names(profile, chosen.Override.Protect),
                Names(profile, chosen.Override.CutFirst),
                chosen.Override.Note),
        };
        return new SchoolOutcome(profilePath, result, problems);
    }

    /// <summary>The ratio the model is designed around: the first plugin that names one other than students per teacher.</summary>
    private static string JudgedRatio(List<LoadedPlugin> plugins)
    {
        foreach (var plugin in plugins)
        {
            if (plugin.Manifest?.DesignRatio is { } ratio && ratio != JudgedRatios.StudentsPerTeacher)
            {
                return ratio;
            }
        }

        return JudgedRatios.StudentsPerTeacher;
    }

    /// <summary>Whether any filled teaching position has FTE: without one, there is no ratio to judge.</summary>
    private static bool HasTeachers(IReadOnlyList<Position> positions)
    {
        foreach (var p in positions)
        {
            if (p.Category == Categories.Teaching && !p.Vacant && p.Fte > 0m)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each design element with the first (smallest) cut that reaches it, if any does.</summary>
    private static List<DesignElementEntry> DesignElements(IReadOnlyList<ResolvedElement> elements, IReadOnlyList<ScenarioResult> scenarios)
    {
        var entries = new List<DesignElementEntry>(elements.Count);
        foreach (var e in elements)
        {
            int? first = null;
            foreach (var s in scenarios)
            {
                if (s.DesignElementsImpacted.ContainsOrdinal(e.Id))
                {
                    first = s.ReductionPercent;
                    break;
                }
            }

            entries.Add(new DesignElementEntry(e.Id, e.Name, e.Source, e.Protected, e.Roles, e.SpendingKinds, first));
        }

        return entries;
    }

    private static List<string> UnknownItems(SchoolProfile profile, LoadedOverride chosen)
    {
        var ids = profile.Positions.Select(p => p.Id).Concat(profile.NonPersonnel.Select(l => l.Id)).ToHashSet(StringComparer.Ordinal);
        return chosen.Override.Protect.Concat(chosen.Override.CutFirst).Where(id => !ids.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> Names(SchoolProfile profile, IReadOnlyList<string> ids) =>
        ids.Select(id => profile.Positions.FirstOrDefault(p => p.Id == id)?.Title ?? profile.NonPersonnel.FirstOrDefault(l => l.Id == id)?.Name ?? id).ToList();

    /// <summary>US districts start fiscal year N on 1 July of year N − 1; results never read the clock.</summary>
    public static DateOnly FiscalYearStart(int fiscalYear) => new(fiscalYear - 1, 7, 1);

    private static SchoolFacts PluginFacts(SchoolProfile profile)
    {
        var practices = new List<string>();
        if (profile.Practices.StandardsBasedGrading)
        {
            practices.Add("standards-based-grading");
        }

        if (profile.Practices.CompetencyBasedProgression)
        {
            practices.Add("competency-based-progression");
        }

        if (profile.Practices.MultiAgeGrouping)
        {
            practices.Add("multi-age-grouping");
        }

        if (profile.Practices.LabBlockSchedule)
        {
            practices.Add("lab-block-schedule");
        }

        return new SchoolFacts(
            profile.Id,
            profile.Name,
            profile.Enrollment.Students,
            StaffFacts(profile.Positions),
            SpendingFacts(profile.NonPersonnel),
            practices);
    }

    private static List<StaffFact> StaffFacts(IReadOnlyList<Position> positions)
    {
        var facts = new List<StaffFact>(positions.Count);
        foreach (var p in positions)
        {
            facts.Add(new StaffFact(p.Role, p.Category, p.Fte, p.AnnualCost + (p.Stipend?.Amount ?? 0m), p.Funding, p.Vacant));
        }

        return facts;
    }

    private static List<SpendingFact> SpendingFacts(IReadOnlyList<SpendingLine> lines)
    {
        var facts = new List<SpendingFact>(lines.Count);
        foreach (var l in lines)
        {
            facts.Add(new SpendingFact(l.Kind, l.Category, l.Amount, l.Funding, l.Recurring));
        }

        return facts;
    }

    /// <param name="profilePath">The school's file, named as diagnostics name files (worked out only for a problem).</param>
    private static ArchetypeSection RunPlugin(LoadedPlugin plugin, SchoolFacts facts, string profilePath, List<Diagnostic> problems)
    {
        var archetype = plugin.Archetype ?? plugin.Id;
        if (plugin.Status != PluginStatus.Loaded || plugin.Instance is null)
        {
            var reason = plugin.Error?.Message ?? "the plugin is not loaded";
            problems.Add(Diagnostic.Error(DisplayPath.Of(profilePath), plugin.Error?.Code ?? ErrorCodes.PluginLoadFault, $"archetype '{archetype}' could not be evaluated: {reason}"));
            return new ArchetypeSection(archetype, archetype, "", "not-evaluated", reason, [], []);
        }

        var definition = plugin.Definition!;
        try
        {
            var findings = plugin.Instance.Validate(facts);
            var metrics = plugin.Instance.Measure(facts);
            problems.AddRange(findings.Select(f => Diagnostic.Warning(DisplayPath.Of(profilePath), ErrorCodes.ArchetypeFinding, $"{f.Field}: {archetype}: {f.Message}")));
            return new ArchetypeSection(archetype, definition.Name, definition.Description, "evaluated", null, metrics, findings);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = $"plugin '{plugin.Id}' threw while evaluating the school: {ex.GetType().Name}: {ex.Message}";
            problems.Add(Diagnostic.Error(DisplayPath.Of(profilePath), ErrorCodes.PluginRunFault, $"archetype '{archetype}' could not be evaluated: {reason}"));
            return new ArchetypeSection(archetype, definition.Name, definition.Description, "not-evaluated", reason, [], []);
        }
    }

    /// <summary>
    /// The design elements a school's archetypes name, resolved once per catalog and set of plugins: a school whose
    /// profile names none of its own has exactly what every other school of those archetypes has (one list, shared
    /// read-only), and a district has a handful of archetype mixes across thousands of schools.
    /// </summary>
    private static IReadOnlyList<ResolvedElement> ResolveElements(PluginCatalog catalog, List<LoadedPlugin> plugins, SchoolProfile profile)
    {
        if (profile.DesignElements.Count > 0)
        {
            return ResolveElements(plugins, profile);
        }

        // Resolved under the lock: a few times per catalog, so no two threads add the same mix.
        var known = ElementsByPlugins.GetOrCreateValue(catalog);
        lock (known)
        {
            foreach (var (mix, elements) in known)
            {
                if (SamePlugins(mix, plugins))
                {
                    return elements;
                }
            }

            var resolved = ResolveElements(plugins, profile).AsReadOnly();
            known.Add(([.. plugins], resolved));
            return resolved;
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PluginCatalog, List<(LoadedPlugin[] Plugins, IReadOnlyList<ResolvedElement> Elements)>> ElementsByPlugins = new();

    /// <summary>The same plugin objects in the same order (a catalog reloaded makes new ones, and has its own table).</summary>
    private static bool SamePlugins(LoadedPlugin[] known, List<LoadedPlugin> plugins)
    {
        if (known.Length != plugins.Count)
        {
            return false;
        }

        for (var i = 0; i < known.Length; i++)
        {
            if (!ReferenceEquals(known[i], plugins[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static List<ResolvedElement> ResolveElements(List<LoadedPlugin> plugins, SchoolProfile profile)
    {
        var elements = plugins
            .Where(p => p.Definition is not null)
            .SelectMany(p => p.Definition!.DesignElements.Select(e => new ResolvedElement(e.Id, e.Name, p.Archetype!, e.Roles, e.SpendingKinds, e.ProtectedInCuts)))
            .Concat(profile.DesignElements.Select(e => new ResolvedElement(e.Id, e.Name, "profile", e.Roles, e.SpendingKinds, e.ProtectedInCuts)))
            .ToList();

        // One element named by two archetypes (or by the profile too) is one element: merge what carries it.
        return elements.GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => g.First() with
        {
            Source = string.Join(", ", g.Select(e => e.Source).Distinct(StringComparer.Ordinal)),
            Roles = g.SelectMany(e => e.Roles).Distinct(StringComparer.Ordinal).ToList(),
            SpendingKinds = g.SelectMany(e => e.SpendingKinds).Distinct(StringComparer.Ordinal).ToList(),
            Protected = g.Any(e => e.Protected),
        }).ToList();
    }

    /// <summary>Highest severity first, then how many rules raised it, then catalog order.</summary>
    internal static List<RecommendationEntry> Rank(IReadOnlyList<PolicyFinding> findings, RuleSet rules)
    {
        // Each recommendation once, in the order the findings first raise it, with the highest severity, the largest
        // value and each raising rule and explanation once, in order.
        var raised = new List<Raised>();
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var weight = Severities.Weight(finding.Severity);
            foreach (var id in finding.Recommendations)
            {
                if (!at.TryGetValue(id, out var index))
                {
                    at[id] = index = raised.Count;
                    raised.Add(new Raised(id));
                }

                var entry = raised[index];
                entry.Severity = Math.Max(entry.Severity, weight);
                entry.Value = finding.Value is not { } value ? entry.Value : entry.Value is { } before ? Math.Max(before, value) : value;
                entry.RaisedBy.AddOnce(finding.RuleId);
                entry.Because.AddOnce(finding.Explanation);
            }
        }

        // Every recommendation a rule raises is in the catalog (checked when rules load), each at its own place, so the
        // three keys never tie and the sort needs no stability.
        var catalogOrder = rules.RecommendationOrder;
        raised.Sort((a, b) =>
            b.Severity.CompareTo(a.Severity) is not 0 and var severity ? severity
            : b.RaisedBy.Count.CompareTo(a.RaisedBy.Count) is not 0 and var raisers ? raisers
            : catalogOrder[a.Id].CompareTo(catalogOrder[b.Id]));
        var ranked = new List<RecommendationEntry>(raised.Count);
        foreach (var r in raised)
        {
            var rec = rules.Recommendations[r.Id];
            ranked.Add(new RecommendationEntry(ranked.Count + 1, rec.Id, rec.Group, rec.Title, rec.Text, Severities.Word(r.Severity), r.RaisedBy, rec.Owner, rec.When, r.Value, r.Because));
        }

        return ranked;
    }

    /// <summary>One recommendation as the findings raise it, while they are read.</summary>
    private sealed class Raised(string id)
    {
        public string Id { get; } = id;
        public int Severity { get; set; }
        public decimal? Value { get; set; }
        public List<string> RaisedBy { get; } = [];
        public List<string> Because { get; } = [];
    }
}
