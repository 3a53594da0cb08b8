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
}
