using System.Text.Json;
using PluginHost.Evaluation;

namespace PluginHost.Memos;

/// <summary>
/// result.json as UTF-8, written by <see cref="ResultJsonWriter"/>: no reflection at the first school, and no UTF-16
/// copy between the writer, the file and the memo's model. The bytes are those of <see cref="Io.Json.Web"/>'s
/// reflection-based serialiser (camelCase, indented, accents as written); a test compares the two on every demo
/// school and generated ones.
/// </summary>
internal static class ResultJson
{
    public static byte[] Utf8(SchoolResult result) => Utf8Reused(result).ToArray();

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
        ResultJsonWriter.Write(scratch.Writer, result);
        scratch.Writer.Flush();
        return scratch.Buffer.WrittenMemory;
    }

    // What Io.Json.Web's serialiser gives its own writer: its encoder, indentation and depth.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = Io.Json.Web.Encoder,
        Indented = Io.Json.Web.WriteIndented,
        IndentCharacter = Io.Json.Web.IndentCharacter,
        IndentSize = Io.Json.Web.IndentSize,
        NewLine = Io.Json.Web.NewLine,
        MaxDepth = Io.Json.Web.MaxDepth == 0 ? 64 : Io.Json.Web.MaxDepth,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_scratch;
}
