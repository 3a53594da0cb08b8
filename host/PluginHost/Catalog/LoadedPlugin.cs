using PluginHost.Contracts;
using PluginHost.Diagnostics;

namespace PluginHost.Catalog;

internal enum PluginStatus
{
    Loaded,
    Refused,
    Quarantined,
}

internal static class PluginStatusWords
{
    /// <summary>How lists, JSON and pages name a status: loaded, refused, quarantined.</summary>
    public static string Word(this PluginStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>A plugin folder as the catalog found it: loaded and usable, refused before loading, or quarantined after a fault.</summary>
internal sealed record LoadedPlugin
{
    public required string Folder { get; init; }
    public PluginManifest? Manifest { get; init; }
    public required string Sha256 { get; init; }
    public Version? ContractVersion { get; init; }
    public required PluginStatus Status { get; init; }
    public Diagnostic? Error { get; init; }
    public IArchetypePlugin? Instance { get; init; }
    public ArchetypeDefinition? Definition { get; init; }

    /// <summary>The plugin's load context, unloaded when its catalog is disposed.</summary>
    public IDisposable? Context { get; init; }

    public string Id => Manifest?.Id ?? System.IO.Path.GetFileName(Folder);
    public string? Archetype => Manifest?.Archetype;
    public string RulesDirectory => System.IO.Path.Combine(Folder, "rules");
    public string TemplatesDirectory => System.IO.Path.Combine(Folder, "templates");
}

/// <summary>One catalog load: every plugin folder found and what became of it.</summary>
internal sealed class PluginCatalog : IDisposable
{
    public PluginCatalog(string directory, IReadOnlyList<LoadedPlugin> plugins)
    {
        Directory = directory;
        Plugins = plugins;
    }

    public string Directory { get; }
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    public IEnumerable<LoadedPlugin> Usable => Plugins.Where(p => p.Status == PluginStatus.Loaded);

    public IReadOnlyList<string> InstalledArchetypes =>
        Usable.Select(p => p.Archetype!).Order(StringComparer.Ordinal).ToList();

    public LoadedPlugin? Find(string archetype) =>
        Plugins.FirstOrDefault(p => p.Archetype == archetype && p.Status != PluginStatus.Refused)
        ?? Plugins.FirstOrDefault(p => p.Archetype == archetype);

    public IEnumerable<Diagnostic> Problems => Plugins.Where(p => p.Error is not null).Select(p => p.Error!);

    /// <summary>Unloads every plugin's load context; call it only when no result still needs the plugins.</summary>
    public void Dispose()
    {
        foreach (var plugin in Plugins)
        {
            plugin.Context?.Dispose();
        }
    }
}
