using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>watch re-renders the memo under a new rule-set snapshot when a rule changes, and keeps the last good one on a bad edit.</summary>
public sealed class WatchTests
{
    [Fact]
    public void Editing_a_rule_while_watch_runs_re_renders_the_memo_under_the_new_rule_set_hash()
    {
        using var temp = new TempDir();
        var rules = temp.Combine("rules");
        TempDir.Copy(TestPaths.Rules, rules);
        var output = new StringBuilder();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(TestPaths.HostOutput, "PluginHost.dll"), "--rules", rules, "watch", Path.Combine(TestPaths.DemoDistrict, "school-f.json"), "--out", temp.Combine("out"), "--format", "md,json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            WaitFor(output, "watching ");
            var result = temp.Combine("out", "school-f", "result.json");
            var firstHash = Hash(result);
            Assert.DoesNotContain("RecurringItAboveShare", Flags(result));

            var flags = Path.Combine(rules, "sustainability-flags.json");
            File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.01", StringComparison.Ordinal));
            var rerendered = WaitFor(output, "(rules/sustainability-flags.json)");

            var secondHash = Hash(result);
            Assert.NotEqual(firstHash, secondHash);
            Assert.Contains($"rendered out/school-f/memo.md under rule set {secondHash[..12]} (rules/sustainability-flags.json)", rerendered, StringComparison.Ordinal);
            Assert.Contains("RecurringItAboveShare", Flags(result));

            File.WriteAllText(Path.Combine(rules, "broken.json"), "{ \"WorkflowName\": ");
            var kept = WaitFor(output, "did not load");
            Assert.Contains($"keeping rule set {secondHash[..12]}: the change to rules/broken.json did not load", kept, StringComparison.Ordinal);
            Assert.Contains("rules/broken.json(1,", kept, StringComparison.Ordinal);
            Assert.Equal(secondHash, Hash(result));

            // A runaway rule and one deep enough to overflow a parser's stack are refused at load; watch keeps going.
            var hostile = Path.Combine(rules, "hostile.json");
            File.WriteAllText(hostile, "{ \"WorkflowName\": \"PolicyBlockers\", \"Rules\": [ { \"RuleName\": \"Runaway\", \"Expression\": \""
                + "school.Archetypes.Any(a => school.Archetypes.Any(b => school.Archetypes.Any(c => c == a)))"
                + "\", \"Properties\": { \"policy\": \"grading\", \"explanation\": \"x\" } } ] }");
            var runaway = WaitFor(output, "the change to rules/hostile.json did not load");
            Assert.Contains("error PH2004: Runaway: expression nests 3 lambdas", runaway, StringComparison.Ordinal);
            File.WriteAllText(hostile, "{ \"WorkflowName\": \"PolicyBlockers\", \"Rules\": [ { \"RuleName\": \"StackDepth\", \"Expression\": \""
                + new string('(', 3000) + "true" + new string(')', 3000) + "\", \"Properties\": { \"policy\": \"grading\", \"explanation\": \"x\" } } ] }");
            WaitFor(output, "StackDepth: expression is 6,004 characters long");
            Assert.False(process.HasExited, "watch died on a hostile rule");
            Assert.Equal(secondHash, Hash(result));

            // The next good edit is rendered as usual.
            File.Delete(hostile);
            File.Delete(Path.Combine(rules, "broken.json"));
            File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.01", "outlook.RecurringItShareYear4 > 0.02", StringComparison.Ordinal));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Hash(result) == secondHash && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }

            Assert.NotEqual(secondHash, Hash(result));
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static string WaitFor(StringBuilder output, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            lock (output)
            {
                if (output.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return output.ToString();
                }
            }

            Thread.Sleep(100);
        }

        lock (output)
        {
            throw new TimeoutException($"watch never printed '{text}'. Output so far:\n{output}");
        }
    }

    private static string Hash(string result) =>
        JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("provenance").GetProperty("ruleSetHash").GetString()!;

    private static List<string?> Flags(string result) =>
        JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
}
