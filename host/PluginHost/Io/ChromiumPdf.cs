using System.Diagnostics;
using PluginHost.Diagnostics;

namespace PluginHost.Io;

/// <summary>
/// Prints an HTML memo to PDF with headless Chromium, found on PATH or named with --chromium. No browser is ever
/// downloaded: without one, <see cref="Locate"/> fails with PH5004 naming the Debian package to install.
/// </summary>
internal sealed class ChromiumPdf
{
    /// <summary>Names Chromium goes by on PATH, most common first.</summary>
    public static readonly IReadOnlyList<string> Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>A memo prints in a second or two; a browser that takes longer than this is stuck and is stopped.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ChromiumPdf(string executable)
    {
        Executable = executable;
    }

    public string Executable { get; }

    public static ChromiumPdf Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? new ChromiumPdf(PluginHost.Diagnostics.Places.Full(explicitPath))
                : throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(explicitPath), ErrorCodes.ChromiumMissing, "--chromium: no such file; name the Chromium executable, for example /usr/bin/chromium"));
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        return found is not null
            ? new ChromiumPdf(found)
            : throw new DiagnosticException(Diagnostic.Error("pluginhost", ErrorCodes.ChromiumMissing,
                $"--format pdf needs headless Chromium, and none was found on PATH (looked for {string.Join(", ", Names)}); install the Debian package chromium (apt-get install -y chromium) or pass --chromium PATH"));
    }

    /// <summary>Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/> through a temporary file, so a failed print leaves no half PDF.</summary>
    public void Print(string htmlPath, string pdfPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(pdfPath))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(pdfPath)}.{Guid.NewGuid():N}.tmp");
        var profile = Path.Combine(Path.GetTempPath(), $"pluginhost-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-pdf-header-footer",
            $"--user-data-dir={profile}", $"--print-to-pdf={temp}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Chromium refuses to start its sandbox as root (CI runs as root); the memo is our own script-free HTML.
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Insert(0, "--no-sandbox");
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw Failed(pdfPath, $"Chromium did not finish within {Timeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0 || !File.Exists(temp) || new FileInfo(temp).Length == 0)
            {
                var detail = stderr.Result.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
                throw Failed(pdfPath, $"Chromium exited with code {process.ExitCode} and no PDF{(detail.Length > 0 ? $" ({detail})" : "")}");
            }

            File.Move(temp, pdfPath, overwrite: true);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            throw Failed(pdfPath, ex.Message);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A profile folder left in /tmp is harmless; the memo is what matters.
            }
        }
    }

    private static DiagnosticException Failed(string pdfPath, string reason) =>
        new(Diagnostic.Error(DisplayPath.Of(pdfPath), ErrorCodes.WriteFailed, $"the PDF could not be printed: {reason}"));
}
