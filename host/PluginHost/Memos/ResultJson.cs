using System.Text.Json;
using System.Text.Json.Serialization;
using PluginHost.Evaluation;

namespace PluginHost.Memos;

/// <summary>
/// result.json as UTF-8, with serialisation code generated at build time for the result's types: no reflection at
/// the first school, and no UTF-16 copy between the serialiser, the file and the memo's model. The bytes are those
/// of <see cref="Io.Json.Web"/>'s reflection-based serialiser (camelCase, indented, accents as written); a test
/// compares the two on every demo school.
/// </summary>
internal static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new(Io.Json.Web) { TypeInfoResolver = ResultJsonContext.Default };

    public static byte[] Utf8(SchoolResult result) => JsonSerializer.SerializeToUtf8Bytes(result, Options.GetTypeInfo(typeof(SchoolResult)));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SchoolResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
