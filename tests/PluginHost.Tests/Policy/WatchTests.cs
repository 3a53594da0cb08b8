using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Io;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>
/// watch re-renders the memo under a new rule-set snapshot when a rule changes, and keeps the last good one on a bad
/// edit. The changes are pushed by hand (the product's file-system signal is the only part not run here), so every
/// step is awaited, not waited for.
/// </summary>
public sealed class WatchTests
{
    [Fact]
    public async Task Editing_a_rule_while_watch_runs_re_renders_the_memo_under_the_new_rule_set_hash()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var signal = new ManualChangeSignal();
        var output = new StringWriter();
        var session = new CliSession(TextWriter.Synchronized(output), TextWriter.Synchronized(output), temp.Path, TestPaths.HostOutput, Interactive: false)
        {
            Services = services => services.AddSingleton<IChangeSignal>(signal),
        };
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => Cli.RunAsync(["--rules", rules, "watch", Path.Combine(TestPaths.DemoDistrict, "school-f.json"), "--out", temp.Combine("out"), "--format", "md,json"], session, stop.Token));
        try
        {
            await signal.Listening.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Contains(rules, signal.Folders!);
            var result = temp.Combine("out", "school-f", "result.json");
            var firstHash = Hash(result);
            Assert.DoesNotContain("RecurringItAboveShare", Flags(result));

            var flags = Path.Combine(rules, "sustainability-flags.json");
            File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.01", StringComparison.Ordinal));
            await signal.ChangeAsync(flags);

            var secondHash = Hash(result);
            Assert.NotEqual(firstHash, secondHash);
            Assert.Contains($"rendered out/school-f/memo.md under rule set {secondHash[..12]} (rules/sustainability-flags.json)", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("RecurringItAboveShare", Flags(result));

            var broken = Path.Combine(rules, "broken.json");
            File.WriteAllText(broken, "{ \"WorkflowName\": ");
            await signal.ChangeAsync(broken);
            Assert.Contains($"keeping rule set {secondHash[..12]}: the change to rules/broken.json did not load", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("rules/broken.json(1,", output.ToString(), StringComparison.Ordinal);
            Assert.Equal(secondHash, Hash(result));

            // A runaway rule and one deep enough to overflow a parser's stack are refused at load; watch keeps going.
            var hostile = Path.Combine(rules, "hostile.json");
            File.WriteAllText(hostile, "{ \"WorkflowName\": \"PolicyBlockers\", \"Rules\": [ { \"RuleName\": \"Runaway\", \"Expression\": \""
                + "school.Archetypes.Any(a => school.Archetypes.Any(b => school.Archetypes.Any(c => c == a)))"
                + "\", \"Properties\": { \"policy\": \"grading\", \"explanation\": \"x\" } } ] }");
            await signal.ChangeAsync(hostile);
            Assert.Contains("the change to rules/hostile.json did not load", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("error PH2004: Runaway: expression nests 3 lambdas", output.ToString(), StringComparison.Ordinal);
            File.WriteAllText(hostile, "{ \"WorkflowName\": \"PolicyBlockers\", \"Rules\": [ { \"RuleName\": \"StackDepth\", \"Expression\": \""
                + new string('(', 3000) + "true" + new string(')', 3000) + "\", \"Properties\": { \"policy\": \"grading\", \"explanation\": \"x\" } } ] }");
            await signal.ChangeAsync(hostile);
            Assert.Contains("StackDepth: expression is 6,004 characters long", output.ToString(), StringComparison.Ordinal);
            Assert.False(run.IsCompleted, "watch stopped on a hostile rule");
            Assert.Equal(secondHash, Hash(result));

            // The next good edit is rendered as usual.
            File.Delete(hostile);
            File.Delete(broken);
            File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.01", "outlook.RecurringItShareYear4 > 0.02", StringComparison.Ordinal));
            // An editor's scratch file, gone by the time the change is read (sed -i's "sedX1y2Z3"), is not named; the
            // rule files removed are, as removed.
            await signal.ChangeAsync(hostile, broken, Path.Combine(rules, "sedX1y2Z3"), flags);
            Assert.NotEqual(secondHash, Hash(result));
            Assert.Contains($"under rule set {Hash(result)[..12]} (rules/hostile.json (removed), rules/broken.json (removed), rules/sustainability-flags.json)", output.ToString(), StringComparison.Ordinal);
            Assert.False(run.IsCompleted);
        }
        finally
        {
            stop.Cancel();
        }

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    private static string Hash(string result) =>
        JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("provenance").GetProperty("ruleSetHash").GetString()!;

    private static List<string?> Flags(string result) =>
        JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
}
