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

    private static readonly JsonReaderOptions Strict = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = MaxDepth };

    public static void Check(byte[] bytes, string path, string code)
    {
        CheckText(bytes, path, code);
        CheckStructure(bytes, path, code);
    }

    /// <summary>The rest of <see cref="Check"/>, for bytes already known to be UTF-8 text: strict JSON, no key given twice.</summary>
    public static void CheckStructure(byte[] bytes, string path, string code)
    {
        if (SurelyStrict(bytes))
        {
            return;
        }

        var reader = new Utf8JsonReader(bytes, Strict);
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
                            var (line, column) = Utf8Text.Position(bytes, (int)reader.TokenStartIndex);
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

    /// <summary>The first of <see cref="Check"/>'s checks alone: the bytes are UTF-8 text.</summary>
    public static void CheckText(byte[] bytes, string path, string code)
    {
        if (Utf8Text.FirstInvalid(bytes) is var (badLine, badColumn))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), code,
                $"the file is not valid UTF-8 text here (a byte that starts no character, or a character cut short); {Utf8Text.Advice}", badLine, badColumn));
        }
    }

    [ThreadStatic]
    private static List<(int Start, int Length)>? t_names;

    [ThreadStatic]
    private static Stack<int>? t_objects;

    /// <summary>
    /// The usual case, without allocating: valid JSON whose keys, compared as written, never repeat in one object.
    /// Anything else (an escaped key, a large object, a repeat, a syntax error) returns false, and the exact check
    /// above decides and words the error.
    /// </summary>
    private static bool SurelyStrict(byte[] bytes)
    {
        const int MostKeysComparedAsWritten = 64;
        var names = t_names ??= [];
        var objects = t_objects ??= new Stack<int>();
        names.Clear();
        objects.Clear();
        var reader = new Utf8JsonReader(bytes, Strict);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(names.Count);
                        break;
                    case JsonTokenType.EndObject:
                        var first = objects.Pop();
                        names.RemoveRange(first, names.Count - first);
                        break;
                    case JsonTokenType.PropertyName:
                        var own = objects.Peek();
                        if (reader.ValueIsEscaped || reader.HasValueSequence || names.Count - own >= MostKeysComparedAsWritten)
                        {
                            return false;
                        }

                        var name = reader.ValueSpan;
                        for (var i = own; i < names.Count; i++)
                        {
                            if (bytes.AsSpan(names[i].Start, names[i].Length).SequenceEqual(name))
                            {
                                return false;
                            }
                        }

                        names.Add(((int)reader.TokenStartIndex + 1, name.Length));
                        break;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
