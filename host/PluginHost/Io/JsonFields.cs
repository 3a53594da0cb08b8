using System.Text.Json;

namespace PluginHost.Io;

/// <summary>
/// Values of a parsed document's fields, for the small files every command reads at start (plugins.lock.json, each
/// plugin.json, the category and recommendation catalogs, a district policy), whose records bind themselves. The
/// framework's serialiser costs a cold process about 60 ms more than <see cref="JsonDocument"/>, which the schema checks
/// load anyway, the first time it reads a file (a bare ReadyToRun program: 65-100 ms against 21-38 ms), a tenth of a
/// one-school plan.
/// </summary>
/// <remarks>
/// Each accessor gives null for a value of another kind than the one it reads: a record's binder then gives up, and
/// the serialiser reads the file as it always has, with its own rules (numbers in quotes, names in any case) and its
/// own errors. A binder only ever makes what the serialiser would have made.
/// </remarks>
internal static class JsonFields
{
    /// <summary>The name JSON Schema gives a document's schema; the serialiser binds it to no member.</summary>
    public const string SchemaName = "$schema";

    /// <summary>
    /// A string's text; null for anything else, or for a string that cannot be read out (a byte that is not UTF-8, a lone
    /// surrogate escape), which the file's reader then names with its line and column.
    /// </summary>
    public static string? Text(JsonElement value)
    {
        try
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>JSON null, which the serialiser gives a member that may be missing (a nullable number or flag) as null.</summary>
    public static bool IsNull(JsonElement value) => value.ValueKind == JsonValueKind.Null;

    public static bool? Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static int? Whole(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole) ? whole : null;

    public static decimal? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number : null;

    public static List<string>? Texts(JsonElement value) => Items(value, Text);

    /// <summary>Every item of an array, each read by <paramref name="item"/>; null when the value is no array or any item does not read.</summary>
    public static List<T>? Items<T>(JsonElement value, Func<JsonElement, T?> item)
        where T : class
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var items = new List<T>(value.GetArrayLength());
        foreach (var element in value.EnumerateArray())
        {
            if (item(element) is not { } read)
            {
                return null;
            }

            items.Add(read);
        }

        return items;
    }

    /// <summary>
    /// A record read field by field from <paramref name="empty"/> (the record as its initialisers leave it): each field
    /// <paramref name="field"/> knows gives the record with that field set; any other field (bar $schema, which the
    /// serialiser skips), a value of the wrong kind, or a document that is no object gives null.
    /// </summary>
    public static T? Fields<T>(JsonElement value, T empty, Func<T, JsonProperty, T?> field)
        where T : class
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        T? made = empty;
        foreach (var property in value.EnumerateObject())
        {
            if (property.NameEquals(SchemaName))
            {
                continue;
            }

            made = field(made, property);
            if (made is null)
            {
                return null;
            }
        }

        return made;
    }

    /// <summary>The record a binder made from a file's bytes; null when the bytes are not JSON or the binder gave up.</summary>
    public static T? Bind<T>(ReadOnlyMemory<byte> json, Func<JsonElement, T?> bind)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return bind(document.RootElement);
        }
        catch (JsonException)
        {
            // Not JSON: the serialiser reads it and says so as before (text that is not UTF-8 stops at Text).
            return default;
        }
    }
}
