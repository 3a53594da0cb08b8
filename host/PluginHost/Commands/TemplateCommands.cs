using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Memos;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>templates check: parse every template and report all errors.</summary>
internal static class TemplateCommands
{
    public static Command Build()
    {
        var command = new Command("templates", "Check memo templates");
        var dir = new Argument<string?>("DIR") { Description = "Templates folder (default: --templates, else the shipped templates and the plugins' templates)", Arity = ArgumentArity.ZeroOrOne };
        var check = new Command("check", "Parse every template and report every error") { dir };
        check.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var reporter = services.GetRequiredService<Reporter>();
            var folders = parse.GetValue(dir) is { } given
                ? [Places.Full(given)]
                : services.GetRequiredService<WorkspaceLoader>().Templates(services.GetRequiredService<WorkspaceLoader>().LoadCatalog(activate: false)).Folders;
            var missing = folders.Where(f => !Directory.Exists(f)).ToList();
            if (missing.Count > 0)
            {
                throw new DiagnosticException(missing.Select(m => Diagnostic.Error(DisplayPath.Of(m), ErrorCodes.PathNotFound, "DIR: folder not found")).ToList());
            }

            var files = folders.SelectMany(f => Directory.EnumerateFiles(f, "*" + TemplateLibrary.Extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal)).ToList();
            var problems = files.SelectMany(MemoRenderer.Check).ToList();
            reporter.Report(problems);
            reporter.Line($"{files.Count} templates checked, {problems.Count} {(problems.Count == 1 ? "error" : "errors")}");
            return Task.FromResult(problems.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok);
        }));
        command.Subcommands.Add(check);
        return command;
    }
}
