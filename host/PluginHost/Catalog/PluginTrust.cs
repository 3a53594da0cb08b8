using System.Text.Json;
using PluginHost.Diagnostics;
using PluginHost.Io;

namespace PluginHost.Catalog;

/// <summary>One pinned plugin: only this id, at this version, with exactly these files, may run.</summary>
internal sealed record PluginPin(string Id, string Version, string Sha256);

/// <summary>
/// plugins.lock.json, beside the plugins folder: the plugins that may run. A plugin that is not pinned, or whose
/// files changed since it was pinned (its folder hash differs), is refused before any of its code runs, unless the
/// run says --trust-unpinned. The shipped plugins are pinned when the host is built; <c>plugins trust DIR</c> pins a
/// dropped-in one after validating it.
/// </summary>
internal sealed record PluginTrust(IReadOnlyList<PluginPin> Plugins)
{
    public const string FileName = "plugins.lock.json";

    public static string PathFor(string pluginsDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pluginsDirectory).TrimEnd(Path.DirectorySeparatorChar))!, FileName);

    public static PluginTrust Read(string pluginsDirectory)
    {
        var path = PathFor(pluginsDirectory);
        try
        {
            return Json.ReadFile(path, Bind) ?? new PluginTrust([]);
        }
        catch (JsonException ex)
        {
            // A lock file that cannot be read pins nothing: every plugin is then refused with a reason that says so.
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.PluginNotTrusted, $"{FileName} cannot be read ({ex.Message}); fix it or pin the plugins again with plugins trust"));
        }
    }

    /// <summary>The lock as the serialiser reads it, when every pin names its id, version and hash; otherwise null (<see cref="JsonFields"/>).</summary>
    public static PluginTrust? Bind(JsonElement root) =>
        JsonFields.Fields(root, new PluginTrust(Plugins: null!), (trust, field) => field.Name switch
        {
            "plugins" when JsonFields.Items(field.Value, Pin) is { } pins => trust with { Plugins = pins },
            _ => null,
        }) is { Plugins: not null } trust ? trust : null;

    private static PluginPin? Pin(JsonElement value) =>
        JsonFields.Fields(value, new PluginPin(null!, null!, null!), (pin, field) => field.Name switch
        {
            "id" when JsonFields.Text(field.Value) is { } id => pin with { Id = id },
            "version" when JsonFields.Text(field.Value) is { } version => pin with { Version = version },
            "sha256" when JsonFields.Text(field.Value) is { } sha256 => pin with { Sha256 = sha256 },
            _ => null,
        }) is { Id: not null, Version: not null, Sha256: not null } pin ? pin : null;

    public PluginPin? Find(string id) => Plugins.FirstOrDefault(p => p.Id == id);

    public PluginTrust With(PluginPin pin) => new([.. Plugins.Where(p => p.Id != pin.Id), pin]);

    public void Write(string pluginsDirectory) =>
        AtomicFile.Write(PathFor(pluginsDirectory), JsonSerializer.Serialize(this with { Plugins = Plugins.OrderBy(p => p.Id, StringComparer.Ordinal).ToList() }, Json.Web) + "\n");
}
