using System.Text.Json;
using PluginHost.Diagnostics;

namespace PluginHost.Io;

/// <summary>
/// run.json, written last into --out: when the run started and finished, whether it completed, what it used and
/// every file it wrote. A run that was killed has no run.json (or one saying complete: false), and the next run into
/// the folder removes exactly the files the last one listed, so two runs never mix in one folder.
/// </summary>
internal sealed record RunRecord(
    string Tool,
    string ToolVersion,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    bool Complete,
    IReadOnlyList<string> RuleSetHashes,
    IReadOnlyList<int> Cuts,
    int Profiles,
    int Written,
    int Failed,
    IReadOnlyList<string> Files)
{
    public const string FileName = "run.json";

    /// <summary>
    /// Makes --out ready before any school runs: it must be a writable folder (else PH5003 now, not 600 schools later);
    /// the files an earlier run listed are removed, with temp files a killed run left behind.
    /// </summary>
    public static void Prepare(string outDirectory)
    {
        try
        {
            if (File.Exists(outDirectory))
            {
                throw new IOException("it is a file, not a folder");
            }

            Directory.CreateDirectory(outDirectory);
            var probe = Path.Combine(outDirectory, $".write-probe.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(outDirectory), ErrorCodes.WriteFailed,
                $"--out: cannot write there ({ex.Message}); choose a folder you can write to"));
        }

        var root = Path.GetFullPath(outDirectory);
        var record = Read(outDirectory);
        foreach (var file in record?.Files ?? [])
        {
            var full = Path.GetFullPath(Path.Combine(root, file));
            if (full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full))
            {
                File.Delete(full);
            }
        }

        foreach (var temp in Directory.EnumerateFiles(root, ".*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(temp);
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
        {
            Directory.Delete(folder);
        }
    }

    public static RunRecord? Read(string outDirectory)
    {
        var path = Path.Combine(outDirectory, FileName);
        try
        {
            return Json.ReadFile<RunRecord>(path);
        }
        catch (JsonException)
        {
            // A damaged record cannot say what the last run wrote; the files stay, and this run overwrites its own.
            return null;
        }
    }

    public void Write(string outDirectory)
    {
        var root = Path.GetFullPath(outDirectory);
        var relative = this with { Files = Files.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList() };
        AtomicFile.Write(Path.Combine(root, FileName), JsonSerializer.Serialize(relative, Json.Web) + "\n");
    }
}
