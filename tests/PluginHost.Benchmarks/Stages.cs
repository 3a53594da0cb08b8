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
}
