using System.Text.Json;

namespace PluginHost.Io;

/// <summary>How the tool writes JSON files people read and diff: camelCase names, indented.</summary>
internal static class Json
{
    // Files, not HTML: apostrophes and accents stay as written ("district's", "Ñandú"), so a diff reads as text.
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A file the tool wrote itself (a report, a lock, a run record), or null when there is none; a damaged one throws <see cref="JsonException"/>.</summary>
    /// <param name="bind">The record's own reader (<see cref="JsonFields"/>); when it gives up, the serialiser reads the file.</param>
    public static T? ReadFile<T>(string path, Func<JsonElement, T?>? bind = null)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return (bind is null ? null : JsonFields.Bind(File.ReadAllBytes(path), bind)) ?? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Web);
    }
}
