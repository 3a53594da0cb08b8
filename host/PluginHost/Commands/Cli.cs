using System.CommandLine;
using System.CommandLine.Parsing;
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
            foreach (var message in UsageErrors(parse))
            {
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
    /// The parser's errors as a person can act on them. A word the parser could not place is named once, as the command
    /// or option it most likely meant ("'plna' is not a command (did you mean 'plan'?); commands: demo, plan, …") rather
    /// than as "Unrecognized command or argument 'plna'" after "Required command was not provided". Our option parsers
    /// write complete messages ("--cuts: … write for example …"); the parser's others get a pointer to --help.
    /// </summary>
    private static IEnumerable<string> UsageErrors(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = Path(parse.CommandResult);
        var unmatched = parse.UnmatchedTokens;
        var afterOption = false;
        foreach (var token in unmatched)
        {
            // The word after a mistaken option is most likely its value ("--fromat md"): the option is the one to fix.
            if (afterOption && !token.StartsWith('-'))
            {
                afterOption = false;
                continue;
            }

            afterOption = token.StartsWith('-');
            if (afterOption)
            {
                var options = OptionNames(parse.CommandResult).ToList();
                yield return $"'{token}' is not an option of {path}{Suggestion.DidYouMean(token, options)}; see {path} --help";
            }
            else if (command.Subcommands.Count > 0)
            {
                // The words after a mistaken command were meant for it: the first is the one to fix.
                var commands = Commands(command);
                yield return $"'{token}' is not a command{(command is RootCommand ? "" : $" of {path}")}{Suggestion.DidYouMean(token, commands)}; commands: {string.Join(", ", commands)}";
                break;
            }
            else
            {
                yield return $"'{token}' is not an argument of {path}; see {path} --help";
            }
        }

        foreach (var error in parse.Errors)
        {
            // The errors about the words named above, and the missing command their mistake left, are said already.
            if (unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))
                || (unmatched.Count > 0 && command.Subcommands.Count > 0 && error.SymbolResult is CommandResult))
            {
                continue;
            }

            if (unmatched.Count == 0 && command.Subcommands.Count > 0 && error.SymbolResult is CommandResult)
            {
                yield return $"name a command: {string.Join(", ", Commands(command))} (see {path} --help)";
                continue;
            }

            if (error.SymbolResult is ArgumentResult { Argument: var argument } && argument.Arity.MinimumNumberOfValues > 0 && error.SymbolResult.Tokens.Count == 0)
            {
                var what = argument.Description is { Length: > 0 } d ? $", {char.ToLowerInvariant(d[0])}{d[1..]}" : "";
                yield return $"{path} needs {argument.Name}{what} (see {path} --help)";
                continue;
            }

            // "Cannot parse argument 'x' for option '--parallel' as expected type 'System.Nullable`1[System.Int32]'": a .NET type name is no help.
            if (error.SymbolResult is OptionResult typed && typed.Tokens.Count > 0 && WholeOrYesNo(typed.Option.ValueType) is { } expected)
            {
                yield return $"{typed.Option.Name}: '{typed.Tokens[^1].Value}' is not {expected}";
                continue;
            }

            yield return error.Message.StartsWith("--", StringComparison.Ordinal) ? error.Message : $"{error.Message} (see --help)";
        }
    }

    /// <summary>What an option of a plain type takes, in words; null for any other type (whose parser words its own errors).</summary>
    private static string? WholeOrYesNo(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number, for example 2",
        var t when t == typeof(bool) => "true or false",
        _ => null,
    };

    private static List<string> Commands(Command command) => [.. command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)];

    /// <summary>Every option a command takes, its own and the global ones above it, by every name.</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var command })
            {
                foreach (var option in command.Options.Where(o => !o.Hidden && (ReferenceEquals(at, result) || o.Recursive)))
                {
                    yield return option.Name;
                    foreach (var alias in option.Aliases)
                    {
                        yield return alias;
                    }
                }
            }
        }
    }

    /// <summary>The command as typed: "pluginhost", "pluginhost plugins list".</summary>
    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult command; at = at.Parent)
        {
            names.Insert(0, command.Command is RootCommand ? "pluginhost" : command.Command.Name);
        }

        return string.Join(' ', names);
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
