using System.Globalization;
using PluginHost.Budget;
using PluginHost.Diagnostics;
using PluginHost.Inputs;

namespace PluginHost.Policy;

/// <summary>Which rule a trace line is about, and where it is written: made once per rule, shared by its lines.</summary>
internal sealed record TracedRule(string RuleId, string Workflow, string File, int? Line);

/// <summary>One line of the decision trace: what a rule decided for this school, and why.</summary>
internal sealed record TraceEntry
{
    private readonly TracedRule _rule;

    public TraceEntry(TracedRule rule, string outcome, string detail)
    {
        _rule = rule;
        Outcome = outcome;
        Detail = detail;
    }

    public string RuleId => _rule.RuleId;

    public string Workflow => _rule.Workflow;

    public string File => _rule.File;

    public int? Line => _rule.Line;

    public string Outcome { get; init; }

    public string Detail { get; init; }

    /// <summary>
    /// The line is the rule's own, given to every school it applies to (not fired, not applicable, a fixed explanation,
    /// or replaced in a cut plan the rule set keeps), never made for one school: a writer may keep what it made of it.
    /// Not part of result.json.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Shared { get; init; }
}

internal static class Outcomes
{
    public const string Fired = "fired";
    public const string NotFired = "not-fired";
    public const string Errored = "errored";
    public const string NotApplicable = "not-applicable";
    public const string Replaced = "replaced";
}

/// <summary>A blocker or flag raised by a rule, with the explanation rendered from the school's actual values.</summary>
/// <remarks>Everything but the explanation and the value is the rule's own, read from it rather than copied per school.</remarks>
internal sealed record PolicyFinding(CompiledRule Rule, string Explanation)
{
    private FindingProperties Finding => Rule.Finding!;

    public string Id => Finding.Id;

    public string RuleId => Rule.Name;

    public string File => Rule.Origin.Key;

    public int? Line => Rule.Origin.Line;

    public string Severity => Finding.Severity;

    public string? DesignElement => Finding.DesignElement;

    public IReadOnlyList<string> Recommendations => Finding.Recommendations;

    /// <summary>Dollars a year at stake, where the rule can compute it.</summary>
    public decimal? Value { get; init; }

    public IReadOnlyList<string> LiftedBy => Finding.LiftedBy;

    public string? When => Finding.When;
}

internal sealed record FirstPassResult(CutPlan Plan, IReadOnlyList<PolicyFinding> Blockers, TraceEntry[] Trace, IReadOnlyList<Diagnostic> Errors);

/// <summary>A cut plan resolved from one set of fired cut-priority rules: the trace lines it marks replaced, and the conflicts it reports.</summary>
internal sealed record ResolvedCutPlan(CutPlan Plan, (int TraceIndex, TraceEntry Entry)[] Replaced, Diagnostic[] Conflicts);

internal sealed record SecondPassResult(IReadOnlyList<PolicyFinding> Flags, TraceEntry[] Trace, IReadOnlyList<Diagnostic> Errors);

/// <summary>
/// Runs the two policy passes over a rule-set snapshot. A rule that throws is recorded as errored — never as
/// false — with a PH2006 diagnostic naming the rule; the other rules still run.
/// </summary>
internal static class PolicyEvaluator
{
    // A pass writes one trace line per rule, in the workflows' order, so its trace is an array of that size, filled in
    // place: the cut priorities' lines from 0, the blockers' after them.
    public static FirstPassResult FirstPass(RuleSet rules, RuleContext context, CultureInfo culture)
    {
        var trace = new TraceEntry[rules.FirstPassCount];
        var (errors, fired) = Scratch();
        Run(rules.CutPriorities, context, culture, trace, 0, errors, fired);
        var plan = ResolveCutPlan(rules, fired, trace, errors);
        fired.Clear();
        Run(rules.PolicyBlockers, context, culture, trace, rules.CutPriorities.Length, errors, fired);
        return new FirstPassResult(plan, Findings(fired, context), trace, Kept(errors));
    }

    public static SecondPassResult SecondPass(RuleSet rules, RuleContext context, CultureInfo culture)
    {
        var trace = new TraceEntry[rules.SustainabilityFlags.Length];
        var (errors, fired) = Scratch();
        Run(rules.SustainabilityFlags, context, culture, trace, 0, errors, fired);
        return new SecondPassResult(Findings(fired, context), trace, Kept(errors));
    }

    // The errors and the fired rules of a pass are working lists, read before the pass returns; one pair per thread
    // is reused (a pass allocates what its result keeps, not its scratch). A rule never runs a pass itself.
    [ThreadStatic]
    private static (List<Diagnostic> Errors, List<(CompiledRule Rule, string Explanation)> Fired)? t_scratch;

    private static (List<Diagnostic> Errors, List<(CompiledRule Rule, string Explanation)> Fired) Scratch()
    {
        var scratch = t_scratch ??= ([], new List<(CompiledRule Rule, string Explanation)>(16));
        scratch.Errors.Clear();
        scratch.Fired.Clear();
        return scratch;
    }

    private static Diagnostic[] Kept(List<Diagnostic> errors) => errors.Count == 0 ? [] : [.. errors];

    private static PolicyFinding[] Findings(List<(CompiledRule Rule, string Explanation)> fired, RuleContext context)
    {
        if (fired.Count == 0)
        {
            return [];
        }

        var findings = new PolicyFinding[fired.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            findings[i] = ToFinding(fired[i].Rule, fired[i].Explanation, context);
        }

        return findings;
    }

    /// <summary>Runs one workflow's rules in order, writing each rule's trace line from <paramref name="from"/> on and, for a rule that fires, its explanation.</summary>
    private static void Run(CompiledRule[] rules, RuleContext context, CultureInfo culture,
        TraceEntry[] trace, int from, List<Diagnostic> errors, List<(CompiledRule Rule, string Explanation)> fired)
    {
        // The pass runs unmeasured; only when the whole pass goes over one rule's budget is it run again, each rule
        // measured on its own, to find the one at fault. Rules are pure, so running them again changes nothing (each
        // trace line is written again), and the usual pass is not paying for two clock reads and two allocation counts per rule.
        var (reported, found) = (errors.Count, fired.Count);
        var budget = RuleBudget.Glance();
        Pass(rules, context, culture, trace.AsSpan(from, rules.Length), errors, fired, measured: false);
        if (!budget.Over())
        {
            return;
        }

        errors.RemoveRange(reported, errors.Count - reported);
        fired.RemoveRange(found, fired.Count - found);
        Pass(rules, context, culture, trace.AsSpan(from, rules.Length), errors, fired, measured: true);
    }

    /// <summary>One walk over the workflow's rules, each decided plainly or, when <paramref name="measured"/>, against its own budget.</summary>
    private static void Pass(CompiledRule[] rules, RuleContext context, CultureInfo culture,
        Span<TraceEntry> trace, List<Diagnostic> errors, List<(CompiledRule Rule, string Explanation)> fired, bool measured)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (!rule.AppliesTo(context.School))
            {
                trace[i] = rule.NotApplicableEntry;
                continue;
            }

            var (fires, explanation, error) = measured ? DecideMeasured(rule, context, culture) : Decide(rule, context, culture);
            if (error is not null)
            {
                var message = $"{rule.Name}: rule errored for school '{context.School.Id}' and was not applied: {error.GetType().Name}: {error.Message}";
                errors.Add(rule.Origin.Error(ErrorCodes.RuleErrored, message));
                trace[i] = Entry(rule, Outcomes.Errored, $"{error.GetType().Name}: {error.Message}");
            }
            else if (fires)
            {
                fired.Add((rule, explanation));
                trace[i] = rule.FiredEntry ?? Entry(rule, Outcomes.Fired, explanation);
            }
            else
            {
                trace[i] = rule.NotFiredEntry;
            }
        }
    }

    private static (bool Fires, string Explanation, Exception? Error) DecideMeasured(CompiledRule rule, RuleContext context, CultureInfo culture)
    {
        var explanation = "";
        var error = TryDecide(rule, context, out var fires) ?? (fires ? TryExplain(rule, context, culture, out explanation) : null);
        return (fires, explanation, error);
    }

    private static (bool Fires, string Explanation, Exception? Error) Decide(CompiledRule rule, RuleContext context, CultureInfo culture)
    {
        try
        {
            var fires = rule.Predicate(context);
            return (fires, fires ? rule.Explanation.Render(context, culture) : "", null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (false, "", ex);
        }
    }

    // Rules are analyst-written code: whatever they throw is the rule's fault, reported against the rule, never the run's.
    private static Exception? TryDecide(CompiledRule rule, RuleContext context, out bool fires)
    {
        try
        {
            return RuleBudget.Run(static s => s.rule.Predicate(s.context), (rule, context), out fires);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            fires = false;
            return ex;
        }
    }

    private static Exception? TryExplain(CompiledRule rule, RuleContext context, CultureInfo culture, out string explanation)
    {
        try
        {
            return RuleBudget.Run(static s => s.rule.Explanation.Render(s.context, s.culture), (rule, context, culture), out explanation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            explanation = "";
            return ex;
        }
    }

    /// <summary>
    /// One rule per category. An exception rule names the default it replaces; two rules setting one category
    /// without that link is an error, because the order would otherwise depend on file order.
    /// </summary>
    /// <remarks>
    /// Which cut-priority rules fired decides the plan, the rules replaced and the conflicts, whatever the school, and a
    /// district's schools share a handful of such sets: each is resolved once per rule set (see <see cref="RuleSet.ResolvedCutPlans"/>).
    /// The first pass's trace starts with one line per cut-priority rule, in order, so a rule's line is at its index.
    /// </remarks>
    private static CutPlan ResolveCutPlan(RuleSet rules, List<(CompiledRule Rule, string Explanation)> fired, TraceEntry[] trace, List<Diagnostic> errors)
    {
        var count = rules.CutPriorities.Length;
        if (count > 64)
        {
            return Resolve(fired, trace, errors, kept: false).Plan;
        }

        var key = 0UL;
        for (var i = 0; i < count; i++)
        {
            if (trace[i].Outcome == Outcomes.Fired)
            {
                key |= 1UL << i;
            }
        }

        if (!rules.ResolvedCutPlans.TryGetValue(key, out var resolved))
        {
            // Two schools may resolve the same set at once; one plan is kept, and the other's lines, marked shared, serve
            // its one school (a writer keeping them holds a few lines more).
            var kept = rules.ResolvedCutPlans.Count < RuleSet.MaxResolvedCutPlans;
            resolved = Resolve(fired, trace, errors, kept);
            if (kept)
            {
                rules.ResolvedCutPlans.TryAdd(key, resolved);
            }

            return resolved.Plan;
        }

        foreach (var (index, entry) in resolved.Replaced)
        {
            trace[index] = entry;
        }

        errors.AddRange(resolved.Conflicts);
        return resolved.Plan;
    }

    /// <param name="kept">Whether the plan will be kept for the rule set, its replaced lines then given to every school with the same rules fired.</param>
    private static ResolvedCutPlan Resolve(List<(CompiledRule Rule, string Explanation)> fired, TraceEntry[] trace, List<Diagnostic> errors, bool kept)
    {
        // A handful of rules fire per school, so plain loops over them beat building sets, groups and sorters.
        var replaced = new bool[fired.Count];
        var replacements = new List<(int, TraceEntry)>();
        var conflictsFrom = errors.Count;
        for (var i = 0; i < fired.Count; i++)
        {
            if (fired[i].Rule.CutPriority!.Replaces is not { } name)
            {
                continue;
            }

            for (var j = 0; j < fired.Count; j++)
            {
                if (!replaced[j] && fired[j].Rule.Name == name)
                {
                    replaced[j] = true;
                    var index = Array.FindIndex(trace, t => t?.RuleId == name);
                    trace[index] = trace[index] with { Outcome = Outcomes.Replaced, Detail = $"replaced by {fired[i].Rule.Name}", Shared = kept };
                    replacements.Add((index, trace[index]));
                }
            }
        }

        var plans = new List<CategoryPlan>(fired.Count);
        var ranks = new List<int>(fired.Count);
        for (var i = 0; i < fired.Count; i++)
        {
            var rule = fired[i].Rule;
            var p = rule.CutPriority!;
            if (replaced[i] || Planned(plans, p.Category))
            {
                continue;
            }

            // The first rule for a category sets it; any later one that does not replace it conflicts with it.
            for (var j = i + 1; j < fired.Count; j++)
            {
                if (!replaced[j] && fired[j].Rule.CutPriority!.Category == p.Category)
                {
                    errors.Add(fired[j].Rule.Origin.Error(ErrorCodes.RuleCutPriorityConflict,
                        $"{fired[j].Rule.Name}: sets the cut priority of '{p.Category}' as {rule.Name} does; add \"replaces\": \"{rule.Name}\" to the exception rule's Properties"));
                    break;
                }
            }

            // Ordered by priority, ties by the catalog's order; an equal key keeps firing order (a stable insertion).
            var at = plans.Count;
            while (at > 0 && (plans[at - 1].Priority > p.Priority || (plans[at - 1].Priority == p.Priority && ranks[at - 1] > p.Rank)))
            {
                at--;
            }

            plans.Insert(at, rule.Plan!);
            ranks.Insert(at, p.Rank);
        }

        return new ResolvedCutPlan(new CutPlan(plans) { Shared = kept }, [.. replacements], errors[conflictsFrom..].ToArray());
    }

    private static bool Planned(List<CategoryPlan> plans, string category)
    {
        foreach (var plan in plans)
        {
            if (plan.Category == category)
            {
                return true;
            }
        }

        return false;
    }

    private static PolicyFinding ToFinding(CompiledRule rule, string explanation, RuleContext context)
    {
        return new PolicyFinding(rule, explanation) { Value = ValueOf(rule.Finding!, context) };
    }

    /// <summary>A value that cannot be computed (it throws, is not a number, or a double past a decimal's range) is left out: the memo then shows no dollar figure rather than a wrong one.</summary>
    private static decimal? ValueOf(FindingProperties finding, RuleContext context)
    {
        try
        {
            static decimal Whole(decimal d) => d.Scale == 0 ? d : Math.Round(d, 0);
            if (finding.Value?.Number is { } number)
            {
                return Whole(number(context));
            }

            return finding.Value?.Value?.Invoke(context) switch
            {
                decimal d => Whole(d),
                int i => i,
                double x when double.IsFinite(x) => Math.Round((decimal)x, 0),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static TraceEntry Entry(CompiledRule rule, string outcome, string detail) => new(rule.Traced, outcome, detail);
}

/// <summary>
/// What one rule evaluation may spend at run time. Load-time limits (<see cref="ExpressionBudget"/>) already bound
/// every rule's work; this second line catches a rule that still costs far more than a policy rule should, and
/// reports it as errored (PH2006) instead of letting it slow or bloat a district run.
/// </summary>
internal static class RuleBudget
{
    public static readonly TimeSpan MaxTime = TimeSpan.FromMilliseconds(250);
    public const long MaxAllocatedBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The clock, the GC's pauses and this thread's allocations as one measured rule starts. The clock is the
    /// millisecond tick, a few times cheaper to read than the high-resolution one and fine enough for a quarter-second limit.
    /// </summary>
    public static Mark Start() => new(Environment.TickCount64, GC.GetTotalPauseDuration(), GC.GetAllocatedBytesForCurrentThread());

    /// <summary>
    /// The clock and this thread's allocations as a whole pass starts. A pass over time for any reason, a GC pause
    /// included, is run again with each rule measured on its own (pauses discounted there), so a pass need not read
    /// the GC's pause total at all.
    /// </summary>
    public static PassMark Glance() => new(Environment.TickCount64, GC.GetAllocatedBytesForCurrentThread());

    public readonly record struct PassMark(long Started, long Allocated)
    {
        public bool Over() => Environment.TickCount64 - Started > (long)MaxTime.TotalMilliseconds || GC.GetAllocatedBytesForCurrentThread() - Allocated > MaxAllocatedBytes;
    }

    public readonly record struct Mark(long Started, TimeSpan Paused, long Allocated)
    {
        /// <summary>Wall time since the mark, less the GC's pauses.</summary>
        public TimeSpan Elapsed => Wall - (GC.GetTotalPauseDuration() - Paused);

        private TimeSpan Wall => TimeSpan.FromMilliseconds(Environment.TickCount64 - Started);

        public long AllocatedSince => GC.GetAllocatedBytesForCurrentThread() - Allocated;
    }

    /// <summary>
    /// Runs one rule's work and says whether it went over budget. A rule over time is run once more and judged on that
    /// run: a rule's first call compiles it and a busy machine can stall any thread, and neither may turn a rule that
    /// takes microseconds into an "errored" verdict. A rule that really runs away is over time twice. Rules are pure,
    /// so running one again changes nothing.
    /// </summary>
    public static Exception? Run<TState, T>(Func<TState, T> work, TState state, out T value)
    {
        var exceeded = Measure(work, state, out value);
        return exceeded is TimeoutException ? Measure(work, state, out value) : exceeded;
    }

    private static Exception? Measure<TState, T>(Func<TState, T> work, TState state, out T value)
    {
        var mark = Start();
        value = work(state);
        var (elapsed, allocated) = (mark.Elapsed, mark.AllocatedSince);
        return elapsed > MaxTime
            ? new TimeoutException($"the rule took {elapsed.TotalMilliseconds:0} ms for one school; the limit is {MaxTime.TotalMilliseconds:0} ms")
            : allocated > MaxAllocatedBytes
                ? new InsufficientMemoryException($"the rule allocated {allocated / (1024 * 1024)} MB for one school; the limit is {MaxAllocatedBytes / (1024 * 1024)} MB")
                : null;
    }
}
