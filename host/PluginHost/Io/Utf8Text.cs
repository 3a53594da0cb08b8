using System.Text;

namespace PluginHost.Io;

/// <summary>Where text stops being UTF-8, for an error that points at the byte (a spreadsheet's Windows-1252 "é", say).</summary>
internal static class Utf8Text
{
    public const string Advice = "save the file as UTF-8, which most editors and spreadsheet exports offer";

    /// <summary>The line and column of the first byte that is not UTF-8, or null when all of it is.</summary>
    public static (int Line, int Column)? FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }

        return Position(bytes, at);
    }

    /// <summary>Line and column (in characters) of a byte offset in valid UTF-8 text.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        var start = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                start = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(bytes[start..Math.Max(start, Math.Min(offset, bytes.Length))]) + 1);
    }
}
