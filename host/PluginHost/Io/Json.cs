using System.Text.Json;

namespace PluginHost.Io;

/// <summary>How the tool writes JSON files people read and diff: camelCase names, indented.</summary>
internal static class Json
{
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
