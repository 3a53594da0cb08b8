using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Diagnostics;
using PluginHost.Serve;

namespace PluginHost.Benchmarks;

/// <summary>
/// serve under load, in one process on loopback: the product's own web application over a folder of profiles; the
/// slider's server-side recompute timed directly, the district page timed over HTTP, then a bounded load test of
/// clients moving sliders (each waits for its answer before the next move) that stops by itself.
/// </summary>
internal static class ServeLoad
{
    public static async Task<int> Run(string folder, string appFolder, int seconds, int clients)
    {
        Places.Use(Environment.CurrentDirectory, Path.GetFullPath(appFolder));
        await using var app = ServeApp.Build(new ServeOptions(Path.GetFullPath(folder), 0, null, AllowEdit: false),
            services => HostFactory.Register(services, _ => { }), line => Console.Error.WriteLine(line));
        var state = app.Services.GetRequiredService<ServeState>();
        var clock = Stopwatch.StartNew();
        var snapshot = state.Reload();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serve: {snapshot.Schools.Count} schools evaluated at start in {clock.Elapsed.TotalSeconds:0.00} s"));
        await app.StartAsync();
        var url = app.Urls.First();

        // 1. The slider's recompute, server side: one school at one cut, as the panel endpoint runs it.
        var random = new Random(7);
        var recompute = new List<double>();
        for (var i = 0; i < 1200; i++)
        {
            var school = snapshot.Schools[random.Next(snapshot.Schools.Count)];
            var start = Stopwatch.GetTimestamp();
            state.Evaluate(snapshot, school, random.Next(0, 61), null);
            if (i >= 200)
            {
                recompute.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slider recompute (server time, 1,000 moves): p50 {Percentile(recompute, 50):0.00} ms, p95 {Percentile(recompute, 95):0.00} ms (goal: p95 under 100 ms)"));

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var district = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync("/");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 2)
            {
                district.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"district page, {snapshot.Schools.Count} schools (10 requests): median {Percentile(district, 50):0} ms, max {district.Max():0} ms (goal: under 1 s)"));

        // 2. Load: clients moving sliders for a fixed time.
        GC.Collect();
        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var workers = Enumerable.Range(0, clients).Select(async n =>
        {
            var mine = new Random(n);
            while (!stop.IsCancellationRequested)
            {
                var school = snapshot.Schools[mine.Next(snapshot.Schools.Count)];
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync($"/schools/{school.Id}/panel?cut={mine.Next(0, 61).ToString(CultureInfo.InvariantCulture)}");
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }).ToList();
        // The working set every tenth of the run: flat means the server holds no more per request as it goes.
        var samples = new List<long>();
        for (var tick = 1; tick <= 10; tick++)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds / 10.0));
            samples.Add(Process.GetCurrentProcess().WorkingSet64 / (1024 * 1024));
        }

        await Task.WhenAll(workers);
        GC.Collect();
        var memoryAfter = Process.GetCurrentProcess().WorkingSet64;
        var all = latencies.ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: {clients} clients moving sliders for {seconds} s: {all.Count:#,0} requests ({all.Count / (double)seconds:0} /s), p50 {Percentile(all, 50):0.0} ms, p95 {Percentile(all, 95):0.0} ms, errors {errors}; working set {memoryBefore / (1024 * 1024)} MB before, {string.Join(" ", samples)} MB during, {memoryAfter / (1024 * 1024)} MB after"));
        await app.StopAsync();
        return errors == 0 ? 0 : 1;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
    }
}
