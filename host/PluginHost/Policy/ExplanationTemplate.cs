using System.Globalization;
using PluginHost.Formatting;

namespace PluginHost.Policy;

/// <summary>
/// A rule's plain-language explanation with placeholders such as <c>{school.StipendTotal:money}</c>. Each
/// placeholder is an expression compiled and checked like the rule itself, so an explanation quotes the actual
/// values that made the rule fire, formatted for people.
/// </summary>
internal sealed class ExplanationTemplate
{
    private readonly Segment[] _segments;

    private ExplanationTemplate(Segment[] segments)
    {
        _segments = segments;
        Constant = segments switch
        {
            [] => "",
            [{ Value: null, Number: null } only] => only.Literal,
            _ => null,
        };
    }

    public static ExplanationTemplate Empty { get; } = new([]);

    /// <summary>The text when it has no placeholder, the same for every school (every cut priority's); otherwise null.</summary>
    public string? Constant { get; }

    public string Render(RuleContext context, CultureInfo culture)
    {
        // Most explanations with no placeholder (every cut priority's) are the same text for every school.
        if (Constant is { } constant)
        {
            return constant;
        }

        // The text is written into one buffer per thread, kept between explanations (a rule set renders thousands of
        // them in a run), numbers straight into it; only the finished explanation is a new string.
        var buffer = t_text ??= new char[Kept];
        var at = 0;
        var segments = _segments;
        for (var i = 0; i < segments.Length; i++)
        {
            ref readonly var segment = ref segments[i];
            string? shown;
            var number = 0m;
            if (segment.Number is not null)
            {
                (shown, number) = (null, segment.Number(context));
            }
            else if (segment.Value is not null)
            {
                shown = Formats.TextOf(segment.Format, segment.Value(context), culture, out number);
            }
            else
            {
                shown = segment.Literal;
            }

            var room = shown?.Length ?? Formats.Room;
            if (buffer.Length - at < room)
            {
                buffer = Grown(buffer, at + room);
            }

            at += shown is null ? Formats.Write(buffer.AsSpan(at), segment.Style, number, culture) : Copy(shown, buffer, at);
        }

        return new string(buffer, 0, at);
    }

    private const int Kept = 512;

    [ThreadStatic]
    private static char[]? t_text;

    private static int Copy(string text, char[] buffer, int at)
    {
        text.CopyTo(buffer.AsSpan(at));
        return text.Length;
    }

    /// <summary>A larger buffer with the text so far; kept for the thread's next explanation unless it is past 4,096 characters (a rare, long one).</summary>
    private static char[] Grown(char[] buffer, int needed)
    {
        var grown = new char[Math.Max(needed, buffer.Length * 2)];
        buffer.CopyTo(grown, 0);
        if (grown.Length <= 4096)
        {
            t_text = grown;
        }

        return grown;
    }

    /// <summary>
    /// Splits the text into literals and placeholders; <paramref name="compile"/> turns each expression, given the
    /// format it is shown in, into a delegate or throws.
    /// </summary>
    public static ExplanationTemplate Parse(string text, Func<string, string, Placeholder> compile)
    {
        var segments = new List<Segment>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('{', at);
            if (open < 0)
            {
                segments.Add(Segment.Text(text[at..]));
                break;
            }

            if (open > at)
            {
                segments.Add(Segment.Text(text[at..open]));
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"placeholder opened at character {open + 1} is not closed with '}}'");
            }

            var inner = text[(open + 1)..close].Trim();
            var format = "number";
            var colon = inner.LastIndexOf(':');
            if (colon > 0 && Formats.Names.Contains(inner[(colon + 1)..].Trim()))
            {
                format = inner[(colon + 1)..].Trim();
                inner = inner[..colon].Trim();
            }

            if (inner.Length == 0)
            {
                throw new FormatException($"empty placeholder at character {open + 1}");
            }

            var placeholder = compile(inner, format);
            segments.Add(new Segment(null, placeholder.Value, placeholder.Number, format));
            at = close + 1;
        }

        return new ExplanationTemplate([.. segments]);
    }

    /// <summary>A literal, or a placeholder read as a number or as a value, with its format (and number style, resolved once).</summary>
    private readonly record struct Segment(string? Literal, Func<RuleContext, object?>? Value, Func<RuleContext, decimal>? Number, string Format)
    {
        public Formats.Style Style { get; } = Formats.StyleOf(Format);

        public static Segment Text(string literal) => new(literal, null, null, "text");
    }
}

/// <summary>
/// One compiled placeholder: a number shown in a number format is read as a decimal (no boxing, no conversion per
/// school); anything else (text, yes/no, a value that may be missing) as an object.
/// </summary>
internal sealed record Placeholder(Func<RuleContext, object?>? Value, Func<RuleContext, decimal>? Number)
{
    /// <summary>Types a placeholder reads as a decimal: never null, and converted exactly as the object path converts them.</summary>
    public static bool IsNumber(Type type) =>
        type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(short) || type == typeof(float);
}
