using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Runs;
using PluginHost.Commands;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Evaluation;

public sealed class DistrictRunTests
{
    [Fact]
    public void Fifty_good_profiles_and_three_broken_ones_give_fifty_results_three_named_failures_and_exit_1()
    {
        using var temp = new TempDir();
        var folder = temp.Combine("district");
        GeneratedDistrict.Write(folder, 50);
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), Path.Combine(folder, "district-policy.json"));
        File.WriteAllText(Path.Combine(folder, "broken-json.json"), "{ \"id\": ");
        File.WriteAllText(Path.Combine(folder, "broken-enrollment.json"), File.ReadAllText(Path.Combine(folder, "gen-000000.json")).Replace("\"enrollment\":{\"students\":", "\"enrollment\":{\"students\":-", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "broken-archetype.json"), File.ReadAllText(Path.Combine(folder, "gen-000001.json")).Replace("\"pbl-labs\"", "\"flipped-classroom\"", StringComparison.Ordinal));

        var result = CliRunner.Run(temp.Path, "district", folder, "--out", temp.Combine("out"), "--format", "json", "--parallel", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(50, Directory.EnumerateFiles(temp.Combine("out"), "result.json", SearchOption.AllDirectories).Count());
        var failures = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "failures.json"))).RootElement.EnumerateArray()
            .Select(f => (File: Path.GetFileName(f.GetProperty("file").GetString()), Code: f.GetProperty("code").GetString()))
            .ToList();
        Assert.Equal([("broken-archetype.json", "PH3001"), ("broken-enrollment.json", "PH1002"), ("broken-json.json", "PH1001")], failures);
        Assert.Contains("50 schools written, 3 failed (see failures.json)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("broken-archetype.json: error PH3001: archetypes: no plugin for archetype 'flipped-classroom'", result.Stderr, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "summary.json"))).RootElement;
        Assert.Equal(50, summary.GetProperty("schoolCount").GetInt32());
        Assert.Equal(3, summary.GetProperty("failedCount").GetInt32());
        Assert.Equal(50 * 3 + 1, File.ReadAllLines(temp.Combine("out", "summary.csv")).Length);
    }

    [Fact]
    public void A_profile_with_two_errors_is_one_row_of_the_summary_naming_both_by_line()
    {
        // The two errors were joined by a line break, which the summary's table cell cannot hold: it printed them run
        // together, "expected integerdistrict/school-x.json(20,15): error PH1002: ...".
        using var temp = new TempDir();
        var folder = temp.Combine("district");
        GeneratedDistrict.Write(folder, 2);
        var text = File.ReadAllText(Path.Combine(folder, "gen-000000.json"));
        File.WriteAllText(Path.Combine(folder, "two-errors.json"), text
            .Replace("\"enrollment\":{\"students\":", "\"enrollment\":{\"students\":\"many\",\"was\":", StringComparison.Ordinal)
            .Replace("\"id\":\"gen-000000\"", "\"id\":\"Two Errors\"", StringComparison.Ordinal));

        var result = CliRunner.Run(temp.Path, "district", folder, "--out", temp.Combine("out"), "--format", "md,json");

        Assert.Equal(1, result.ExitCode);
        var row = Assert.Single(File.ReadAllLines(temp.Combine("out", "summary.md")), l => l.Contains("two-errors.json", StringComparison.Ordinal));
        Assert.Matches(@"^\| district/two-errors\.json \| unknown \| PH1002 \| line 1: id: .*; line 1: enrollment\.students: 'many' has the wrong type; expected integer; line 1: enrollment\.was: unknown field.* \|$", row);
        var reasons = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "failures.json"))).RootElement[0].GetProperty("reasons");
        Assert.Equal(3, reasons.GetArrayLength());
    }

    [Fact]
    public async Task A_rule_reloaded_during_a_50_school_run_leaves_every_result_wholly_under_one_rule_set()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var profiles = GeneratedDistrict.Write(temp.Combine("district"), 50);
        var options = new PluginHostOptions { RulesDirectory = rules, PluginsDirectory = TestPaths.ShippedPlugins, TemplatesDirectory = TestPaths.Templates };
        using var host = HostFactory.Build(options);
        var services = host.Services;
        var loader = services.GetRequiredService<WorkspaceLoader>();
        var workspace = loader.Load();
        var policy = new PolicyChoice(services.GetRequiredService<InputLoader>().LoadPolicy(Path.Combine(TestPaths.DemoDistrict, "district-policy.json")), null);
        var runner = services.GetRequiredService<BatchRunner>();
        // One worker: it waits inside the progress callback until the reload lands, so later schools must see the new rules.
        BatchRequest Request(string output) => new(profiles, policy, temp.Combine(output), [OutputFormats.Json], [10, 20, 30], CultureInfo.GetCultureInfo("en-US"), null, 1);

        var holder = new RuleSetHolder();
        holder.Swap(workspace.Rules);
        var before = workspace.Rules;
        var signal = new ManualChangeSignal();
        using var reloader = new RuleReloader(loader, workspace.Catalog, holder, signal, _ => { }, _ => { });
        var flags = Path.Combine(rules, "sustainability-flags.json");
        var progress = new EditAfter(20, () =>
        {
            File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.01", StringComparison.Ordinal));
            signal.ChangeAsync(flags).GetAwaiter().GetResult();
        });
        var mixed = await runner.RunAsync(Request("mixed"), workspace, () => holder.Current, progress, CancellationToken.None);
        var after = holder.Current;
        await runner.RunAsync(Request("before"), workspace, () => before, new EditAfter(int.MaxValue, () => { }), CancellationToken.None);
        await runner.RunAsync(Request("after"), workspace, () => after, new EditAfter(int.MaxValue, () => { }), CancellationToken.None);

        Assert.Equal(50, mixed.Succeeded);
        Assert.NotEqual(before.Hash, after.Hash);
        var byHash = new Dictionary<string, int>();
        foreach (var profile in profiles)
        {
            var id = Path.GetFileNameWithoutExtension(profile);
            var text = File.ReadAllText(temp.Combine("mixed", id, "result.json"));
            var hash = JsonDocument.Parse(text).RootElement.GetProperty("provenance").GetProperty("ruleSetHash").GetString()!;
            Assert.True(hash == before.Hash || hash == after.Hash, $"{id} names an unknown rule set {hash}");
            byHash[hash] = byHash.GetValueOrDefault(hash) + 1;
            var pure = File.ReadAllText(temp.Combine(hash == before.Hash ? "before" : "after", id, "result.json"));
            Assert.True(pure == text, $"{id} differs from a run made wholly under rule set {hash[..12]}");
        }

        // One worker, and the edit is pushed from inside the 20th school's callback and handled before it returns:
        // exactly 20 schools ran under the first rule set and the other 30 under the reloaded one.
        Assert.Equal(20, byHash.GetValueOrDefault(before.Hash));
        Assert.Equal(30, byHash.GetValueOrDefault(after.Hash));
        var summary = JsonDocument.Parse(File.ReadAllText(temp.Combine("mixed", "summary.json"))).RootElement;
        Assert.Equal(new[] { before.Hash, after.Hash }.Order(StringComparer.Ordinal), summary.GetProperty("ruleSetHashes").EnumerateArray().Select(h => h.GetString()!));
    }

    /// <summary>Runs an action once, from inside the run, after a number of schools are done.</summary>
    private sealed class EditAfter : IBatchProgress
    {
        private readonly int _after;
        private readonly Action _edit;
        private int _done;

        public EditAfter(int after, Action edit)
        {
            _after = after;
            _edit = edit;
        }

        public void Started(int total)
        {
        }

        public void SchoolDone(SchoolOutcome outcome, IReadOnlyList<string> written)
        {
            if (Interlocked.Increment(ref _done) == _after)
            {
                _edit();
            }
        }

        public void SchoolWithdrawn(string profile)
        {
        }
    }
}
