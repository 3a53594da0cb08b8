using System.Globalization;
using System.Text;
using PluginHost.Formatting;

namespace PluginHost.Policy;

/// <summary>
/// A rule's plain-language explanation with placeholders such as <c>{school.StipendTotal:money}</c>. Each
/// placeholder is an expression compiled and checked like the rule itself, so an explanation quotes the actual
/// values that made the rule fire, formatted for people.
/// </summary>
internal sealed class ExplanationTemplate
{
    private readonly IReadOnlyList<Segment> _segments;

    private ExplanationTemplate(IReadOnlyList<Segment> segments)
    {
        _segments = segments;
    }

    public static ExplanationTemplate Empty { get; } = new([]);

    public string Render(RuleContext context, CultureInfo culture)
    {
        // Most explanations with no placeholder (every cut priority's) are the same text for every school.
        switch (_segments)
        {
            case []:
                return "";
            case [{ Value: null } only]:
                return only.Literal!;
        }

        // One builder per thread, kept between explanations: a rule set renders thousands of them in a run.
        var text = t_text ??= new StringBuilder(256);
        text.Clear();
        foreach (var segment in _segments)
        {
            if (segment.Value is null)
            {
                text.Append(segment.Literal);
            }
            else
            {
                Formats.Append(text, segment.Format, segment.Value(context), culture);
            }
        }

        var explanation = text.ToString();
        if (text.Capacity > 4096)
        {
            t_text = null;
        }

        return explanation;
    }

    [ThreadStatic]
    private static StringBuilder? t_text;

    /// <summary>Splits the text into literals and placeholders; <paramref name="compile"/> turns each expression into a delegate or throws.</summary>
    public static ExplanationTemplate Parse(string text, Func<string, Func<RuleContext, object?>> compile)
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

            segments.Add(new Segment(null, compile(inner), format));
            at = close + 1;
        }

        return new ExplanationTemplate(segments);
    }

    private sealed record Segment(string? Literal, Func<RuleContext, object?>? Value, string Format)
    {
        public static Segment Text(string literal) => new(literal, null, "text");
    }
}
