using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>The command line: global folder options, the commands, and one place that turns failures into exit codes.</summary>
internal static class Cli
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliSession.Process, CancellationToken.None);

    /// <summary>Runs the command line against a session's writers and folders; the process's own are left alone.</summary>
    public static async Task<int> RunAsync(string[] args, CliSession session, CancellationToken cancel)
    {
        session.Enter();
        var root = new RootCommand("PluginHost: can a personalized-learning school model be sustained? Budget cuts, policy blockers and memos for a board.")
        {
            CliOptions.Plugins,
            CliOptions.Rules,
            CliOptions.Templates,
            CliOptions.Workspace,
            CliOptions.Chromium,
            CliOptions.MaxInputMegabytes,
            CliOptions.TrustUnpinned,
        };
        root.Subcommands.Add(RunCommands.Demo());
        root.Subcommands.Add(RunCommands.Plan());
        root.Subcommands.Add(RunCommands.District());
        root.Subcommands.Add(PluginCommands.Build());
        root.Subcommands.Add(RuleCommands.Build());
        root.Subcommands.Add(TemplateCommands.Build());
        root.Subcommands.Add(WatchCommand.Build());
        root.Subcommands.Add(ImportCommands.Build());
        root.Subcommands.Add(WorkspaceCommands.Init());
        root.Subcommands.Add(ImpactCommand.Build());
        root.Subcommands.Add(ServeCommand.Build());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                // Our option parsers write complete messages ("--cuts: … write for example …"); the parser's own get a pointer to --help.
                var message = error.Message.StartsWith("--", StringComparison.Ordinal) ? error.Message : $"{error.Message} (see --help)";
                await session.Error.WriteLineAsync(Diagnostic.Error("pluginhost", ErrorCodes.Usage, message).ToString());
            }

            return ExitCodes.Usage;
        }

        // Only the process's own run owns Ctrl+C; an in-process run is stopped by its caller.
        var invocation = new InvocationConfiguration { Output = session.Out, Error = session.Error };
        if (!ReferenceEquals(session.Out, Console.Out))
        {
            invocation.ProcessTerminationTimeout = null;
        }

        return await parse.InvokeAsync(invocation, cancel);
    }

    /// <summary>
    /// What every command does first, on the run's own flow: the input limits, and the workspace it runs in (named with
    /// --workspace or found above the working folder). Returns the exit code when the workspace cannot be used.
    /// </summary>
    private static int? Enter(ParseResult parse, out DistrictWorkspace? workspace)
    {
        CliOptions.ApplyLimits(parse);
        try
        {
            workspace = CliOptions.FindWorkspace(parse);
        }
        catch (DiagnosticException ex)
        {
            workspace = null;
            foreach (var diagnostic in ex.Diagnostics)
            {
                CliSession.Current.Error.WriteLine(diagnostic.ToString());
            }

            return ExitFor(ex.Diagnostics);
        }

        Places.Workspace = workspace?.Root;
        return null;
    }

    /// <summary>A usage problem (a bad argument, no workspace where one is needed) exits 2; bad input exits 1.</summary>
    private static int ExitFor(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Any(d => d.Code is ErrorCodes.Usage or ErrorCodes.WorkspaceFolder) ? ExitCodes.Usage : ExitCodes.BadInput;

    /// <summary>The run's folders failed their check at start: every problem printed at once, exit 2.</summary>
    private static int Refused(OptionsValidationException ex)
    {
        foreach (var failure in ex.Failures)
        {
            CliSession.Current.Error.WriteLine(failure);
        }

        return ExitCodes.Usage;
    }

    /// <summary>
    /// Builds the host with the run's folders, starts it (which validates the folders and prints every problem at
    /// once), runs the command and maps failures to exit codes.
    /// </summary>
    public static async Task<int> Run(ParseResult parse, Func<IServiceProvider, Task<int>> action, Action<PluginHostOptions>? configure = null, Action<IServiceCollection>? extra = null)
    {
        if (Enter(parse, out var workspace) is { } refused)
        {
            return refused;
        }

        using var host = HostFactory.Build(options =>
        {
            CliOptions.BindFolders(parse, options, workspace);
            configure?.Invoke(options);
        }, extra);
        try
        {
            await host.StartAsync();
        }
        catch (OptionsValidationException ex)
        {
            return Refused(ex);
        }

        try
        {
            return await action(host.Services);
        }
        catch (DiagnosticException ex)
        {
            host.Services.GetRequiredService<Reporter>().Report(ex.Diagnostics);
            return ExitFor(ex.Diagnostics);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else is a fault in PluginHost itself: named in the tool's one format, never as a stack trace.
            host.Services.GetRequiredService<Reporter>().Report(Diagnostic.Error(parse.CommandResult.Command.Name, ErrorCodes.Internal,
                $"the command stopped: {ex.GetType().Name}: {ex.Message}; files it had already written are whole (each is written atomically); please report this"));
            return ExitCodes.BadInput;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Runs a command's handler, made with the run's services injected into its constructor.</summary>
    public static Task<int> Run<THandler>(ParseResult parse, Func<THandler, Task<int>> action, Action<PluginHostOptions>? configure = null)
        where THandler : class =>
        Run(parse, services => action(ActivatorUtilities.CreateInstance<THandler>(services)), configure);

    /// <summary>serve: the same services and folder checks as every command, in a web application that runs until stopped.</summary>
    public static async Task<int> Serve(ParseResult parse, Serve.ServeOptions serve, CancellationToken cancel)
    {
        if (Enter(parse, out var workspace) is { } refused)
        {
            return refused;
        }

        await using var app = PluginHost.Serve.ServeApp.Build(serve, services =>
        {
            HostFactory.Register(services, options => CliOptions.BindFolders(parse, options, workspace));
            CliSession.Current.Services?.Invoke(services);
        }, line => CliSession.Current.Error.WriteLine(line));
        var reporter = app.Services.GetRequiredService<Reporter>();
        try
        {
            // The first snapshot is built before the server answers, so a broken rule or workspace stops it here.
            app.Services.GetRequiredService<PluginHost.Serve.ServeState>().Reload();
            await app.StartAsync(cancel);
        }
        catch (OptionsValidationException ex)
        {
            return Refused(ex);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            reporter.Report(Diagnostic.Error("pluginhost", ErrorCodes.Usage, $"serve: {serve.Urls ?? $"port {serve.Port}"} is already in use; pick another with --port N (or --port 0 for a free one)"));
            return ExitCodes.Usage;
        }
        catch (DiagnosticException ex)
        {
            reporter.Report(ex.Diagnostics);
            return ExitFor(ex.Diagnostics);
        }

        var snapshot = app.Services.GetRequiredService<PluginHost.Serve.ServeState>().Current;
        foreach (var address in app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [])
        {
            reporter.Line($"serving {address} ({snapshot.Schools.Count} schools, rule set {snapshot.Workspace.Rules.ShortHash}, {(serve.AllowEdit ? "editing on" : "read-only")}); Ctrl+C stops");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
