using System.Text;
using System.Text.RegularExpressions;

namespace PluginHost.Tests.Support;

/// <summary>
/// Compares output with a checked-in expected file after normalising what changes between builds (hashes, tool
/// version, install paths). Set PLUGINHOST_UPDATE_GOLDEN=1 to rewrite the expected files; review the diff before committing.
/// </summary>
internal static partial class Golden
{
    public static string Normalise(string text) =>
        Sha256().Replace(
            ShortHash().Replace(
                ToolVersion().Replace(text.Replace(TestPaths.HostOutput.TrimEnd('/'), "<app>", StringComparison.Ordinal), "PluginHost <version>"),
                "rule set `<hash>`"),
            "<sha256>");

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(TestPaths.Golden, name);
        var normalised = Normalise(actual);
        if (Environment.GetEnvironmentVariable("PLUGINHOST_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalised);
            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path) : "";
        if (expected != normalised)
        {
            Assert.Fail($"{name} differs from its golden file (set PLUGINHOST_UPDATE_GOLDEN=1 to accept the change):\n{Diff(expected, normalised)}");
        }
    }

    /// <summary>A short line diff: the first differing lines with two lines of context.</summary>
    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        var text = new StringBuilder();
        for (var i = Math.Max(0, first - 2); i < Math.Min(Math.Max(a.Length, b.Length), first + 6); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left == right)
            {
                text.AppendLine($"  {i + 1,5}   {left}");
            }
            else
            {
                text.AppendLine($"- {i + 1,5}   {left}");
                text.AppendLine($"+ {i + 1,5}   {right}");
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex Sha256();

    [GeneratedRegex("rule set `[0-9a-f]{12}`")]
    private static partial Regex ShortHash();

    [GeneratedRegex(@"PluginHost \d+\.\d+\.\d+")]
    private static partial Regex ToolVersion();
}
