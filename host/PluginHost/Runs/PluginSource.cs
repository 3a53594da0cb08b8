using System.Diagnostics;
using PluginHost.Diagnostics;

namespace PluginHost.Runs;

/// <summary>
/// A plugin's source folder (one holding a .csproj) published with <c>dotnet publish</c> into a temporary folder,
/// so <c>plugins validate</c> and <c>plugins add</c> check what would actually be installed.
/// </summary>
internal sealed class PluginSource : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly string? _temporary;

    private PluginSource(string folder, string? temporary)
    {
        Folder = folder;
        _temporary = temporary;
    }

    /// <summary>The folder to validate or install: the published output, or the given folder when it is already built.</summary>
    public string Folder { get; }

    public static PluginSource Prepare(string folder, Action<string> report)
    {
        var projects = Directory.EnumerateFiles(folder, "*.csproj").Order(StringComparer.Ordinal).ToList();
        if (projects.Count == 0)
        {
            return new PluginSource(folder, null);
        }

        if (projects.Count > 1)
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PluginBuildFailed,
                $"the folder holds {projects.Count} projects ({string.Join(", ", projects.Select(Path.GetFileName))}); name the folder of one plugin project"));
        }

        var output = Path.Combine(Path.GetTempPath(), "pluginhost-publish", Guid.NewGuid().ToString("N")[..12], Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)));
        var command = $"dotnet publish \"{DisplayPath.Of(projects[0])}\" -c Release -o \"{output}\"";
        report($"building {DisplayPath.Of(projects[0])}: {command}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", projects[0], "-c", "Release", "-o", output, "--nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw Failed(folder, command, "dotnet could not be started; is the .NET SDK on PATH?");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw Failed(folder, command, $"the build did not finish in {Limit.TotalMinutes:0} minutes");
        }

        if (process.ExitCode != 0)
        {
            var errors = (stdout.Result + "\n" + stderr.Result).Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(5).ToList();
            throw Failed(folder, command, errors.Count > 0 ? string.Join("; ", errors) : $"dotnet publish exited with {process.ExitCode}");
        }

        return new PluginSource(output, Path.GetDirectoryName(output));
    }

    public void Dispose()
    {
        if (_temporary is not null)
        {
            try
            {
                Directory.Delete(_temporary, recursive: true);
            }
            catch (IOException)
            {
                // A temporary copy that cannot be removed now is left for the system's temp cleaning.
            }
        }
    }

    private static DiagnosticException Failed(string folder, string command, string reason) =>
        new(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PluginBuildFailed, $"the plugin did not build: {reason}; run '{command}' to see the whole build output"));
}
