using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Runs;

namespace PluginHost.Benchmarks;

/// <summary>Where a district run's time goes on generated schools, one thread, stage by stage (the product's own code).</summary>
internal static class Stages
{
    public static int Run(string folder, string appFolder, int count)
    {
        Places.Use(Environment.CurrentDirectory, Path.GetFullPath(appFolder));
        using var host = HostFactory.Build(_ => { });
        var services = host.Services;
        var workspace = services.GetRequiredService<WorkspaceLoader>().Load();
        var inputs = services.GetRequiredService<InputLoader>();
        var paths = BatchRunner.ProfilesIn(folder).Take(count).ToList();
        var policy = PolicyResolver.Resolve(inputs, null, folder);
        var context = new EvaluationContext(workspace.Catalog, workspace.Rules, [10, 20, 30], CultureInfo.GetCultureInfo("en-US"), null);
        var writer = new OutputWriter(workspace.Templates, workspace.Rules.Categories);
        var outDir = Path.Combine(Path.GetTempPath(), "pluginhost-stages");
        // Warm up.
        foreach (var p in paths.Take(50))
        {
            var r = SchoolEvaluator.Evaluate(inputs.LoadProfile(p), p, policy, context).Result!;
            writer.WriteSchool(outDir, r, ["json", "md", "html"], context.Culture);
        }

        double load = 0, eval = 0, json = 0, md = 0, html = 0;
        var gc0 = GC.CollectionCount(0);
        var total = Stopwatch.StartNew();
        foreach (var p in paths)
        {
            var t = Stopwatch.GetTimestamp();
            var profile = inputs.LoadProfile(p);
            load += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            var result = SchoolEvaluator.Evaluate(profile, p, policy, context).Result!;
            eval += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            writer.WriteSchool(outDir, result, ["json"], context.Culture);
            json += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            writer.WriteSchool(outDir, result, ["md"], context.Culture);
            md += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            writer.WriteSchool(outDir, result, ["html"], context.Culture);
            html += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        var n = paths.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} schools, one thread, ms per school: load {load / n:0.000}, evaluate {eval / n:0.000}, write json {json / n:0.000}, write md {md / n:0.000}, write html {html / n:0.000}; gen0 GCs {GC.CollectionCount(0) - gc0}; total {total.Elapsed.TotalSeconds:0.00} s"));
        Directory.Delete(outDir, recursive: true);
        return 0;
    }

    /// <summary>
    /// One stage over and over on the first profiles of a folder (20, or LOOP_PROFILES), for a profiler to see it at
    /// steady state. 2,000 profiles measure the same per school as 20 (checked: the small set is not flattered by caches).
    /// </summary>
    public static int Loop(string folder, string appFolder, string stage, int rounds)
    {
        Places.Use(Environment.CurrentDirectory, Path.GetFullPath(appFolder));
        using var host = HostFactory.Build(_ => { });
        var workspace = host.Services.GetRequiredService<WorkspaceLoader>().Load();
        var inputs = host.Services.GetRequiredService<InputLoader>();
        var paths = BatchRunner.ProfilesIn(folder).Take(int.TryParse(Environment.GetEnvironmentVariable("LOOP_PROFILES"), out var n) ? n : 20).ToList();
        var policy = PolicyResolver.Resolve(inputs, null, folder);
        var context = new EvaluationContext(workspace.Catalog, workspace.Rules, [10, 20, 30], CultureInfo.GetCultureInfo("en-US"), null);
        var renderer = new MemoRenderer(workspace.Templates, workspace.Rules.Categories);
        var profiles = paths.Select(inputs.LoadProfile).ToList();
        var results = profiles.Select((profile, i) => SchoolEvaluator.Evaluate(profile, paths[i], policy, context).Result!).ToList();
        var markdowns = results.Select(r => Markdown(renderer, r, context.Culture)).ToList();
        using var sampler = AllocationSampler.FromEnvironment();
        var clock = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                _ = stage switch
                {
                    "load" => inputs.LoadProfile(paths[i]),
                    "evaluate" => SchoolEvaluator.Evaluate(inputs.LoadProfile(paths[i]), paths[i], policy, context).Result!,
                    "evaluate-read" => SchoolEvaluator.Evaluate(profiles[i], paths[i], policy, context).Result!,
                    "json" => ResultJson.Utf8Reused(results[i]),
                    "model" => ScriptModel.Of(results[i], []),
                    "md" => Markdown(renderer, results[i], context.Culture),
                    "html" => (object)HtmlPage.Render(markdowns[i], "memo", MemoCharts.For(results[i], context.Culture), context.Culture),
                    _ => throw new ArgumentException($"no stage '{stage}'; stages: load, evaluate, evaluate-read (a profile already read), json, model, md, html"),
                };
            }
        }

        sampler?.PrintTop(25);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage}: {clock.Elapsed.TotalMilliseconds * 1000 / (rounds * paths.Count):0.0} µs and {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / (rounds * paths.Count):0.0} KB allocated per school"));
        return 0;
    }

    /// <summary>
    /// The whole district command, in this process, run after run into new folders under <paramref name="work"/>, each
    /// run's time printed: on a handful of schools it shows a run's fixed cost (plugins, rules, summary) at steady state.
    /// </summary>
    public static int DistrictRuns(string folder, string appFolder, string work, int runs)
    {
        var session = new CliSession(TextWriter.Null, Console.Error, Environment.CurrentDirectory, Path.GetFullPath(appFolder), Interactive: false);
        for (var run = 0; run < runs; run++)
        {
            var (paused, allocated, collections) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
            var (jitted, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            var contended = Monitor.LockContentionCount;
            var (exit, seconds) = District(session, folder, Path.Combine(work, $"run-{run}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: {seconds * 1000:0.0} ms{(exit == 0 ? "" : $" (exit {exit})")}; GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms in {GC.CollectionCount(0) - collections} collections, {(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0:0} MB allocated; {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} methods compiled in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:0} ms; {Monitor.LockContentionCount - contended} contended locks"));
        }

        return 0;
    }

    /// <summary>The district command in this process, JSON only, into a folder of its own: its exit code and how long it took.</summary>
    public static (int Exit, double Seconds) District(CliSession session, string folder, string outDirectory)
    {
        var clock = Stopwatch.StartNew();
        var exit = Cli.RunAsync(["district", folder, "--format", "json", "--out", outDirectory], session, CancellationToken.None).GetAwaiter().GetResult();
        return (exit, clock.Elapsed.TotalSeconds);
    }

    private static string Markdown(MemoRenderer renderer, Evaluation.SchoolResult result, CultureInfo culture)
    {
        return renderer.Render(OutputWriter.MemoTemplate, ScriptModel.Of(result, MemoCharts.For(result, culture).Keys.ToList()), culture);
    }
}
