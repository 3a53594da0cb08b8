using BenchmarkDotNet.Running;
using PluginHost.Benchmarks;

// bench/run drives these modes; see the README's benchmark section.
return args switch
{
    ["facts", var output] => Facts.Write(output),
    ["generate", var count, var folder] => SyntheticDistrict.Write(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), folder),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(RuleEvaluationBenchmarks).Assembly).Run(args);
    return 0;
}
