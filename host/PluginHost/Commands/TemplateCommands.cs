using System.CommandLine;
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
        check.SetAction((parse, _) => Cli.Run<TemplateCheckHandler>(parse, handler => Task.FromResult(handler.Run(parse.GetValue(dir)))));
        command.Subcommands.Add(check);
        return command;
    }
}

/// <summary>Parses every template of the run (or of one folder) and reports every error.</summary>
internal sealed class TemplateCheckHandler
{
    private readonly WorkspaceLoader _loader;
    private readonly Reporter _reporter;

    public TemplateCheckHandler(WorkspaceLoader loader, Reporter reporter)
    {
        _loader = loader;
        _reporter = reporter;
    }

    public int Run(string? folder)
    {
        var folders = folder is not null ? [Places.Full(folder)] : _loader.Templates(_loader.LoadCatalog(activate: false)).Folders;
        var missing = folders.Where(f => !Directory.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new DiagnosticException(missing.Select(m => Diagnostic.Error(DisplayPath.Of(m), ErrorCodes.PathNotFound, "DIR: folder not found")).ToList());
        }

        var files = folders.SelectMany(f => Directory.EnumerateFiles(f, "*" + TemplateLibrary.Extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal)).ToList();
        var problems = files.SelectMany(MemoRenderer.Check).ToList();
        _reporter.Report(problems);
        _reporter.Line($"{files.Count} templates checked, {problems.Count} {(problems.Count == 1 ? "error" : "errors")}");
        return problems.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
