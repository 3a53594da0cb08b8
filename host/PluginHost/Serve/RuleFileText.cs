using System.Text;
using System.Text.Json;

namespace PluginHost.Serve;

/// <summary>Where one rule sits in its file: its name, workflow, line, and the exact text of its expression and properties.</summary>
internal sealed record RuleSpan(string Name, string Workflow, int Line, int ExpressionStart, int ExpressionLength, int PropertiesStart, int PropertiesLength);

/// <summary>
/// A rules file edited in place: one rule's expression and properties are replaced in the file's own text, so every
/// other byte (indentation, key order, other rules) stays exactly as it was and a diff shows only the edit.
/// </summary>
internal static class RuleFileText
{
    /// <summary>Every top-level rule of every workflow in the file, with byte offsets into its UTF-8 text.</summary>
    public static IReadOnlyList<RuleSpan> Locate(byte[] utf8)
    {
        var rules = new List<RuleSpan>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        if (!reader.Read())
        {
            return rules;
        }

        var workflowDepth = reader.TokenType == JsonTokenType.StartArray ? 1 : 0;
        string workflow = "";
        string? topProperty = null;
        string? ruleProperty = null;
        (string? Name, int Line, int ExprStart, int ExprLength, int PropsStart, int PropsLength)? rule = null;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when depth == workflowDepth + 1:
                    topProperty = reader.GetString();
                    break;
                case JsonTokenType.String when depth == workflowDepth + 1 && topProperty == "WorkflowName":
                    workflow = reader.GetString()!;
                    break;
                case JsonTokenType.StartObject when depth == workflowDepth + 2 && topProperty == "Rules":
                    rule = (null, LineOf(utf8, (int)reader.TokenStartIndex), -1, 0, -1, 0);
                    break;
                case JsonTokenType.EndObject when depth == workflowDepth + 2 && rule is { } done:
                    if (done.Name is not null)
                    {
                        rules.Add(new RuleSpan(done.Name, workflow, done.Line, done.ExprStart, done.ExprLength, done.PropsStart, done.PropsLength));
                    }

                    rule = null;
                    break;
                case JsonTokenType.PropertyName when depth == workflowDepth + 3 && rule is not null:
                    ruleProperty = reader.GetString();
                    break;
                case JsonTokenType.String when depth == workflowDepth + 3 && rule is { } current:
                    if (ruleProperty == "RuleName")
                    {
                        rule = current with { Name = reader.GetString() };
                    }
                    else if (ruleProperty == "Expression")
                    {
                        var start = (int)reader.TokenStartIndex;
                        rule = current with { ExprStart = start, ExprLength = (int)reader.BytesConsumed - start };
                    }

                    break;
                case JsonTokenType.StartObject when depth == workflowDepth + 3 && rule is { } open && ruleProperty == "Properties":
                    var begin = (int)reader.TokenStartIndex;
                    reader.Skip();
                    rule = open with { PropsStart = begin, PropsLength = (int)reader.BytesConsumed - begin };
                    break;
            }
        }

        return rules;
    }

    /// <summary>The exact text of a span (an expression's JSON string, or the properties object).</summary>
    public static string Text(byte[] utf8, int start, int length) => start < 0 ? "" : Encoding.UTF8.GetString(utf8, start, length);

    public static string Expression(byte[] utf8, RuleSpan span) =>
        span.ExpressionStart < 0 ? "" : JsonSerializer.Deserialize<string>(utf8.AsSpan(span.ExpressionStart, span.ExpressionLength)) ?? "";

    /// <summary>The file's text with one rule's expression and properties replaced; null when the rule is not in the file.</summary>
    public static string? Replace(byte[] utf8, string ruleName, string expression, string properties)
    {
        // Browsers send a textarea's line breaks as CRLF; the edit takes the file's own line breaks.
        var newline = utf8.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";
        properties = properties.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", newline, StringComparison.Ordinal);
        expression = expression.Replace("\r\n", "\n", StringComparison.Ordinal);
        var span = Locate(utf8).FirstOrDefault(r => r.Name == ruleName);
        if (span is null || span.ExpressionStart < 0)
        {
            return null;
        }

        var edits = new List<(int Start, int Length, byte[] Text)>
        {
            (span.ExpressionStart, span.ExpressionLength, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(expression, Io.Json.Web))),
        };
        if (span.PropertiesStart >= 0 && Text(utf8, span.PropertiesStart, span.PropertiesLength) != properties)
        {
            edits.Add((span.PropertiesStart, span.PropertiesLength, Encoding.UTF8.GetBytes(properties)));
        }

        var result = new List<byte>(utf8.Length + 256);
        var at = 0;
        foreach (var (start, length, text) in edits.OrderBy(e => e.Start))
        {
            result.AddRange(utf8.AsSpan(at, start - at).ToArray());
            result.AddRange(text);
            at = start + length;
        }

        result.AddRange(utf8.AsSpan(at).ToArray());
        return Encoding.UTF8.GetString(result.ToArray());
    }

    private static int LineOf(byte[] utf8, int offset) => utf8.AsSpan(0, offset).Count((byte)'\n') + 1;
}
