using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Catalog;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Runs;
using Spectre.Console;

namespace PluginHost.Commands;

/// <summary>plugins list and plugins validate: what is installed, and whether a dropped-in folder will load.</summary>
internal static class PluginCommands
{
    public static Command Build()
    {
        var command = new Command("plugins", "List the plugin catalog or check a plugin folder before it is used");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Trust());
        command.Subcommands.Add(Add());
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Write the catalog as JSON" };
        var command = new Command("list", "Every plugin folder: id, archetype, version, contract, folder, SHA-256, status, last error") { json };
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var catalog = services.GetRequiredService<WorkspaceLoader>().LoadCatalog(activate: false);
            var rows = catalog.Plugins.Select(Row).ToList();
            if (parse.GetValue(json))
            {
                CliSession.Current.Out.WriteLine(JsonSerializer.Serialize(rows, ScriptModel.JsonOptions));
            }
            else
            {
                WriteTable(rows, catalog.Directory);
            }

            return Task.FromResult(rows.Any(r => r.Status != "loaded") ? ExitCodes.BadInput : ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Validate()
    {
        var dir = new Argument<string>("DIR") { Description = "The plugin folder to check: a built plugin (plugin.json and the entry assembly) or its source (a .csproj, published first)" };
        var command = new Command("validate", "Check a plugin folder against this host's contract, its rules against the district rules") { dir };
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var reporter = services.GetRequiredService<Reporter>();
            using var source = PluginSource.Prepare(ExistingFolder(parse.GetValue(dir)!), reporter.Line);
            var (plugin, problems) = Check(services, source.Folder);
            reporter.Report(problems);
            if (problems.Count > 0)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }

            reporter.Line($"{DisplayPath.Of(Places.Full(parse.GetValue(dir)!))}: plugin '{plugin.Id}' {plugin.Manifest!.Version} for archetype '{plugin.Archetype}' is valid for contract {PluginCatalogLoader.HostContractVersion.ToString(2)}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Add()
    {
        var dir = new Argument<string>("DIR") { Description = "The plugin to add: a built plugin folder or its source (a .csproj, published first)" };
        var command = new Command("add", "Validate a plugin, copy it into the workspace's plugins/ and pin it in the workspace's plugins.lock.json") { dir };
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            var target = options.WorkspacePluginsDirectory
                ?? throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(Places.WorkingFolder), ErrorCodes.WorkspaceFolder,
                    "plugins add: no workspace here; run it inside one (see init), or pass --workspace DIR"));
            var reporter = services.GetRequiredService<Reporter>();
            var given = ExistingFolder(parse.GetValue(dir)!);
            using var source = PluginSource.Prepare(given, reporter.Line);
            var (plugin, problems) = Check(services, source.Folder);
            reporter.Report(problems);
            if (problems.Count > 0)
            {
                reporter.Line("nothing was added");
                return Task.FromResult(ExitCodes.BadInput);
            }

            var installed = Path.Combine(target, Path.GetFileName(given.TrimEnd(Path.DirectorySeparatorChar)));
            Install(source.Folder, installed);
            var copy = services.GetRequiredService<PluginCatalogLoader>().Validate(installed);
            PluginTrust.Read(target).With(new PluginPin(copy.Id, copy.Manifest!.Version, copy.Sha256)).Write(target);
            reporter.Line($"added plugin '{copy.Id}' {copy.Manifest.Version} for archetype '{copy.Archetype}' to {DisplayPath.Of(installed)}; pinned in {DisplayPath.Of(PluginTrust.PathFor(target))} (SHA-256 {copy.Sha256[..12]})");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static string ExistingFolder(string given)
    {
        var folder = Places.Full(given);
        return Directory.Exists(folder) ? folder : throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found"));
    }

    private static (LoadedPlugin Plugin, List<Diagnostic> Problems) Check(IServiceProvider services, string folder)
    {
        var plugin = services.GetRequiredService<PluginCatalogLoader>().Validate(folder);
        return (plugin, plugin.Error is not null ? [plugin.Error] : CheckAgainstInstalled(services, plugin));
    }

    /// <summary>Copies a plugin beside its final place, then swaps it in, so a failed copy never leaves half a plugin.</summary>
    private static void Install(string from, string to)
    {
        var staging = to + ".adding";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var path = Path.Combine(staging, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(file, path);
        }

        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        Directory.Move(staging, to);
    }

    private static Command Trust()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Plugin folders to pin after validating them", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Pin every plugin folder in the plugins folder that validates" };
        var command = new Command("trust", "Validate plugin folders and pin their id, version and SHA-256 in plugins.lock.json, so they may run") { dirs, all };
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            // In a workspace, its plugins/ is the folder an analyst manages; its lock file sits beside it.
            var managed = options.WorkspacePluginsDirectory ?? options.PluginsDirectory;
            var folders = parse.GetValue(all)
                ? Directory.Exists(managed) ? Directory.EnumerateDirectories(managed).Order(StringComparer.Ordinal).ToList() : []
                : (parse.GetValue(dirs) ?? []).Select(Places.Full).ToList();
            if (folders.Count == 0)
            {
                throw CliOptions.Usage("plugins trust: name one or more plugin folders, or pass --all");
            }

            var reporter = services.GetRequiredService<Reporter>();
            var loader = services.GetRequiredService<PluginCatalogLoader>();
            var trust = PluginTrust.Read(managed);
            var failed = false;
            foreach (var folder in folders)
            {
                var plugin = Directory.Exists(folder) ? loader.Validate(folder) : null;
                if (plugin?.Error is not null || plugin is null)
                {
                    reporter.Report([plugin?.Error ?? Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found")]);
                    failed = true;
                    continue;
                }

                trust = trust.With(new PluginPin(plugin.Id, plugin.Manifest!.Version, plugin.Sha256));
                reporter.Line($"pinned plugin '{plugin.Id}' {plugin.Manifest.Version} (SHA-256 {plugin.Sha256[..12]})");
            }

            trust.Write(managed);
            reporter.Line($"wrote {DisplayPath.Of(PluginTrust.PathFor(managed))}");
            return Task.FromResult(failed ? ExitCodes.BadInput : ExitCodes.Ok);
        }));
        return command;
    }

    /// <summary>A valid plugin can still clash with what is installed: its archetype, its rule names, its templates.</summary>
    private static List<Diagnostic> CheckAgainstInstalled(IServiceProvider services, LoadedPlugin plugin)
    {
        var problems = new List<Diagnostic>();
        var workspace = services.GetRequiredService<WorkspaceLoader>();
        var catalog = workspace.LoadCatalog();
        // The same plugin already installed (validating its source, or adding a new version) is not a rival: it would be replaced.
        var rival = catalog.Usable.FirstOrDefault(p => p.Archetype == plugin.Archetype && p.Id != plugin.Id && Path.GetFullPath(p.Folder) != Path.GetFullPath(plugin.Folder));
        if (rival is not null)
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(Path.Combine(plugin.Folder, PluginManifest.FileName)), ErrorCodes.PluginDuplicateArchetype,
                $"archetype '{plugin.Archetype}' is already served by plugin '{rival.Id}' in {DisplayPath.Of(rival.Folder)}; an archetype can have one plugin"));
        }

        var sources = workspace.RuleSources(catalog)
            .Where(s => s.PluginArchetype != plugin.Archetype)
            .Append(new RuleSource(plugin.RulesDirectory, plugin.Archetype, $"plugins/{Path.GetFileName(plugin.Folder)}/rules"))
            .ToList();
        problems.AddRange(services.GetRequiredService<RuleSetLoader>().Load(sources).Diagnostics.Where(d => d.Severity == Severity.Error));
        if (Directory.Exists(plugin.TemplatesDirectory))
        {
            problems.AddRange(Directory.EnumerateFiles(plugin.TemplatesDirectory, "*" + TemplateLibrary.Extension).Order(StringComparer.Ordinal).SelectMany(MemoRenderer.Check));
        }

        return problems;
    }

    private static PluginRow Row(LoadedPlugin p) => new(
        p.Id,
        p.Archetype,
        p.Manifest?.Version,
        p.ContractVersion?.ToString(2),
        DisplayPath.Of(p.Folder),
        p.Sha256,
        p.Status.Word(),
        p.Error is null ? null : new PluginError(p.Error.Code, p.Error.Message));

    private static void WriteTable(IReadOnlyList<PluginRow> rows, string directory)
    {
        var console = CliSession.Current.Ansi();
        if (rows.Count == 0)
        {
            console.MarkupLine($"No plugins in [bold]{Markup.Escape(DisplayPath.Of(directory))}[/].");
            return;
        }

        var table = new Table().Title(Markup.Escape($"Plugins in {DisplayPath.Of(directory)}"));
        foreach (var column in new[] { "Id", "Archetype", "Version", "Contract", "Status", "SHA-256" })
        {
            table.AddColumn(column);
        }

        foreach (var r in rows)
        {
            var status = r.Status == "loaded" ? "[green]loaded[/]" : $"[red]{r.Status}[/]";
            table.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Archetype ?? "?"), Markup.Escape(r.Version ?? "?"), Markup.Escape(r.ContractVersion ?? "?"), status, Markup.Escape(r.Sha256[..12]));
        }

        console.Write(table);
        foreach (var r in rows.Where(r => r.Error is not null))
        {
            console.MarkupLine($"[red]{Markup.Escape(r.Id)}[/] ({Markup.Escape(r.Folder)}): {Markup.Escape($"{r.Error!.Code}: {r.Error.Message}")}");
        }
    }

    private sealed record PluginRow(string Id, string? Archetype, string? Version, string? ContractVersion, string Folder, string Sha256, string Status, PluginError? Error);

    private sealed record PluginError(string Code, string Message);
}
