using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>init: a new workspace a district keeps in git.</summary>
internal static class WorkspaceCommands
{
    public static Command Init()
    {
        var dir = new Argument<string>("DIR") { Description = "The new workspace folder (must not exist, or be empty)" };
        var demo = new Option<bool>("--demo") { Description = "Include the demo district's profiles and policy" };
        var name = new Option<string?>("--name") { Description = "The district or office the workspace belongs to (memos name it)" };
        var command = new Command("init", "Create a workspace: the shipped rules and templates, a policy, profiles/ (with --demo, the demo district) and a README for analysts") { dir, demo, name };
        command.SetAction((parse, _) => Cli.Run(parse, services => Task.FromResult(
            ActivatorUtilities.CreateInstance<InitHandler>(services).Run(Places.Full(parse.GetValue(dir)!), parse.GetValue(demo), parse.GetValue(name)))));
        return command;
    }
}

/// <summary>Writes the workspace and says what to do next.</summary>
internal sealed class InitHandler
{
    private readonly Reporter _reporter;

    public InitHandler(Reporter reporter)
    {
        _reporter = reporter;
    }

    public int Run(string root, bool demo, string? name)
    {
        var written = WorkspaceInitializer.Create(root, Places.AppFolder, demo, name);
        _reporter.Line($"created workspace {DisplayPath.Of(root)} ({written.Count} files)");
        _reporter.Line($"next: cd {DisplayPath.Of(root)} && pluginhost {(demo ? "district" : "rules check")}   (see {DisplayPath.Of(Path.Combine(root, "README.md"))})");
        return ExitCodes.Ok;
    }
}
