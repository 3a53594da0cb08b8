using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PluginHost.Policy;
using RulesEngine.Models;

namespace PluginHost.Benchmarks;

/// <summary>
/// Per-school evaluation of the eight shipped district blocker rules: PluginHost's compiled delegates, the same
/// rules through a plain RulesEngine, and the same checks written by hand in C#. Times are per school.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int Schools = 7;
    private IReadOnlyList<RuleContext> _schools = [];
    private IReadOnlyList<CompiledRule> _blockers = [];
    private RuleSet _blockerSet = null!;
    private RuleSet _shipped = null!;
    private RulesEngine.RulesEngine _plain = null!;

    [GlobalSetup]
    public void Load()
    {
        (_schools, _blockers, _blockerSet, _shipped) = Setup.Load();
        if (_schools.Count != Schools)
        {
            throw new InvalidOperationException($"expected {Schools} demo schools, found {_schools.Count}");
        }

        var workflow = new Workflow
        {
            WorkflowName = "blockers",
            Rules = _blockers.Select(b => new Rule { RuleName = b.Name, Expression = b.Expression }).ToList(),
        };
        _plain = new RulesEngine.RulesEngine([workflow], new ReSettings { CustomTypes = [typeof(SchoolInput), typeof(PolicyInput)] });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Schools)]
    public int HandWrittenCSharp()
    {
        var fired = 0;
        foreach (var context in _schools)
        {
            fired += HandWritten.Blockers(context.School, context.Policy).Count;
        }

        return fired;
    }

    /// <summary>
    /// The eight blockers' compiled predicates alone, as the first pass calls them: the decision a hand-written check
    /// makes, without the trace, explanations and values the product adds (the next benchmark).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Schools)]
    public int Decide()
    {
        var fired = 0;
        foreach (var context in _schools)
        {
            foreach (var rule in _blockers)
            {
                fired += rule.Predicate(context) ? 1 : 0;
            }
        }

        return fired;
    }

    /// <summary>The product's own path on the eight blockers: decision, trace, explanations and values for the rules that fire.</summary>
    [Benchmark(OperationsPerInvoke = Schools)]
    public int CompiledDelegates()
    {
        var fired = 0;
        foreach (var context in _schools)
        {
            fired += PolicyEvaluator.FirstPass(_blockerSet, context, CultureInfo.InvariantCulture).Blockers.Count;
        }

        return fired;
    }

    /// <summary>The whole first pass as a run makes it: every shipped cut-priority and blocker rule, district and plugin.</summary>
    [Benchmark(OperationsPerInvoke = Schools)]
    public int CompiledDelegatesWithExplanations()
    {
        var fired = 0;
        foreach (var context in _schools)
        {
            fired += PolicyEvaluator.FirstPass(_shipped, context, CultureInfo.InvariantCulture).Blockers.Count;
        }

        return fired;
    }

    /// <summary>
    /// Both passes as a run makes them: every shipped cut-priority, blocker and sustainability-flag rule, district and
    /// plugin, with the trace and the explanations of the rules that fire, on the outlook each school's budget gives.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Schools)]
    public int BothPasses()
    {
        var found = 0;
        foreach (var context in _schools)
        {
            found += PolicyEvaluator.FirstPass(_shipped, context, CultureInfo.InvariantCulture).Blockers.Count;
            found += PolicyEvaluator.SecondPass(_shipped, context, CultureInfo.InvariantCulture).Flags.Count;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Schools)]
    public async Task<int> PlainRulesEngine()
    {
        var fired = 0;
        foreach (var context in _schools)
        {
            var results = await _plain.ExecuteAllRulesAsync("blockers", new RuleParameter("school", context.School), new RuleParameter("policy", context.Policy));
            fired += results.Count(r => r.IsSuccess);
        }

        return fired;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process keeps the run short and needs no second build; three warm-ups and ten measurements suffice
            // for differences of the size being compared here.
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess"));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}

/// <summary>The eight district blocker rules written by hand, the yardstick for the engines.</summary>
internal static class HandWritten
{
    public static List<string> Blockers(SchoolInput school, PolicyInput policy)
    {
        var fired = new List<string>(8);
        if (policy.SeatTimeRequired && school.CompetencyBasedProgression && !policy.SchoolInCompetencyPilot)
        {
            fired.Add("SeatTimeBlocksCompetencyProgression");
        }

        if (policy.LetterGradesRequired && school.StandardsBasedGrading)
        {
            fired.Add("LetterGradesBlockStandardsBasedGrading");
        }

        if (school.NonStandardPurchaseCount > 0 && (!policy.NonStandardPurchasesAllowed || policy.ProcurementApprovalDays > 30))
        {
            fired.Add("NonStandardPurchasesSlowed");
        }

        if (!policy.BudgetFlexibility && school.DesignElements.Count > 0)
        {
            fired.Add("BudgetFlexibilityMissing");
        }

        if (!policy.StaffingFlexibility && (school.TeacherLeaderFte > 0 || school.InstructionalSupportFte > 0 || school.ReclassifiedPositions))
        {
            fired.Add("StaffingFlexibilityMissing");
        }

        if (!policy.PositionDescriptionFlexibility && (school.ReclassifiedPositions || school.TeacherLeaderFte > 0))
        {
            fired.Add("PositionDescriptionFlexibilityMissing");
        }

        if (!policy.SchedulingFlexibility && school.MultiAgeGrouping)
        {
            fired.Add("SchedulingFlexibilityMissingForMultiAge");
        }

        if (school.RecurringCostOnOneTimeMoney > 0)
        {
            fired.Add("RecurringCostPaidByOneTimeMoney");
        }

        return fired;
    }
}
