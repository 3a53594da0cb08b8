using System.CommandLine;
using System.Text.Json;
using PluginHost.Catalog;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Runs;
using Spectre.Console;

namespace PluginHost.Commands;

/// <summary>plugins list, validate, trust and add: what is installed, and whether a folder will load before it is used.</summary>
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
        command.SetAction((parse, _) => Cli.Run<PluginsHandler>(parse, handler => Task.FromResult(handler.List(parse.GetValue(json)))));
        return command;
    }

    private static Command Validate()
    {
        var dir = new Argument<string>("DIR") { Description = "The plugin folder to check: a built plugin (plugin.json and the entry assembly) or its source (a .csproj, published first)" };
        var command = new Command("validate", "Check a plugin folder against this host's contract, its rules against the district rules") { dir };
        command.SetAction((parse, _) => Cli.Run<PluginsHandler>(parse, handler => Task.FromResult(handler.Validate(parse.GetValue(dir)!))));
        return command;
    }

    private static Command Add()
    {
        var dir = new Argument<string>("DIR") { Description = "The plugin to add: a built plugin folder or its source (a .csproj, published first)" };
        var command = new Command("add", "Validate a plugin, copy it into the workspace's plugins/ and pin it in the workspace's plugins.lock.json") { dir };
        command.SetAction((parse, _) => Cli.Run<PluginsHandler>(parse, handler => Task.FromResult(handler.Add(parse.GetValue(dir)!))));
        return command;
    }

    private static Command Trust()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Plugin folders to pin after validating them", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Pin every plugin folder in the plugins folder that validates" };
        var command = new Command("trust", "Validate plugin folders and pin their id, version and SHA-256 in plugins.lock.json, so they may run") { dirs, all };
        command.SetAction((parse, _) => Cli.Run<PluginsHandler>(parse, handler => Task.FromResult(handler.Trust(parse.GetValue(dirs) ?? [], parse.GetValue(all)))));
        return command;
    }
}

/// <summary>The plugin commands, with the run's loaders injected.</summary>
internal sealed class PluginsHandler
{
    private readonly PluginHostOptions _options;
    private readonly WorkspaceLoader _workspace;
    private readonly PluginCatalogLoader _catalogs;
    private readonly RuleSetLoader _rules;
    private readonly Reporter _reporter;

    public PluginsHandler(PluginHostOptions options, WorkspaceLoader workspace, PluginCatalogLoader catalogs, RuleSetLoader rules, Reporter reporter)
    {
        _options = options;
        _workspace = workspace;
        _catalogs = catalogs;
        _rules = rules;
        _reporter = reporter;
    }

    public int List(bool json)
    {
        var catalog = _workspace.LoadCatalog(activate: false);
        var rows = catalog.Plugins.Select(Row).ToList();
        if (json)
        {
            CliSession.Current.Out.WriteLine(JsonSerializer.Serialize(rows, ScriptModel.JsonOptions));
        }
        else
        {
            WriteTable(rows, catalog.Directory);
        }

        return rows.Any(r => r.Status != "loaded") ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    public int Validate(string dir)
    {
        using var source = PluginSource.Prepare(ExistingFolder(dir), _reporter.Line);
        var (plugin, problems) = Check(source.Folder);
        _reporter.Report(problems);
        if (problems.Count > 0)
        {
            return ExitCodes.BadInput;
        }

        _reporter.Line($"{DisplayPath.Of(Places.Full(dir))}: plugin '{plugin.Id}' {plugin.Manifest!.Version} for archetype '{plugin.Archetype}' is valid for contract {PluginCatalogLoader.HostContractVersion.ToString(2)}");
        return ExitCodes.Ok;
    }

    public int Add(string dir)
    {
        var target = _options.WorkspacePluginsDirectory
            ?? throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(Places.WorkingFolder), ErrorCodes.WorkspaceFolder,
                "plugins add: no workspace here; run it inside one (see init), or pass --workspace DIR"));
        var given = ExistingFolder(dir);
        using var source = PluginSource.Prepare(given, _reporter.Line);
        var (_, problems) = Check(source.Folder);
        _reporter.Report(problems);
        if (problems.Count > 0)
        {
            _reporter.Line("nothing was added");
            return ExitCodes.BadInput;
        }

        var installed = Path.Combine(target, Path.GetFileName(given.TrimEnd(Path.DirectorySeparatorChar)));
        Install(source.Folder, installed);
        var copy = _catalogs.Validate(installed);
        PluginTrust.Read(target).With(new PluginPin(copy.Id, copy.Manifest!.Version, copy.Sha256)).Write(target);
        _reporter.Line($"added plugin '{copy.Id}' {copy.Manifest.Version} for archetype '{copy.Archetype}' to {DisplayPath.Of(installed)}; pinned in {DisplayPath.Of(PluginTrust.PathFor(target))} (SHA-256 {copy.Sha256[..12]})");
        return ExitCodes.Ok;
    }

    public int Trust(IReadOnlyList<string> dirs, bool all)
    {
        // In a workspace, its plugins/ is the folder an analyst manages; its lock file sits beside it.
        var managed = _options.WorkspacePluginsDirectory ?? _options.PluginsDirectory;
        var folders = all
            ? Directory.Exists(managed) ? Directory.EnumerateDirectories(managed).Order(StringComparer.Ordinal).ToList() : []
            : dirs.Select(Places.Full).ToList();
        if (folders.Count == 0)
        {
            throw CliOptions.Usage("plugins trust: name one or more plugin folders, or pass --all");
        }

        var trust = PluginTrust.Read(managed);
        var failed = false;
        foreach (var folder in folders)
        {
            var plugin = Directory.Exists(folder) ? _catalogs.Validate(folder) : null;
            if (plugin?.Error is not null || plugin is null)
            {
                _reporter.Report([plugin?.Error ?? Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found")]);
                failed = true;
                continue;
            }

            trust = trust.With(new PluginPin(plugin.Id, plugin.Manifest!.Version, plugin.Sha256));
            _reporter.Line($"pinned plugin '{plugin.Id}' {plugin.Manifest.Version} (SHA-256 {plugin.Sha256[..12]})");
        }

        trust.Write(managed);
        _reporter.Line($"wrote {DisplayPath.Of(PluginTrust.PathFor(managed))}");
        return failed ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    private static string ExistingFolder(string given)
    {
        var folder = Places.Full(given);
        return Directory.Exists(folder) ? folder : throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found"));
    }

    private (LoadedPlugin Plugin, List<Diagnostic> Problems) Check(string folder)
    {
        var plugin = _catalogs.Validate(folder);
        return (plugin, plugin.Error is not null ? [plugin.Error] : CheckAgainstInstalled(plugin));
    }

    /// <summary>A valid plugin can still clash with what is installed: its archetype, its rule names, its templates.</summary>
    private List<Diagnostic> CheckAgainstInstalled(LoadedPlugin plugin)
    {
        var problems = new List<Diagnostic>();
        var catalog = _workspace.LoadCatalog();
        // The same plugin already installed (validating its source, or adding a new version) is not a rival: it would be replaced.
        var rival = catalog.Usable.FirstOrDefault(p => p.Archetype == plugin.Archetype && p.Id != plugin.Id && Path.GetFullPath(p.Folder) != Path.GetFullPath(plugin.Folder));
        if (rival is not null)
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(Path.Combine(plugin.Folder, PluginManifest.FileName)), ErrorCodes.PluginDuplicateArchetype,
                $"archetype '{plugin.Archetype}' is already served by plugin '{rival.Id}' in {DisplayPath.Of(rival.Folder)}; an archetype can have one plugin"));
        }

        var sources = _workspace.RuleSources(catalog)
            .Where(s => s.PluginArchetype != plugin.Archetype)
            .Append(new RuleSource(plugin.RulesDirectory, plugin.Archetype, $"plugins/{Path.GetFileName(plugin.Folder)}/rules"))
            .ToList();
        problems.AddRange(_rules.Load(sources).Diagnostics.Where(d => d.Severity == Severity.Error));
        if (Directory.Exists(plugin.TemplatesDirectory))
        {
            problems.AddRange(Directory.EnumerateFiles(plugin.TemplatesDirectory, "*" + TemplateLibrary.Extension).Order(StringComparer.Ordinal).SelectMany(MemoRenderer.Check));
        }

        return problems;
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
            // An id is copied into commands and manifests: never broken across lines, even in a narrow window.
            table.AddColumn(new TableColumn(column).NoWrap());
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
