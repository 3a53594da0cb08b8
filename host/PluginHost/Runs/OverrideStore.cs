using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Budget;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Io;

namespace PluginHost.Runs;

/// <summary>overrides/&lt;school-id&gt;.json as written: the school it belongs to and its package.</summary>
internal sealed record SchoolOverrideFile(string School, IReadOnlyList<string>? Protect, IReadOnlyList<string>? CutFirst, string? Note);

/// <summary>
/// A workspace's overrides/ folder: each school's saved cut package, read (schema-checked) when a run evaluates the
/// school and written atomically by serve. A school id names the file; nothing else reaches the file system.
/// </summary>
internal sealed class OverrideStore
{
    public const string SchemaFile = "school-override.schema.json";
    private readonly string _folder;
    private readonly JsonInputReader _reader;

    public OverrideStore(string folder, JsonInputReader reader)
    {
        _folder = folder;
        _reader = reader;
    }

    public string PathFor(string schoolId) => SafePath.Under(_folder, schoolId) + ".json";

    /// <summary>The school's package, or null when it has none; a broken file throws with every problem in it.</summary>
    public LoadedOverride? Find(string schoolId)
    {
        if (SafePath.WhyUnsafe(schoolId) is not null)
        {
            return null;
        }

        var path = PathFor(schoolId);
        if (!File.Exists(path))
        {
            return null;
        }

        var (file, _) = _reader.Read<SchoolOverrideFile>(path, SchemaFile, ErrorCodes.OverrideInvalid);
        if (file.School != schoolId)
        {
            // Read again with line numbers, so the error points at the id.
            throw new DiagnosticException(JsonInputReader.Parse(path, ErrorCodes.OverrideInvalid).Error("school", ErrorCodes.OverrideInvalid, $"school: the file is for '{file.School}' but is named for '{schoolId}'; rename it or fix the id"));
        }

        return new LoadedOverride(DisplayPath.InMemo(path), new SchoolOverride(file.Protect ?? [], file.CutFirst ?? [], file.Note));
    }

    /// <summary>Saves a package (or removes the file when it is empty), atomically; returns the path.</summary>
    public string Save(string schoolId, SchoolOverride package)
    {
        var path = PathFor(schoolId);
        if (package.IsEmpty && package.Note is null)
        {
            AtomicFile.TryDelete(path);
            return path;
        }

        var node = new JsonObject
        {
            ["$schema"] = "../rules/schemas/" + SchemaFile,
            ["school"] = schoolId,
            ["protect"] = new JsonArray([.. package.Protect.Select(p => JsonValue.Create(p))]),
            ["cutFirst"] = new JsonArray([.. package.CutFirst.Select(p => JsonValue.Create(p))]),
        };
        if (package.Note is { } note)
        {
            node["note"] = note;
        }

        Directory.CreateDirectory(_folder);
        AtomicFile.Write(path, node.ToJsonString(Json.Web) + "\n");
        return path;
    }
}
