using System.Text.RegularExpressions;

namespace PluginHost.Memos;

/// <summary>
/// The fast path before the sanitiser. With raw HTML disabled, Markdig writes a closed set of markup: a short list of
/// tags, each attribute quoted with its value encoded, text with every '&lt;' escaped. When every tag of a page fits
/// that set (names and attributes from the lists below, links that pass the scheme check), the sanitiser would
/// remove nothing, so it is skipped; anything else, however small, goes through the full sanitiser.
/// </summary>
internal static partial class MarkupCheck
{
    private static readonly HashSet<string> Tags = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
        "strong", "em", "code", "pre", "blockquote", "a", "br", "hr",
    };

    public static bool OnlyKnownMarkup(string html)
    {
        var at = 0;
        while ((at = html.IndexOf('<', at)) >= 0)
        {
            var tag = Tag().Match(html, at);
            if (!tag.Success || !Tags.Contains(tag.Groups["name"].Value))
            {
                return false;
            }

            foreach (Capture attribute in tag.Groups["attribute"].Captures)
            {
                if (!Allowed(attribute.Value))
                {
                    return false;
                }
            }

            at = tag.Index + tag.Length;
        }

        return true;
    }

    private static bool Allowed(string attribute)
    {
        var parts = Attribute().Match(attribute);
        var (name, value) = (parts.Groups["name"].Value, parts.Groups["value"].Value);
        return name switch
        {
            "id" => IdValue().IsMatch(value),
            "start" => value.All(char.IsAsciiDigit),
            "style" => value is "text-align: left;" or "text-align: right;" or "text-align: center;",
            "href" => SafeHref(value),
            _ => false,
        };
    }

    /// <summary>A link target of the web, mail, or a place inside the memo or beside it; anything with another scheme, or an entity that could hide one, fails.</summary>
    private static bool SafeHref(string value)
    {
        if (value.Replace("&amp;", "", StringComparison.Ordinal).Contains('&', StringComparison.Ordinal))
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var slash = value.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return value.All(c => !char.IsControl(c) && !char.IsWhiteSpace(c));
        }

        return value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith("mailto:", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\G</?(?<name>[a-z][a-z0-9]*)(?<attribute>\s+[a-z-]+=""[^""<>]*"")*\s*/?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s+(?<name>[a-z-]+)=""(?<value>[^""]*)""$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    [GeneratedRegex(@"^[a-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdValue();
}
