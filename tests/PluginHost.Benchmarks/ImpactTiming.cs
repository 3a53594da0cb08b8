using System.Diagnostics;
using System.Globalization;
using PluginHost.Commands;

namespace PluginHost.Benchmarks;

/// <summary>
/// impact against district in one process, on the same schools: each command run three times in turn through the
/// product's own command line (in-process, output discarded), medians compared. impact is two runs of the district,
/// so the goal is under 2.2× one run.
/// </summary>
internal static class ImpactTiming
{
    public static int Run(string folder, string appFolder)
    {
        var work = Path.Combine(Path.GetTempPath(), "pluginhost-impact-timing-" + Guid.NewGuid().ToString("N")[..8]);
        string[] district = ["district", folder, "--format", "json", "--out", Path.Combine(work, "district")];
        string[] impact = ["impact", folder, "--set", "compensation.leadershipPayOnSchedule=true", "--format", "json", "--out", Path.Combine(work, "impact")];
        var session = new CliSession(TextWriter.Null, Console.Error, Environment.CurrentDirectory, appFolder, Interactive: false);
        // One warm-up of each, so both are measured with the JIT and the schema caches warm.
        Time(district, session);
        Time(impact, session);
        var districtTimes = new List<double>();
        var impactTimes = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            districtTimes.Add(Time(district, session));
            impactTimes.Add(Time(impact, session));
        }

        Directory.Delete(work, recursive: true);
        var d = districtTimes.Order().ElementAt(1);
        var m = impactTimes.Order().ElementAt(1);
        var schools = PluginHost.Runs.BatchRunner.ProfilesIn(folder).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{schools} schools, one process, median of 3: district (json) {d:0.00} s, impact (--set, json) {m:0.00} s: impact = {m / d:0.00}× district (goal: under 2.2×)"));
        return 0;
    }

    private static double Time(string[] args, CliSession session)
    {
        var clock = Stopwatch.StartNew();
        var exit = Cli.RunAsync(args, session, CancellationToken.None).GetAwaiter().GetResult();
        return exit == 0 ? clock.Elapsed.TotalSeconds : throw new InvalidOperationException($"{string.Join(' ', args)} exited with {exit}");
    }
}
