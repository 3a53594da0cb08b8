using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Memos;
using PluginHost.Runs;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>
/// The plain reader that writes a memo's HTML without Markdig must change nothing but the time: every page it writes
/// is Markdig's HTML character for character, and it leaves to Markdig every page it is not sure of.
/// </summary>
public sealed class PlainMarkdownTests
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    private static readonly Dictionary<string, ChartSpec> Charts = new()
    {
        ["cuts"] = new ChartSpec("cuts", "Cuts", "dollars", ChartValues.Money, ["10 %", "20 %"], ["Found"], [[1_000m, 2_000m]]),
    };

    [Fact]
    public void Every_demo_and_generated_memo_is_written_plainly_into_markdigs_html()
    {
        using var temp = new TempDir();
        var results = DemoResults.Of(BatchRunner.ProfilesIn(TestPaths.DemoDistrict).Concat(GeneratedDistrict.Write(temp.Combine("district"), 30)));
        var options = new PluginHostOptions { RulesDirectory = TestPaths.Rules, PluginsDirectory = TestPaths.ShippedPlugins, TemplatesDirectory = TestPaths.Templates };
        using var host = HostFactory.Build(options);
        var workspace = host.Services.GetRequiredService<WorkspaceLoader>().Load();
        var renderer = new MemoRenderer(workspace.Templates, workspace.Rules.Categories);

        foreach (var (file, result) in results)
        {
            var charts = MemoCharts.For(result, Culture);
            var markdown = renderer.Render(OutputWriter.MemoTemplate, ScriptModel.Of(result, charts.Keys.ToList()), Culture);
            var (plain, markdig) = Both(markdown, charts);
            Assert.True(plain is not null, $"{file}: the plain reader left the memo to Markdig at: {FirstRefusal(markdown)}");
            Assert.Equal(markdig, plain);
            Assert.Equal(HtmlPage.Render(markdown, "memo", charts, Culture, fastPath: false), HtmlPage.Render(markdown, "memo", charts, Culture));
        }

        Assert.Equal(37, results.Count);
    }

    [Theory]
    [InlineData("# Title\n\nText with **bold**, *em*, `code` and \\*escapes\\* & \"quotes\" > here.\n", true)]
    [InlineData("## 1. Summary\n\n## 1. Summary\n\n###  Two spaces\n", false)]
    [InlineData("## Same\n\n## Same\n\n## Same\n", true)]
    [InlineData("> **Note.** A quote.\n\n- one\n- two\n\n1. first\n2. second\n\n3. third\n", false)]
    [InlineData("> **Note.** A quote.\n\n- one\n- two\n\n3. first\n4. second\n\nAfter.\n", true)]
    [InlineData("- one\n\n- two\n", false)]
    [InlineData("- one\ncontinued\n", false)]
    [InlineData("Para\n---\n", false)]
    [InlineData("Para\n\n---\n\n## Next\n", true)]
    [InlineData("Line one\nline two\n# Heading after\n", true)]
    [InlineData("6 more recommendations.\n\n2026 was a year.\n", true)]
    [InlineData("Text\n\n```chart\ncuts\n```\n\nAfter the chart.\n\n```chart\nmissing\n```\n## Heading\n\n```chart\ncuts\n```\n| a | b |\n|---|--:|\n| x | `y` |\n", true)]
    [InlineData("| a | b |\n|---|---:|\n| **x** | $1 |\n\n| c |\n|:-:|\n| \\| |\n", true)]
    [InlineData("| a | b |\n|---|---|\n| x_y | z |\n", false)]
    [InlineData("A [link](javascript:x) and <b>tag</b>.\n", false)]
    [InlineData("snake_case\n", false)]
    [InlineData("a**b**c and a*b*c\n", true)]
    [InlineData("**a**b**\n", true)]
    [InlineData("***both***\n", false)]
    [InlineData("**open only\n", false)]
    [InlineData("close only** here\n", true)]
    [InlineData("**a *b* c**\n", true)]
    [InlineData("**a *b** c*\n", false)]
    [InlineData("`` a ` b `` and ` c ` and `  `\n", true)]
    [InlineData("`unclosed\n", false)]
    [InlineData("&amp; entity\n", false)]
    [InlineData("trailing space \nnext\n", false)]
    [InlineData("  indented\n", false)]
    [InlineData("tab\there\n", false)]
    [InlineData("crlf\r\n", false)]
    [InlineData("é **unicode** —\n", true)]
    [InlineData("é **ünïcode** —\n", false)]
    [InlineData("**é**\n", false)]
    [InlineData("a\\\nb\n", false)]
    [InlineData("# Heading with \\& escape\n", true)]
    [InlineData("# \n", false)]
    [InlineData("####### seven\n", false)]
    public void A_page_is_written_plainly_only_when_plain_and_the_html_is_markdigs(string markdown, bool plain)
    {
        var (written, markdig) = Both(markdown, Charts);
        Assert.Equal(plain, written is not null);
        if (written is not null)
        {
            Assert.Equal(markdig, written);
        }
    }

    /// <summary>
    /// Generated pages of the blocks memos are made of, with text made of everything that means something in Markdown:
    /// whatever the plain reader writes is Markdig's HTML, and it writes most of the pages made only of its subset.
    /// </summary>
    [Fact]
    public void Generated_pages_are_written_plainly_into_markdigs_html_or_left_to_markdig()
    {
        var plainPiece = Gen.Frequency(
            (24, Gen.OneOf<string>("a", "b c", "é", "$1,200", "30 %", ":", "(", ")", "'", "!", "—", ".", ",", "\\*", "\\&", "\\[", "\\_", "\\\\", "\\|", "\\<", ">", "\"", "&")),
            (6, Gen.OneOf<string>("**x**", "*y*", "`c`", "``a`b``", "` `", "**a *b* c**", "6 ", "1.", "- ", "#")),
            (1, Gen.OneOf<string>("*", "**", "***", "_", "`", "\\", "&amp;", "&#35;", "<", "[", "]", "|", "~", " ", "  ", "\t", "\u00A0", "é*", "*é")));
        var text = plainPiece.Array[1, 6].Select(string.Concat);
        var line = Gen.Frequency(
            (6, text.Select(t => t + "\n")),
            (2, text.Select(t => "## " + t + "\n")),
            (1, text.Select(t => "# " + t + "\n")),
            (2, text.Select(t => "> " + t + "\n")),
            (3, text.Select(t => "- " + t + "\n")),
            (2, Gen.Int[1, 12].Select(text, (n, t) => $"{n}. {t}\n")),
            (2, Gen.Const("\n")),
            (1, Gen.OneOf<string>("---\n", "```chart\ncuts\n```\n", "```chart\nnone\n```\n", "```\ncode\n```\n", "  x\n", "***\n", "===\n", "1) x\n", "* x\n")),
            (2, Gen.Int[1, 3].SelectMany(width =>
                from rows in plainPiece.Array[0, 3].Select(string.Concat).Array[width, width].Array[2, 4]
                select string.Concat(rows.Select((r, i) => "|" + string.Join("|", i == 1 ? Enumerable.Repeat("---", width) : r) + "|\n")))));
        var page = line.Array[1, 8].Select(string.Concat);
        var (written, total) = (0, 0);
        page.Sample(markdown =>
        {
            var (plain, markdig) = Both(markdown, Charts);
            total++;
            if (plain is not null)
            {
                written++;
                Assert.Equal(markdig, plain);
            }
        }, iter: 10_000, threads: 1);

        Assert.True(written > total / 10, $"only {written} of {total} generated pages were written plainly");
    }

    /// <summary>The first line of a page the plain reader refuses: the shortest prefix of whole lines it leaves to Markdig ends there.</summary>
    private static string FirstRefusal(string markdown)
    {
        var lines = markdown.Split('\n');
        for (var n = 1; n <= lines.Length; n++)
        {
            if (!PlainMarkdown.TryWrite(string.Join('\n', lines.Take(n)) + "\n", new StringBuilder(), new HtmlPage.ChartDrawer(Charts, Culture, "test")))
            {
                return $"line {n}: {lines[n - 1]}";
            }
        }

        return "every prefix is read";
    }

    /// <summary>The page's body from the plain reader (null when it leaves the page to Markdig) and from Markdig, with the same chart markers.</summary>
    private static (string? Plain, string Markdig) Both(string markdown, IReadOnlyDictionary<string, ChartSpec> charts)
    {
        var plain = new StringBuilder();
        var plainCharts = new HtmlPage.ChartDrawer(charts, Culture, "test");
        var written = PlainMarkdown.TryWrite(markdown, plain, plainCharts);
        var markdig = new StringBuilder();
        var markdigCharts = new HtmlPage.ChartDrawer(charts, Culture, "test");
        HtmlPage.RenderWithMarkdig(markdown, markdig, markdigCharts);
        if (written)
        {
            Assert.Equal(markdigCharts.Drawn, plainCharts.Drawn);
        }

        return (written ? plain.ToString() : null, markdig.ToString());
    }
}
