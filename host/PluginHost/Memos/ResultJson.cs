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

    /// <summary>
    /// The same bytes in a buffer kept per thread, valid until the thread serialises its next result: a district run
    /// writes the file and reads the memo's model from them first, and a 40 KB copy per school is saved.
    /// </summary>
    public static ReadOnlyMemory<byte> Utf8Reused(SchoolResult result)
    {
        if (t_scratch is not { } scratch || scratch.Buffer.Capacity > 1 << 20)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
            scratch = (buffer, new Utf8JsonWriter(buffer, WriterOptions));
            t_scratch = scratch;
        }

        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        JsonSerializer.Serialize(scratch.Writer, result, Options.GetTypeInfo(typeof(SchoolResult)));
        return scratch.Buffer.WrittenMemory;
    }

    // What SerializeToUtf8Bytes gives its own writer: the options' encoder, indentation and depth.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = Options.Encoder,
        Indented = Options.WriteIndented,
        IndentCharacter = Options.IndentCharacter,
        IndentSize = Options.IndentSize,
        NewLine = Options.NewLine,
        MaxDepth = Options.MaxDepth == 0 ? 64 : Options.MaxDepth,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_scratch;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SchoolResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
