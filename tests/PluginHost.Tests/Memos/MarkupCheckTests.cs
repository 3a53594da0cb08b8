using System.Text.RegularExpressions;
using CsCheck;
using PluginHost.Memos;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>
/// The sanitiser's fast path: every shipped memo's Markdown, turned into HTML by Markdig, fits the closed markup set
/// (so the fast path is the one taken), and anything outside it sends the page through the full sanitiser.
/// </summary>
public sealed class MarkupCheckTests : IClassFixture<DemoRun>
{
    private readonly DemoRun _demo;

    public MarkupCheckTests(DemoRun demo)
    {
        _demo = demo;
    }

    [Fact]
    public void Every_demo_memo_and_the_summary_fit_the_known_markup()
    {
        var markdown = Directory.EnumerateFiles(_demo.Out, "*.md", SearchOption.AllDirectories).ToList();
        Assert.Equal(8, markdown.Count);
        foreach (var file in markdown)
        {
            var html = Markdig.Markdown.ToHtml(File.ReadAllText(file), HtmlPage.Pipeline);
            Assert.True(MarkupCheck.OnlyKnownMarkup(html), $"{Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)} would go through the slow sanitiser");
        }
    }

    [Theory]
    [InlineData("<p>ok</p><script>alert(1)</script>")]
    [InlineData("<p onclick=\"x()\">ok</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#x73;cript:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html,x\">x</a>")]
    [InlineData("<img src=\"x\">")]
    [InlineData("<p style=\"background:url(x)\">x</p>")]
    [InlineData("<p>a < b</p>")]
    [InlineData("<svg onload=\"x()\"></svg>")]
    [InlineData("<h2 id=\"a b\">x</h2>")]
    public void Markup_outside_the_closed_set_goes_to_the_full_sanitiser(string html)
    {
        Assert.False(MarkupCheck.OnlyKnownMarkup(html));
    }

    [Theory]
    [InlineData("<h2 id=\"brief-for-the-board\">Brief</h2>\n<p>Text &amp; more</p>")]
    [InlineData("<table>\n<thead>\n<tr>\n<th style=\"text-align: right;\">Cut</th>\n</tr>\n</thead>\n</table>")]
    [InlineData("<p><a href=\"https://opportunityculture.org\">source</a> <a href=\"#appendix\">appendix</a></p>")]
    public void Markdigs_own_markup_fits(string html)
    {
        Assert.True(MarkupCheck.OnlyKnownMarkup(html));
    }

    /// <summary>The closed set written as patterns: the specification the hand-written scanner is held to.</summary>
    private static readonly Regex TagPattern = new(@"\G</?(?<name>[a-z][a-z0-9]*)(?<attribute>\s+[a-z-]+=""[^""<>]*"")*\s*/?>", RegexOptions.CultureInvariant);

    private static readonly Regex AttributePattern = new(@"^\s+(?<name>[a-z-]+)=""(?<value>[^""]*)""$", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> TagNames = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "code", "pre", "blockquote", "a", "br", "hr"];

    private static bool BySpecification(string html)
    {
        var at = 0;
        while ((at = html.IndexOf('<', at)) >= 0)
        {
            var tag = TagPattern.Match(html, at);
            if (!tag.Success || !TagNames.Contains(tag.Groups["name"].Value) || !tag.Groups["attribute"].Captures.All(c => AttributeBySpecification(c.Value)))
            {
                return false;
            }

            at = tag.Index + tag.Length;
        }

        return true;
    }

    private static bool AttributeBySpecification(string attribute)
    {
        var parts = AttributePattern.Match(attribute);
        var (name, value) = (parts.Groups["name"].Value, parts.Groups["value"].Value);
        return name switch
        {
            "id" => Regex.IsMatch(value, "^[a-z0-9_-]+$"),
            "start" => value.All(char.IsAsciiDigit),
            "style" => value is "text-align: left;" or "text-align: right;" or "text-align: center;",
            "href" => HrefBySpecification(value),
            _ => false,
        };
    }

    private static bool HrefBySpecification(string value)
    {
        if (value.Replace("&amp;", "", StringComparison.Ordinal).Contains('&', StringComparison.Ordinal))
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var slash = value.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (slash >= 0 && slash < colon)
            ? value.All(c => !char.IsControl(c) && !char.IsWhiteSpace(c))
            : value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith("mailto:", StringComparison.Ordinal);
    }

    [Fact]
    public void The_scanner_accepts_exactly_what_the_pattern_accepts_on_generated_markup()
    {
        // Pieces of real markup and of near misses, joined at random: most strings are tags that almost fit.
        var pieces = Gen.OneOf<string>("<", ">", "/", "</", "p", "a", "h2", "td", "script", "img", "x9", " ", "\t", "\n", "=", "\"", "id", "href", "start", "style",
            "on-click", "brief-1", "A", "12", "text-align: left;", "text-align: red;", "https://x.org/a?b=1&amp;c=2", "javascript:x", "java&#x73;cript:", "#top", "mailto:a@b",
            "a b", "&amp;", "&", ":", "?", "#", "\u0001", "\u00a0", "<p>", "</p>", "<a href=\"#x\">", "<th style=\"text-align: right;\">", "<h2 id=\"x_y\">", "<ol start=\"3\">", "<br />", "<hr/>");
        pieces.Array[1, 14].Select(parts => string.Concat(parts)).Sample(html =>
            Assert.True(MarkupCheck.OnlyKnownMarkup(html) == BySpecification(html), $"scanner and pattern disagree on: {html}"), iter: 20_000);
    }
}
