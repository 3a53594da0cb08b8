using PluginHost.Evaluation;

namespace PluginHost.Memos;

/// <summary>
/// result.json as UTF-8, written by <see cref="ResultJsonWriter"/>: no reflection at the first school, and no UTF-16
/// copy between the writer and the file. The bytes are those of <see cref="Io.Json.Web"/>'s
/// reflection-based serialiser (camelCase, indented, accents as written); a test compares the two on every demo
/// school and generated ones.
/// </summary>
internal static class ResultJson
{
    public static byte[] Utf8(SchoolResult result) => Utf8Reused(result).ToArray();

    /// <summary>
    /// The same bytes in a buffer kept per thread, valid until the thread serialises its next result: a district run
    /// writes them to the file straight away, and a 40 KB copy per school is saved.
    /// </summary>
    public static ReadOnlyMemory<byte> Utf8Reused(SchoolResult result)
    {
        if (t_writer is not { } writer || writer.Capacity > 1 << 20)
        {
            writer = new IndentedJson(Io.Json.Web.Encoder!, Io.Json.Web.NewLine, Io.Json.Web.IndentCharacter, Io.Json.Web.IndentSize);
            t_writer = writer;
        }

        writer.Reset();
        ResultJsonWriter.Write(writer, result);
        return writer.Written;
    }

    [ThreadStatic]
    private static IndentedJson? t_writer;
}
