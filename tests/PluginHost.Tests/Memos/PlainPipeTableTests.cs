using CsCheck;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using PluginHost.Memos;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>
/// The block-level reader for plain pipe tables must change nothing but the time: every page it reads turns into the
/// HTML Markdig's own table parser makes, and the tables it does not take are left to Markdig whole.
/// </summary>
public sealed class PlainPipeTableTests(DemoRun demo) : IClassFixture<DemoRun>
{
    private static readonly MarkdownPipeline MarkdigOnly = HtmlPage.BuildPipeline(plainTables: false);

    [Fact]
    public void Every_table_of_the_shipped_memos_is_read_plainly_into_the_same_html()
    {
        var files = Directory.EnumerateFiles(demo.Out, "*.md", SearchOption.AllDirectories).ToList();
        Assert.Equal(8, files.Count);
        var tables = 0;
        foreach (var file in files)
        {
            var markdown = File.ReadAllText(file);
            Assert.Equal(Markdown.ToHtml(markdown, MarkdigOnly), Markdown.ToHtml(markdown, HtmlPage.Pipeline));
            var read = Markdown.Parse(markdown, HtmlPage.Pipeline).Descendants<Table>().ToList();
            Assert.All(read, table => Assert.IsType<PlainPipeTableParser>(table.Parser));
            tables += read.Count;
        }

        Assert.True(tables >= 40, $"only {tables} tables in the demo's memos");
    }

    [Theory]
    [InlineData("| a | b |\n|---|---:|\n| 1 | 2 |\n", true)]
    [InlineData("| a |\n|:-:|\n| `x | y` |\n", true)]
    [InlineData("| a | b |\n|---|---|\n| x \\| y | z |\n", true)]
    [InlineData("| a | b |\n|---|---|\n| *x | y* |\n", true)]
    [InlineData("| | b |\n|---|---|\n| | |\n\ntext\n", true)]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", false)]
    [InlineData("| a | b |\n|---|---|\n| 1 |\n", false)]
    [InlineData("| a | b\n|---|---|\n", false)]
    [InlineData("| a | b |\n| x | y |\n", false)]
    [InlineData("| a | b |\n|---|---|\ntext after\n", false)]
    [InlineData("text before\n| a | b |\n|---|---|\n", false)]
    [InlineData("| a | b |\n|---|---|\n| [x | y](z) | w |\n", false)]
    [InlineData("| a | b |\n|---|---|\n| `x | y |\n", false)]
    [InlineData("> | a | b |\n> |---|---|\n", false)]
    [InlineData("  | a | b |\n  |---|---|\n", false)]
    public void A_table_is_read_plainly_only_when_plain_and_the_html_is_markdigs(string markdown, bool plain)
    {
        Assert.Equal(Markdown.ToHtml(markdown, MarkdigOnly), Markdown.ToHtml(markdown, HtmlPage.Pipeline));
        var tables = Markdown.Parse(markdown, HtmlPage.Pipeline).Descendants<Table>().ToList();
        Assert.Equal(plain, tables.Count > 0 && tables.All(t => t.Parser is PlainPipeTableParser));
    }

    /// <summary>
    /// Generated pages of tables, plain ones (most of them) and others (ragged rows, missing pipes, text around them),
    /// with cells made of everything that means something in Markdown: the HTML is Markdig's, character for character.
    /// </summary>
    [Fact]
    public void Generated_tables_turn_into_markdigs_html()
    {
        var plainPiece = Gen.Frequency(
            (6, Gen.OneOf<string>("a", "b c", " ", "é", "$1,200", "30 %", "&amp;", ":", "-", "\\|", "`a|b`", "(", ")", "\"", "'", "!", ">", "]", "#", "\u00A0")),
            (1, Gen.OneOf<string>("  ", "\t", "\\", "`", "``", "*", "**", "_", "~", "&", "\\*", "\\`")));
        var anyPiece = Gen.OneOf(plainPiece, Gen.OneOf<string>("|", "<", "[", "<b>", "[x](y)", "<http://a.b>", "\r"));
        var delimiter = Gen.OneOf<string>("---", ":--", "--:", ":-:", "-", " --- ", " :---: ");
        var anyDelimiter = Gen.OneOf(delimiter, Gen.OneOf<string>("- -", "", ":", "=", "-x"));
        var plainTable = from width in Gen.Int[1, 5]
                         from rows in plainPiece.Array[0, 4].Select(string.Concat).Array[width, width].Array[1, 6]
                         from align in delimiter.Array[width, width]
                         from trail in Gen.Frequency((4, Gen.Const("")), (2, Gen.Const(" ")), (1, Gen.Const("\t")))
                         select Row(rows[0], trail) + Row(align, trail) + string.Concat(rows.Skip(1).Select(r => Row(r, trail))) + "\n";
        var anyRow = from cells in anyPiece.Array[0, 4].Select(string.Concat).Array[1, 4]
                     from lead in Gen.OneOf<string>("|", "|", "", " |")
                     from trail in Gen.OneOf<string>("|", "|", "", "| ")
                     select lead + string.Join("|", cells) + trail + "\n";
        var anyTable = from width in Gen.Int[1, 4]
                       from header in anyPiece.Array[0, 4].Select(string.Concat).Array[width, width]
                       from align in anyDelimiter.Array[width, width]
                       from body in anyRow.Array[0, 4]
                       from after in Gen.OneOf<string>("\n", "\ntext\n", "\n# heading\n", "")
                       select Row(header, "") + Row(align, "") + string.Concat(body) + after;
        var page = Gen.OneOf(plainTable, plainTable, plainTable, anyTable, anyRow, Gen.OneOf<string>("text\n", "\n", "## Part\n", "- item\n", "```\n| a |\n```\n"))
            .Array[1, 6].Select(string.Concat);
        page.Sample(markdown => Assert.Equal(Markdown.ToHtml(markdown, MarkdigOnly), Markdown.ToHtml(markdown, HtmlPage.Pipeline)), iter: 20_000);
    }

    private static string Row(string[] cells, string trail) => "|" + string.Join("|", cells) + "|" + trail + "\n";
}
