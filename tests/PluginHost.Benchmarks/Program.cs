using BenchmarkDotNet.Running;
using PluginHost.Benchmarks;

// bench/run drives these modes; see the README's benchmark section.
return args switch
{
    ["facts", var output] => Facts.Write(output),
    ["generate", var count, var folder] => SyntheticDistrict.Write(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), folder),
    ["roster", var folder] => WriteRoster(folder),
    ["stages", var folder, var app, var count] => Stages.Run(folder, app, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    ["loop", var folder, var app, var stage, var rounds] => Stages.Loop(folder, app, stage, int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
    ["rules-loop", var rounds] => RulesLoop(int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
    ["district-runs", var folder, var app, var work, var runs] => Stages.DistrictRuns(folder, app, work, int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["baseline", var folder, var app, var work] => Baseline.Run(folder, app, work),
    ["impact", var folder, var app] => ImpactTiming.Run(folder, app),
    ["serve-load", var folder, var app, var seconds, var clients] => ServeLoad.Run(folder, app, int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(clients, System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult(),
    _ => Run(args),
};

static int WriteRoster(string folder)
{
    var facts = SyntheticRoster.Write(folder);
    Console.WriteLine($"wrote {folder}/roster.csv ({facts.RosterRows:#,0} rows), enrollment.csv ({facts.Schools} schools, {facts.EnrollmentStudents:#,0} students) and mapping.json");
    return 0;
}

// Both policy passes on the demo schools over and over, for a profiler to see them at steady state.
static int RulesLoop(int rounds)
{
    var benchmark = new RuleEvaluationBenchmarks();
    benchmark.Load();
    using var sampler = PluginHost.Benchmarks.AllocationSampler.FromEnvironment();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < rounds; i++)
    {
        benchmark.BothPasses();
    }

    sampler?.PrintTop(25);

    Console.WriteLine($"both passes: {clock.Elapsed.TotalMilliseconds * 1000 / (rounds * 7.0):0.00} µs and {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (rounds * 7.0):0} bytes allocated per school");
    return 0;
}

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(RuleEvaluationBenchmarks).Assembly).Run(args);
    return 0;
}
