using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>The command line: global folder options, the commands, and one place that turns failures into exit codes.</summary>
internal static class Cli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("PluginHost: can a personalized-learning school model be sustained? Budget cuts, policy blockers and memos for a board.")
        {
            CliOptions.Plugins,
            CliOptions.Rules,
            CliOptions.Templates,
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

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                // Our option parsers write complete messages ("--cuts: … write for example …"); the parser's own get a pointer to --help.
                var message = error.Message.StartsWith("--", StringComparison.Ordinal) ? error.Message : $"{error.Message} (see --help)";
                await Console.Error.WriteLineAsync(Diagnostic.Error("pluginhost", ErrorCodes.Usage, message).ToString());
            }

            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }

    /// <summary>The run's folders, checked at start; null (with every problem printed) when one is missing.</summary>
    public static PluginHostOptions? ValidatedFolders(ParseResult parse, Action<PluginHostOptions>? configure = null)
    {
        var options = CliOptions.Folders(parse);
        configure?.Invoke(options);
        var problems = options.Validate();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem.ToString());
        }

        return problems.Count == 0 ? options : null;
    }

    /// <summary>Builds the host with the run's folders, validates them, runs the command and maps failures to exit codes.</summary>
    public static async Task<int> Run(ParseResult parse, Func<IServiceProvider, Task<int>> action, Action<PluginHostOptions>? configure = null)
    {
        if (ValidatedFolders(parse, configure) is not { } options)
        {
            return ExitCodes.Usage;
        }

        using var host = HostFactory.Build(options);
        try
        {
            return await action(host.Services);
        }
        catch (DiagnosticException ex)
        {
            host.Services.GetRequiredService<Reporter>().Report(ex.Diagnostics);
            return ex.Diagnostics.Any(d => d.Code == ErrorCodes.Usage) ? ExitCodes.Usage : ExitCodes.BadInput;
        }
    }
}
