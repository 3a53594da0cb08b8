using PluginHost.Inputs;
namespace PluginHost.Policy;

/// <summary>
/// An immutable, compiled rule set with a content hash. A reload builds a new one and swaps the reference;
/// evaluations that already hold a snapshot finish on it, so every result names exactly one rule set.
/// </summary>
internal sealed class RuleSet
{
    public RuleSet(string hash, IReadOnlyList<CompiledRule> rules, IReadOnlyDictionary<string, Recommendation> recommendations, IReadOnlyList<string> files, CategoryCatalog categories)
    {
        Hash = hash;
        Categories = categories;
        Rules = rules;
        Recommendations = recommendations;
        Files = files;
        RecommendationOrder = recommendations.Keys.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var byWorkflow = rules.GroupBy(r => r.Workflow, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        ByWorkflow = byWorkflow.ToDictionary(w => w.Key, w => (IReadOnlyList<CompiledRule>)w.Value, StringComparer.Ordinal);
        CutPriorities = byWorkflow.GetValueOrDefault(Workflows.CutPriorities, []);
        PolicyBlockers = byWorkflow.GetValueOrDefault(Workflows.PolicyBlockers, []);
        SustainabilityFlags = byWorkflow.GetValueOrDefault(Workflows.SustainabilityFlags, []);
    }

    public string Hash { get; }
    public IReadOnlyList<CompiledRule> Rules { get; }
    public IReadOnlyDictionary<string, Recommendation> Recommendations { get; }
    public IReadOnlyList<string> Files { get; }

    /// <summary>Each recommendation's place in the catalog, which breaks ties when a school's recommendations are ranked.</summary>
    public IReadOnlyDictionary<string, int> RecommendationOrder { get; }

    /// <summary>Cut plans already resolved, by the set of cut-priority rules that fired (a bit per rule); bounded, as a run's schools share few sets.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<ulong, ResolvedCutPlan> ResolvedCutPlans { get; } = new();

    public const int MaxResolvedCutPlans = 4096;

    /// <summary>The category catalog the rules were checked against; cut plans order ties by it and memos name categories from it.</summary>
    public CategoryCatalog Categories { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<CompiledRule>> ByWorkflow { get; }

    /// <summary>
    /// The three workflows the passes run, looked up once per rule set rather than once per school, as arrays: a pass
    /// walks them for every school, and an array's length and items are read directly, not through an interface.
    /// </summary>
    public CompiledRule[] CutPriorities { get; }
    public CompiledRule[] PolicyBlockers { get; }
    public CompiledRule[] SustainabilityFlags { get; }

    /// <summary>How many trace lines the first pass writes for every school.</summary>
    public int FirstPassCount => CutPriorities.Length + PolicyBlockers.Length;

    public IReadOnlyList<CompiledRule> Workflow(string name) => ByWorkflow.TryGetValue(name, out var rules) ? rules : [];

    public string ShortHash => Hash[..12];
}

/// <summary>Holds the current snapshot; readers take it once per school, reloads swap it atomically.</summary>
internal sealed class RuleSetHolder
{
    private RuleSet? _current;

    public RuleSet Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("no rule set has been loaded");

    public void Swap(RuleSet next) => Interlocked.Exchange(ref _current, next);
}
