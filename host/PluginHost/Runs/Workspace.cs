using PluginHost.Catalog;
using PluginHost.Diagnostics;
using PluginHost.Memos;
using PluginHost.Policy;

using PluginHost.Evaluation;
using PluginHost.Inputs;

namespace PluginHost.Runs;

/// <summary>The folders a run reads: plugins, district rules, templates (with an optional override folder).</summary>
internal sealed class PluginHostOptions
{
    public string PluginsDirectory { get; set; } = Path.Combine(Places.AppFolder, "plugins");
    public string RulesDirectory { get; set; } = Path.Combine(Places.AppFolder, "rules");
    public string TemplatesDirectory { get; set; } = Path.Combine(Places.AppFolder, "templates");
    public string? TemplateOverridesDirectory { get; set; }

    /// <summary>The analyst workspace the run is in, if any (its folders are set above).</summary>
    public DistrictWorkspace? Workspace { get; set; }

    /// <summary>The workspace's saved school packages (overrides/), read by every run; null outside a workspace.</summary>
    public OverrideStore? Overrides(JsonInputReader reader) => Workspace is { } workspace ? new OverrideStore(workspace.Overrides, reader) : null;

    public Func<string, LoadedOverride?>? OverrideLookup(JsonInputReader reader) => Overrides(reader) is { } store ? store.Find : null;

    /// <summary>
    /// The folder of profiles a district-wide command (district, impact, serve) reads: the one given (already made
    /// absolute), else the workspace's profiles/; a usage error without either, and a named error when it is missing.
    /// </summary>
    public string ProfilesFolder(string? given, string command)
    {
        var folder = given ?? Workspace?.Profiles
            ?? throw new DiagnosticException(Diagnostic.Error("pluginhost", ErrorCodes.Usage, $"{command}: name a folder of school profiles (DIR), or run it inside a workspace (see init)"));
        return Directory.Exists(folder) ? folder
            : throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found"));
    }

    /// <summary>The workspace's plugins/: a folder there adds an archetype or replaces the shipped plugin of the same id.</summary>
    public string? WorkspacePluginsDirectory { get; set; }

    /// <summary>Run plugins that plugins.lock.json does not pin (--trust-unpinned).</summary>
    public bool TrustUnpinned { get; set; }

    /// <summary>Chromium for --format pdf; null looks it up on PATH.</summary>
    public string? ChromiumPath { get; set; }
    public string SamplesDirectory { get; set; } = Path.Combine(Places.AppFolder, "samples");

    public string SchemasDirectory => Path.Combine(RulesDirectory, "schemas");

    public void CopyTo(PluginHostOptions target)
    {
        target.PluginsDirectory = PluginsDirectory;
        target.RulesDirectory = RulesDirectory;
        target.TemplatesDirectory = TemplatesDirectory;
        target.TemplateOverridesDirectory = TemplateOverridesDirectory;
        target.TrustUnpinned = TrustUnpinned;
        target.ChromiumPath = ChromiumPath;
        target.SamplesDirectory = SamplesDirectory;
        target.Workspace = Workspace;
        target.WorkspacePluginsDirectory = WorkspacePluginsDirectory;
    }

    /// <summary>Every folder problem at once, in the tool's error format.</summary>
    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (!Directory.Exists(RulesDirectory))
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(RulesDirectory), ErrorCodes.PathNotFound, "--rules: folder not found; name a folder holding the district workflows and schemas/"));
        }
        else if (!Directory.Exists(SchemasDirectory))
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(SchemasDirectory), ErrorCodes.PathNotFound, "--rules: the folder has no schemas/ subfolder; copy rules/schemas from the shipped rules"));
        }

        if (TemplateOverridesDirectory is { } overrides && !Directory.Exists(overrides))
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(overrides), ErrorCodes.PathNotFound, "--templates: folder not found"));
        }

        return problems;
    }
}

/// <summary>A loaded catalog and rule set: what every command that evaluates schools starts from.</summary>
internal sealed record Workspace(PluginCatalog Catalog, RuleSet Rules, TemplateLibrary Templates, IReadOnlyList<Diagnostic> Warnings);

internal sealed class WorkspaceLoader
{
    private readonly PluginHostOptions _options;
    private readonly PluginCatalogLoader _catalogLoader;
    private readonly RuleSetLoader _ruleLoader;

    public WorkspaceLoader(PluginHostOptions options, PluginCatalogLoader catalogLoader, RuleSetLoader ruleLoader)
    {
        _options = options;
        _catalogLoader = catalogLoader;
        _ruleLoader = ruleLoader;
    }

    /// <param name="activate">False where a command only looks at plugins: no plugin code runs.</param>
    public PluginCatalog LoadCatalog(bool activate = true) => _catalogLoader.Load(PluginFolders, activate, _options.TrustUnpinned);

    /// <summary>The shipped (or --plugins) folder, then the workspace's, whose plugins win by id.</summary>
    public IReadOnlyList<string> PluginFolders =>
        _options.WorkspacePluginsDirectory is { } workspace ? [_options.PluginsDirectory, workspace] : [_options.PluginsDirectory];

    public RuleSetLoadResult LoadRules(PluginCatalog catalog) => _ruleLoader.Load(RuleSources(catalog));

    public IReadOnlyList<RuleSource> RuleSources(PluginCatalog catalog) =>
    [
        new RuleSource(_options.RulesDirectory, null, "rules"),
        .. catalog.Usable.Select(p => new RuleSource(p.RulesDirectory, p.Archetype, $"plugins/{Path.GetFileName(p.Folder)}/rules")),
    ];

    /// <summary>
    /// Overrides first, then the workspace's (or shipped) templates, then the shipped ones (a workspace made by an older
    /// version lacks templates added since), then the plugins'.
    /// </summary>
    public TemplateLibrary Templates(PluginCatalog catalog) => new(
    [
        .. _options.TemplateOverridesDirectory is { } overrides ? [overrides] : Array.Empty<string>(),
        _options.TemplatesDirectory,
        .. _options.Workspace is not null ? [Path.Combine(Places.AppFolder, "templates")] : Array.Empty<string>(),
        .. catalog.Usable.Select(p => p.TemplatesDirectory),
    ]);

    private static readonly Lazy<Task> Prepared = new(() => Task.Run(RuleSetLoader.Prepare));

    /// <summary>Loads everything and fails once with every rule error; plugin problems are warnings that travel with the results.</summary>
    public Workspace Load()
    {
        // Two cores: the rule libraries set themselves up on one while the plugins load on the other (once per process;
        // a reload in watch or serve finds them ready).
        var prepared = Prepared.Value;
        var catalog = LoadCatalog();
        var rules = LoadRules(catalog);
        prepared.GetAwaiter().GetResult();
        if (!rules.Succeeded)
        {
            throw new DiagnosticException(rules.Diagnostics);
        }

        return new Workspace(catalog, rules.RuleSet!, Templates(catalog), [.. catalog.Problems.Select(p => p with { Severity = Severity.Warning }), .. rules.Diagnostics]);
    }
}
