using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;

namespace PluginHost.Tests.Support;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the command line as a user would. <see cref="Run"/> runs it in this process, with its own writers, working
/// folder and the built host's folder as the app folder, so most tests take milliseconds; <see cref="RunProcess"/>
/// starts the built executable for the few smoke tests that must prove the real process (exit codes, drop-in plugins).
/// </summary>
internal static class CliRunner
{
    public static CliResult Run(string workingDirectory, params string[] args) => RunWith(workingDirectory, null, args);

    public static CliResult RunWith(string workingDirectory, Action<IServiceCollection>? services, params string[] args) =>
        RunAsync(workingDirectory, services, CancellationToken.None, args).GetAwaiter().GetResult();

    public static async Task<CliResult> RunAsync(string workingDirectory, Action<IServiceCollection>? services, CancellationToken cancel, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var session = new CliSession(TextWriter.Synchronized(output), TextWriter.Synchronized(error), workingDirectory, TestPaths.HostOutput, Interactive: false) { Services = services };
        // A fresh flow: the session's folders and limits stay with this run and never leak into another test's.
        var exit = await Task.Run(() => Cli.RunAsync(args, session, cancel), CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static CliResult RunProcess(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestPaths.HostOutput, "PluginHost.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pluginhost {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
