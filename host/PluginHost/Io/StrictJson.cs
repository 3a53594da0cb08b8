using System.Text;
using System.Text.Json;
using PluginHost.Diagnostics;

namespace PluginHost.Io;

/// <summary>
/// Checks that a file is plain, strict JSON before anything binds it: valid UTF-8, no comments, no trailing commas,
/// no NaN or Infinity, no single quotes, no key given twice in one object, no nesting deeper than a profile needs.
/// A lenient reader would take the last of two keys or read NaN as a number; here each is an error at its line and
/// column, so nothing in an input is silently dropped or misread.
/// </summary>
internal static class StrictJson
{
    public const int MaxDepth = 64;

    public static void Check(byte[] bytes, string path, string code)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = MaxDepth });
        var keys = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!keys.Peek().Add(name))
                        {
                            var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
                            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), code,
                                $"the key \"{Printable.Of(name)}\" appears twice in one object; a reader would keep only one of them, so remove or rename the other", line, column));
                        }

                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var reason = ex.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd('.', ' ');
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), code,
                $"the file is not valid JSON: {reason}; write plain JSON (double quotes, no comments, no trailing commas, no NaN or Infinity)",
                (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1));
        }
    }

    private static (int Line, int Column) Position(byte[] bytes, int offset)
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

        return (line, Encoding.UTF8.GetCharCount(bytes, start, Math.Max(0, offset - start)) + 1);
    }
}
