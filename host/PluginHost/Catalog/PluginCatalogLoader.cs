using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using PluginHost.Contracts;
using PluginHost.Diagnostics;
using PluginHost.Inputs;

namespace PluginHost.Catalog;

/// <summary>
/// Finds plugin folders, checks each before any of its code runs (manifest, entry assembly, contract version
/// read from metadata), then loads the good ones with the contract shared from the host. A plugin that fails
/// is refused or quarantined with its reason; the others load regardless.
/// </summary>
internal sealed class PluginCatalogLoader
{
    private const string ContractAssemblyName = "PluginHost.Contracts";
    private readonly JsonInputReader _reader;

    public PluginCatalogLoader(JsonInputReader reader)
    {
        _reader = reader;
    }

    public static Version HostContractVersion { get; } = typeof(IArchetypePlugin).Assembly.GetName().Version!;

    /// <summary>A plugin folder's files over this size are refused: no plugin needs them, and hashing one would stall every command.</summary>
    public const long MaxFileBytes = 200L * 1024 * 1024;

    /// <param name="activate">False for commands that only look (plugins list, rules check, templates check): no plugin code runs, not even a static constructor.</param>
    /// <param name="trustUnpinned">Run plugins that plugins.lock.json does not pin (--trust-unpinned).</param>
    public PluginCatalog Load(string directory, bool activate = true, bool trustUnpinned = false) => Load([directory], activate, trustUnpinned);

    /// <param name="directories">
    /// Plugin folders in layers: a later one (a workspace's plugins/) adds archetypes and replaces an earlier plugin
    /// with the same id. Each layer's plugins are pinned by the plugins.lock.json beside that layer.
    /// </param>
    public PluginCatalog Load(IReadOnlyList<string> directories, bool activate = true, bool trustUnpinned = false)
    {
        var inspected = new List<LoadedPlugin>();
        foreach (var directory in directories.Where(Directory.Exists))
        {
            var trust = trustUnpinned ? null : PluginTrust.Read(directory);
            var layer = Directory.EnumerateDirectories(directory)
                .Where(d => File.Exists(Path.Combine(d, PluginManifest.FileName)) || Directory.EnumerateFiles(d, "*.dll").Any() || new DirectoryInfo(d).LinkTarget is not null)
                .Order(StringComparer.Ordinal)
                .Select(folder => CheckPin(Inspect(folder), trust, directory))
                .ToList();
            // A plugin of a later layer replaces an earlier one of the same id; two of one id in one layer are both refused below.
            var ids = layer.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            inspected.RemoveAll(p => ids.Contains(p.Id));
            inspected.AddRange(layer);
        }

        var claimed = inspected
            .Where(p => p.Status == PluginStatus.Loaded)
            .SelectMany(p => new[] { ("archetype", p.Archetype!, p), ("id", p.Id, p) })
            .GroupBy(x => (x.Item1, x.Item2))
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(x => (x.p, Kind: g.Key.Item1, Rivals: g.Select(r => r.p).ToList())))
            .GroupBy(x => x.p.Folder, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var plugins = inspected
            .Select(p => claimed.TryGetValue(p.Folder, out var clash) ? RefuseDuplicate(p, clash.Kind, clash.Rivals) : activate ? Activate(p) : p)
            .ToList();
        return new PluginCatalog(directories[^1], plugins);
    }

    /// <summary>Only a plugin pinned in plugins.lock.json at this version and hash may run.</summary>
    private static LoadedPlugin CheckPin(LoadedPlugin plugin, PluginTrust? trust, string directory)
    {
        if (trust is null || plugin.Status != PluginStatus.Loaded)
        {
            return plugin;
        }

        var pin = trust.Find(plugin.Id);
        var display = DisplayPath.Of(Path.Combine(plugin.Folder, PluginManifest.FileName));
        var reason = pin is null ? $"plugin '{plugin.Id}' is not pinned in {DisplayPath.Of(PluginTrust.PathFor(directory))}"
            : pin.Version != plugin.Manifest!.Version ? $"plugin '{plugin.Id}' is pinned at version {pin.Version} but the folder holds {plugin.Manifest.Version}"
            : pin.Sha256 != plugin.Sha256 ? $"plugin '{plugin.Id}' changed since it was pinned (SHA-256 {plugin.Sha256[..12]}, pinned {pin.Sha256[..Math.Min(12, pin.Sha256.Length)]})"
            : null;
        return reason is null ? plugin : plugin with
        {
            Status = PluginStatus.Refused,
            Error = Diagnostic.Error(display, ErrorCodes.PluginNotTrusted,
                $"{reason}; check it and run 'plugins trust {DisplayPath.Of(plugin.Folder)}', or pass --trust-unpinned for this run"),
        };
    }

    /// <summary>Everything that can be checked without running the plugin's code.</summary>
    public LoadedPlugin Inspect(string folder)
    {
        if (FolderProblem(folder) is { } unsafeFolder)
        {
            return Refused(folder, "", null, Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PluginFolderUnsafe, $"plugin folder '{Path.GetFileName(folder)}' is refused: {unsafeFolder}"));
        }

        var hash = HashFolder(folder);
        var manifestPath = Path.Combine(folder, PluginManifest.FileName);
        var display = DisplayPath.Of(manifestPath);
        if (!File.Exists(manifestPath))
        {
            return Refused(folder, hash, null, Diagnostic.Error(display, ErrorCodes.PluginManifest,
                $"plugin folder '{Path.GetFileName(folder)}' has no {PluginManifest.FileName}; add one with id, version, archetype, contract and entryAssembly"));
        }

        PluginManifest manifest;
        try
        {
            manifest = _reader.Read(manifestPath, "plugin-manifest.schema.json", ErrorCodes.PluginManifest, PluginManifest.Bind).Model;
        }
        catch (DiagnosticException ex)
        {
            var first = ex.Diagnostics[0];
            var all = string.Join("; ", ex.Diagnostics.Select(d => d.Message));
            return Refused(folder, hash, null, first with { Code = ErrorCodes.PluginManifest, Message = $"plugin '{Path.GetFileName(folder)}': invalid manifest: {all}" });
        }

        var range = ContractRange.Parse(manifest.Contract);
        if (!range.Contains(HostContractVersion))
        {
            return Refused(folder, hash, manifest, Diagnostic.Error(display, ErrorCodes.PluginContractVersion,
                $"plugin '{manifest.Id}' supports contract {range} but this host provides contract {HostContractVersion.ToString(2)}; rebuild the plugin against PluginHost.Contracts {HostContractVersion.Major}.x"));
        }

        var entry = Path.GetFullPath(Path.Combine(folder, manifest.EntryAssembly));
        if (manifest.EntryAssembly != Path.GetFileName(manifest.EntryAssembly) || !entry.StartsWith(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return Refused(folder, hash, manifest, Diagnostic.Error(display, ErrorCodes.PluginFolderUnsafe,
                $"plugin '{manifest.Id}': entryAssembly '{manifest.EntryAssembly}' must be a file name inside the plugin folder, such as '{Path.GetFileName(manifest.EntryAssembly)}'"));
        }

        if (!File.Exists(entry))
        {
            return Refused(folder, hash, manifest, Diagnostic.Error(display, ErrorCodes.PluginEntryAssembly,
                $"plugin '{manifest.Id}': entry assembly '{manifest.EntryAssembly}' not found in {DisplayPath.Of(folder)}; build or publish the plugin into this folder"));
        }

        var built = ReadContractReference(entry);
        if (built is null)
        {
            return Refused(folder, hash, manifest, Diagnostic.Error(display, ErrorCodes.PluginEntryAssembly,
                $"plugin '{manifest.Id}': '{manifest.EntryAssembly}' does not reference {ContractAssemblyName}; an archetype plugin must implement IArchetypePlugin"));
        }

        if (built.Major != HostContractVersion.Major || built.Minor > HostContractVersion.Minor)
        {
            return Refused(folder, hash, manifest, Diagnostic.Error(display, ErrorCodes.PluginContractVersion,
                $"plugin '{manifest.Id}' was built against contract {built.ToString(2)} but this host provides contract {HostContractVersion.ToString(2)}; rebuild it against PluginHost.Contracts {HostContractVersion.ToString(2)}") ) with { ContractVersion = built };
        }

        return new LoadedPlugin { Folder = folder, Manifest = manifest, Sha256 = hash, ContractVersion = built, Status = PluginStatus.Loaded };
    }

    /// <summary>Everything <see cref="Load"/> checks, for one folder: the manifest and metadata first, then loading it.</summary>
    public LoadedPlugin Validate(string folder) => Activate(Inspect(folder));

    private static LoadedPlugin Activate(LoadedPlugin plugin)
    {
        if (plugin.Status != PluginStatus.Loaded)
        {
            return plugin;
        }

        var manifest = plugin.Manifest!;
        var display = DisplayPath.Of(Path.Combine(plugin.Folder, PluginManifest.FileName));
        try
        {
            var context = PluginContext.For(Path.Combine(plugin.Folder, manifest.EntryAssembly));
            plugin = plugin with { Context = context };
            var assembly = context.LoadEntryAssembly();
            var types = assembly.GetExportedTypes().Where(t => typeof(IArchetypePlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
            if (types.Count != 1)
            {
                return plugin with
                {
                    Status = PluginStatus.Refused,
                    Error = Diagnostic.Error(display, ErrorCodes.PluginEntryAssembly,
                        $"plugin '{manifest.Id}': '{manifest.EntryAssembly}' must export exactly one public IArchetypePlugin class; found {types.Count}"),
                };
            }

            var instance = (IArchetypePlugin)Activator.CreateInstance(types[0])!;
            var definition = instance.Definition;
            if (definition.Archetype != manifest.Archetype)
            {
                return plugin with
                {
                    Status = PluginStatus.Refused,
                    Error = Diagnostic.Error(display, ErrorCodes.PluginManifest,
                        $"plugin '{manifest.Id}': manifest archetype '{manifest.Archetype}' differs from the code's '{definition.Archetype}'; make them the same"),
                };
            }

            return plugin with { Instance = instance, Definition = definition };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
            return plugin with
            {
                Status = PluginStatus.Quarantined,
                Error = Diagnostic.Error(display, ErrorCodes.PluginLoadFault,
                    $"plugin '{manifest.Id}' threw while loading and is quarantined: {inner.GetType().Name}: {inner.Message}"),
            };
        }
    }

    private static LoadedPlugin RefuseDuplicate(LoadedPlugin plugin, string kind, List<LoadedPlugin> rivals) => plugin with
    {
        Status = PluginStatus.Refused,
        Error = Diagnostic.Error(DisplayPath.Of(Path.Combine(plugin.Folder, PluginManifest.FileName)), ErrorCodes.PluginDuplicateArchetype,
            kind == "id"
                ? $"plugin id '{plugin.Id}' is used by {rivals.Count} plugin folders ({string.Join(", ", rivals.Select(r => Path.GetFileName(r.Folder)))}); remove all but one"
                : $"archetype '{plugin.Archetype}' is claimed by {rivals.Count} plugins ({string.Join(", ", rivals.Select(r => $"'{r.Id}' in {Path.GetFileName(r.Folder)}"))}); remove all but one"),
    };

    /// <summary>
    /// A plugin folder must hold only its own regular files: a symlink that leaves it, a dangling or looping link,
    /// an unreadable entry or an oversized file refuses that one plugin (the others still load) instead of every command.
    /// </summary>
    private static string? FolderProblem(string folder)
    {
        try
        {
            var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (new DirectoryInfo(folder).LinkTarget is { } folderLink)
            {
                return $"the folder is a symbolic link (to {folderLink}); copy the plugin in instead";
            }

            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                if (entry.LinkTarget is not null)
                {
                    var target = entry.ResolveLinkTarget(returnFinalTarget: true);
                    if (target is null || !target.Exists)
                    {
                        return $"'{Path.GetRelativePath(folder, entry.FullName)}' is a symbolic link to nothing (or a loop)";
                    }

                    if (!Path.GetFullPath(target.FullName).StartsWith(root, StringComparison.Ordinal))
                    {
                        return $"'{Path.GetRelativePath(folder, entry.FullName)}' is a symbolic link that leads outside the plugin folder";
                    }
                }

                if (entry is FileInfo { Length: > MaxFileBytes } large)
                {
                    return $"'{Path.GetRelativePath(folder, large.FullName)}' is {large.Length / (1024 * 1024):#,0} MB; plugin files are limited to {MaxFileBytes / (1024 * 1024)} MB";
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"its files cannot be read ({ex.Message})";
        }
    }

    private static LoadedPlugin Refused(string folder, string hash, PluginManifest? manifest, Diagnostic error) =>
        new() { Folder = folder, Manifest = manifest, Sha256 = hash, Status = PluginStatus.Refused, Error = error };

    private static Version? ReadContractReference(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences
                .Select(metadata.GetAssemblyReference)
                .Where(r => metadata.GetString(r.Name) == ContractAssemblyName)
                .Select(r => r.Version)
                .FirstOrDefault();
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 over every file's relative path and content, so provenance pins exactly what ran.</summary>
    public static string HashFolder(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file).Replace('\\', '/') + "\0"));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
