using System.Text.Json;

namespace PluginHost.Inputs;

/// <summary>
/// Tells a school profile that has errors from a file that is not a profile at all (a mapping, an import report, a
/// policy under another name), so a folder's other JSON is named once instead of as dozens of schema errors, and
/// reads what a broken profile still says about its size, so coverage can count its students.
/// Only called for files that failed to load: a good profile never pays for a second read.
/// </summary>
internal static class ProfileShape
{
    private static readonly string[] ProfileFields = ["id", "name", "fiscalYear", "enrollment", "funding"];

    /// <summary>Why the file is not a school profile, or null if it looks like one (with errors).</summary>
    public static string? NotAProfile(string path)
    {
        using var document = TryParse(path);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        if (root.TryGetProperty("$schema", out var schema) && Io.JsonFields.Text(schema) is { } reference && reference.EndsWith(".schema.json", StringComparison.Ordinal)
            && !reference.EndsWith(InputLoader.ProfileSchemaFile, StringComparison.Ordinal))
        {
            return $"its $schema is {Path.GetFileName(reference)}";
        }

        var present = ProfileFields.Count(f => root.TryGetProperty(f, out _));
        return present < 2 ? $"it has {(present == 0 ? "none" : "only one")} of a profile's fields ({string.Join(", ", ProfileFields)})" : null;
    }

    /// <summary>enrollment.students of a profile that could not be loaded, where it can still be read.</summary>
    public static int? Students(string path)
    {
        using var document = TryParse(path);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("enrollment", out var enrollment) && enrollment.ValueKind == JsonValueKind.Object
            && enrollment.TryGetProperty("students", out var students) && Io.JsonFields.Whole(students) is { } count && count >= 0
            ? count
            : null;
    }

    private static JsonDocument? TryParse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
