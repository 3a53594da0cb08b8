namespace PluginHost.Memos;

/// <summary>
/// The fast path before the sanitiser. With raw HTML disabled, Markdig writes a closed set of markup: a short list of
/// tags, each attribute quoted with its value encoded, text with every '&lt;' escaped. When every tag of a page fits
/// that set (names and attributes from the lists below, links that pass the scheme check), the sanitiser would
/// remove nothing, so it is skipped; anything else, however small, goes through the full sanitiser.
/// </summary>
/// <remarks>
/// A tag fits when it reads <c>&lt;/?name( attr="value")*\s*/?&gt;</c>: name <c>[a-z][a-z0-9]*</c>, attribute
/// names <c>[a-z-]+</c>, values without '"', '&lt;' or '&gt;'. It is scanned by hand, without a copy: a memo has
/// hundreds of tags, and a regular expression's groups cost more than the rest of the page's HTML. A test holds
/// this scanner to that pattern on generated markup.
/// </remarks>
internal static class MarkupCheck
{
    /// <summary>The tags Markdig writes for the memo's Markdown (a switch on the name's characters: a page has hundreds of tags).</summary>
    private static bool IsKnownTag(ReadOnlySpan<char> name) => name is
        "p" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol" or "li" or "table" or "thead" or "tbody" or "tr" or "th" or "td"
        or "strong" or "em" or "code" or "pre" or "blockquote" or "a" or "br" or "hr";

    private static readonly System.Buffers.SearchValues<char> IdCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");

    public static bool OnlyKnownMarkup(string html) => OnlyKnownMarkup(html.AsSpan());

    public static bool OnlyKnownMarkup(ReadOnlySpan<char> text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var next = text[at..].IndexOf('<');
            if (next < 0)
            {
                return true;
            }

            at = TagEnd(text, at + next);
            if (at < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the tag starting at <paramref name="start"/> ends, or -1 when it is not one of the closed set.</summary>
    private static int TagEnd(ReadOnlySpan<char> text, int start)
    {
        var i = start + 1;
        if (i < text.Length && text[i] == '/')
        {
            i++;
        }

        var nameStart = i;
        while (i < text.Length && (char.IsAsciiLetterLower(text[i]) || (i > nameStart && char.IsAsciiDigit(text[i]))))
        {
            i++;
        }

        if (!IsKnownTag(text[nameStart..i]))
        {
            return -1;
        }

        while (true)
        {
            var spaces = i;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var slash = i < text.Length && text[i] == '/';
            if (slash)
            {
                i++;
            }

            if (i < text.Length && text[i] == '>')
            {
                return i + 1;
            }

            // An attribute needs the space before it, and nothing but '>' may follow a '/'.
            if (slash || i == spaces)
            {
                return -1;
            }

            var attributeStart = i;
            while (i < text.Length && (char.IsAsciiLetterLower(text[i]) || text[i] == '-'))
            {
                i++;
            }

            var attribute = text[attributeStart..i];
            if (attribute.IsEmpty || i + 1 >= text.Length || text[i] != '=' || text[i + 1] != '"')
            {
                return -1;
            }

            i += 2;
            var valueStart = i;
            while (i < text.Length && text[i] is not ('"' or '<' or '>'))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '"' || !Allowed(attribute, text[valueStart..i]))
            {
                return -1;
            }

            i++;
        }
    }

    private static bool Allowed(ReadOnlySpan<char> name, ReadOnlySpan<char> value) => name switch
    {
        "id" => !value.IsEmpty && !value.ContainsAnyExcept(IdCharacters),
        "start" => !value.ContainsAnyExceptInRange('0', '9'),
        "style" => value is "text-align: left;" or "text-align: right;" or "text-align: center;",
        "href" => SafeHref(value),
        _ => false,
    };

    /// <summary>A link target of the web, mail, or a place inside the memo or beside it; anything with another scheme, or an entity that could hide one, fails.</summary>
    private static bool SafeHref(ReadOnlySpan<char> value)
    {
        for (var rest = value; rest.IndexOf('&') is var amp and >= 0; rest = rest[(amp + 5)..])
        {
            if (!rest[amp..].StartsWith("&amp;", StringComparison.Ordinal))
            {
                return false;
            }
        }

        var colon = value.IndexOf(':');
        var slash = value.IndexOfAny('/', '?', '#');
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            foreach (var c in value)
            {
                if (char.IsControl(c) || char.IsWhiteSpace(c))
                {
                    return false;
                }
            }

            return true;
        }

        return value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith("mailto:", StringComparison.Ordinal);
    }
}
