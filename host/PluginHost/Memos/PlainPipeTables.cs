using System.Buffers;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace PluginHost.Memos;

/// <summary>
/// Markdig's pipe tables are found at inline level: a table's whole paragraph is parsed as inline text, then cut into
/// rows and cells, which was three quarters of a memo's Markdown parse (a memo is mostly tables). A table written the
/// plain way — every line a row that starts and ends with a pipe, a delimiter row second, every row as wide as the
/// header, nothing in a row whose meaning could reach past a pipe, a blank line or the end after it — is cut into cells
/// here, line by line; a cell's text goes to the inline parser alone, or, when it is only text, is written as it is by
/// <see cref="PlainTableRenderer"/> (no row, cell, paragraph or inline objects for it: a memo has hundreds of cells).
/// Markdig's own table parser still reads every other table, so the HTML is the same either way: PlainPipeTableTests
/// hold it to Markdig's on the shipped memos and on generated tables.
/// </summary>
internal sealed class PlainPipeTableParser : BlockParser
{
    /// <summary>The characters an inline parser of the memo's pipeline starts at (entities, links, escapes, emphasis, code, autolinks, breaks, pipes).</summary>
    private static readonly SearchValues<char> InlineMarks = SearchValues.Create("&[]!\\*_`<\n\r|~");

    /// <summary>What a row is scanned for: escapes, code spans and pipes, and what makes a row not plain (links, autolinks, odd line ends).</summary>
    private static readonly SearchValues<char> RowMarks = SearchValues.Create("\\`|<[\r\0\v\f");

    public PlainPipeTableParser() => OpeningCharacters = ['|'];

    // A line that follows a paragraph line belongs to that paragraph (Markdig's parser decides what it is).
    public override bool CanInterrupt(BlockProcessor processor, Block block) => block is not ParagraphBlock;

    public override BlockState TryOpen(BlockProcessor processor)
    {
        var line = processor.Line;
        if (processor.IsCodeIndent || processor.Column != 0 || processor.CurrentContainer is not MarkdownDocument
            || (line.Start > 0 && line.Text[line.Start - 1] != '\n')
            || Read(line.Text, line.Start, this) is not ({ } table, var lines, _))
        {
            return BlockState.None;
        }

        table.Line = processor.LineIndex;
        processor.NewBlocks.Push(new PendingTable(this, table, lines - 1) { Column = processor.Column, Span = new SourceSpan(line.Start, line.End) });
        return BlockState.ContinueDiscard;
    }

    public override BlockState TryContinue(BlockProcessor processor, Block block)
    {
        var pending = (PendingTable)block;
        if (pending.LinesLeft == 0)
        {
            return BlockState.None;
        }

        pending.LinesLeft--;
        return BlockState.ContinueDiscard;
    }

    /// <summary>The lines are taken; the table, built when its first line was read, stands where they were.</summary>
    public override bool Close(BlockProcessor processor, Block block)
    {
        var pending = (PendingTable)block;
        var parent = pending.Parent!;
        parent[parent.IndexOf(pending)] = pending.Table;
        return true;
    }

    /// <summary>
    /// The table that starts at <paramref name="start"/> (the first character of a line), how many lines it takes and
    /// where the text after them starts, or no table when any of its lines is not plain (see the class comment); then
    /// Markdig's own parser reads it.
    /// </summary>
    internal static (PlainTable? Table, int Lines, int End) Read(string text, int start, BlockParser? parser)
    {
        var cells = new List<(int Start, int End)>(8);
        if (!ReadRow(text, start, cells, out var next) || cells.Count == 0)
        {
            return (null, 0, 0);
        }

        var width = cells.Count;
        var header = cells.ToArray();
        if (!ReadRow(text, next, cells, out next) || cells.Count != width)
        {
            return (null, 0, 0);
        }

        var table = new PlainTable(parser);
        foreach (var (cellStart, cellEnd) in cells)
        {
            var delimiter = new StringSlice(text, cellStart, cellEnd - 1);
            if (!TableHelper.ParseColumnHeader(ref delimiter, '-', out var align, out _) || delimiter.CurrentChar != '\0')
            {
                return (null, 0, 0);
            }

            table.ColumnDefinitions.Add(new TableColumnDefinition { Alignment = align, Width = 0 });
        }

        table.Rows.Add(Row(table, text, header, isHeader: true));
        var lines = 2;
        while (next < text.Length && text[next] == '|')
        {
            if (!ReadRow(text, next, cells, out next) || cells.Count != width)
            {
                return (null, 0, 0);
            }

            table.Rows.Add(Row(table, text, cells, isHeader: false));
            lines++;
        }

        // The paragraph Markdig would have seen ends here only at a blank line or the end of the text.
        return next >= text.Length || IsBlankLine(text, next) ? (table, lines, next) : (null, 0, 0);
    }

    /// <summary>
    /// One row's cells: the text itself when there is nothing in it for the inline parser (most cells: names, sums,
    /// shares), otherwise, inside Markdig's parser, also a paragraph, kept in the table's children so the inline parser
    /// reads it (<see cref="PlainMarkdown"/>, reading a table without a parser, reads such a cell's text itself).
    /// </summary>
    private static PlainRow Row(PlainTable table, string text, IReadOnlyList<(int Start, int End)> cells, bool isHeader)
    {
        var row = new PlainCell[cells.Count];
        for (var i = 0; i < row.Length; i++)
        {
            var (from, to) = Trim(text, cells[i].Start, cells[i].End);
            var slice = new StringSlice(text, from, to - 1);
            if (!text.AsSpan(from, to - from).ContainsAny(InlineMarks))
            {
                row[i] = new PlainCell(slice, null, HasMarks: false);
                continue;
            }

            if (table.Parser is null)
            {
                row[i] = new PlainCell(slice, null, HasMarks: true);
                continue;
            }

            var paragraph = new ParagraphBlock();
            paragraph.AppendLine(ref slice, 0, 0, from, false);
            table.Add(paragraph);
            row[i] = new PlainCell(slice, paragraph, HasMarks: true);
        }

        return new PlainRow(isHeader, row);
    }

    /// <summary>
    /// One row: the line from <paramref name="start"/> must begin and end with a pipe; the text between pipes that
    /// are not escaped and not inside a code span is a cell. A line with anything whose meaning could reach across a
    /// pipe or a line (a link, an autolink, a code span left open) is not plain.
    /// </summary>
    private static bool ReadRow(string text, int start, List<(int Start, int End)> cells, out int next)
    {
        cells.Clear();
        var end = text.IndexOf('\n', start);
        next = end < 0 ? text.Length : end + 1;
        end = end < 0 ? text.Length : end;
        // Trailing spaces are nothing; a trailing tab is not (Markdig can make a paragraph of it), so it is not plain.
        while (end > start && text[end - 1] == ' ')
        {
            end--;
        }

        if (end - start < 2 || text[start] != '|' || text[end - 1] != '|' || text[start + 1] is '*' or '_' or '~')
        {
            return false;
        }

        var cellStart = start + 1;
        for (var i = start + 1; i < end;)
        {
            var plain = text.AsSpan(i, end - i).IndexOfAny(RowMarks);
            if (plain < 0)
            {
                break;
            }

            i += plain;
            switch (text[i])
            {
                case '\\':
                    // Markdig counts an escaped backtick into the run that follows it; that is left to Markdig.
                    if (i + 1 < end && text[i + 1] == '`')
                    {
                        return false;
                    }

                    i += i + 1 < end && text[i + 1].IsAsciiPunctuation() ? 2 : 1;
                    break;
                case '`':
                    var run = Run(text, i, end);
                    var close = ClosingRun(text, i + run, end, run);
                    if (close < 0)
                    {
                        return false;
                    }

                    i = close + run;
                    break;
                case '|':
                    // Whether a * or _ opens or closes emphasis depends on the character beside it: Markdig sees
                    // the pipe (punctuation), a cell read alone sees its own edge (white space).
                    if (text[i - 1] is '*' or '_' or '~' || (i + 1 < end && text[i + 1] is '*' or '_' or '~'))
                    {
                        return false;
                    }

                    cells.Add((cellStart, i));
                    cellStart = ++i;
                    break;
                default:
                    return false;
            }
        }

        // The last pipe closes the last cell; an escaped one, or one inside a code span, leaves text after it.
        return cellStart == end;
    }

    /// <summary>How many <paramref name="mark"/> characters (backticks unless said) stand in a row from <paramref name="at"/>, before <paramref name="end"/>.</summary>
    internal static int Run(string text, int at, int end, char mark = '`')
    {
        var run = 0;
        while (at + run < end && text[at + run] == mark)
        {
            run++;
        }

        return run;
    }

    /// <summary>Where a run of exactly <paramref name="length"/> backticks starts between <paramref name="from"/> and <paramref name="end"/>, or -1.</summary>
    internal static int ClosingRun(string text, int from, int end, int length)
    {
        for (var i = from; i < end;)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }

            var run = Run(text, i, end);
            if (run == length)
            {
                return i;
            }

            i += run;
        }

        return -1;
    }

    private static (int From, int To) Trim(string text, int start, int end)
    {
        // Markdig trims a cell of Unicode white space (a no-break space too), not only spaces and tabs.
        while (start < end && text[start].IsWhitespace())
        {
            start++;
        }

        while (end > start && text[end - 1].IsWhitespace())
        {
            end--;
        }

        return (start, end);
    }

    private static bool IsBlankLine(string text, int at)
    {
        for (; at < text.Length && text[at] != '\n'; at++)
        {
            if (text[at] is not (' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Holds a table's lines while the block parser passes over them; replaced by the table when closed.</summary>
    private sealed class PendingTable(BlockParser parser, PlainTable table, int linesLeft) : LeafBlock(parser)
    {
        public PlainTable Table { get; } = table;

        public int LinesLeft { get; set; } = linesLeft;
    }
}

/// <summary>
/// Adds the plain table reader to a pipeline, and to each HTML renderer made from it the writer for its tables (ahead
/// of Markdig's own, which writes every other table).
/// </summary>
internal sealed class PlainPipeTableExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.BlockParsers.Contains<PlainPipeTableParser>())
        {
            pipeline.BlockParsers.Insert(0, new PlainPipeTableParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<PlainTableRenderer>())
        {
            html.ObjectRenderers.Insert(0, new PlainTableRenderer());
        }
    }
}

/// <summary>A plain table: its rows of cells; the paragraphs of cells the inline parser reads are its children.</summary>
internal sealed class PlainTable(BlockParser? parser) : Table(parser)
{
    public List<PlainRow> Rows { get; } = [];
}

internal sealed record PlainRow(bool IsHeader, PlainCell[] Cells);

/// <summary>A cell's text; whether it holds anything for an inline parser; the paragraph Markdig's inline parser made of it, if it did.</summary>
internal readonly record struct PlainCell(StringSlice Text, ParagraphBlock? Paragraph, bool HasMarks);

/// <summary>Writes a plain table exactly as Markdig's table renderer writes the same table (the differential tests hold it to that).</summary>
internal sealed class PlainTableRenderer : HtmlObjectRenderer<PlainTable>
{
    /// <summary>Where a table's HTML goes: the tags as text, and each cell's content.</summary>
    internal interface ISink
    {
        void Write(string text);

        void WriteLine(string text);

        void Content(PlainCell cell);
    }

    protected override void Write(HtmlRenderer renderer, PlainTable table)
    {
        if (!renderer.EnableHtmlForBlock)
        {
            foreach (var row in table.Rows)
            {
                foreach (var cell in row.Cells)
                {
                    WriteContent(renderer, cell);
                    renderer.Write(' ');
                }
            }

            return;
        }

        renderer.EnsureLine();
        renderer.Write("<table").WriteAttributes(table).WriteLine('>');
        var sink = new RendererSink(renderer);
        WriteHtml(ref sink, table);
    }

    /// <summary>The table's rows and cells and its closing tag, after its opening tag, as Markdig's table renderer writes them.</summary>
    internal static void WriteHtml<TSink>(ref TSink sink, PlainTable table)
        where TSink : struct, ISink
    {
        var (hasBody, isHeaderOpen, hasHeader) = (false, false, false);
        foreach (var row in table.Rows)
        {
            if (row.IsHeader)
            {
                if (!hasHeader)
                {
                    sink.WriteLine("<thead>");
                    isHeaderOpen = true;
                }

                hasHeader = true;
            }
            else if (!hasBody)
            {
                if (isHeaderOpen)
                {
                    sink.WriteLine("</thead>");
                    isHeaderOpen = false;
                }

                sink.WriteLine("<tbody>");
                hasBody = true;
            }

            sink.WriteLine("<tr>");
            for (var i = 0; i < row.Cells.Length; i++)
            {
                sink.Write(row.IsHeader ? "<th" : "<td");
                sink.Write(table.ColumnDefinitions[Math.Min(i, table.ColumnDefinitions.Count - 1)].Alignment switch
                {
                    TableColumnAlign.Center => " style=\"text-align: center;\">",
                    TableColumnAlign.Right => " style=\"text-align: right;\">",
                    TableColumnAlign.Left => " style=\"text-align: left;\">",
                    _ => ">",
                });
                sink.Content(row.Cells[i]);
                sink.WriteLine(row.IsHeader ? "</th>" : "</td>");
            }

            sink.WriteLine("</tr>");
        }

        if (hasBody)
        {
            sink.WriteLine("</tbody>");
        }
        else if (isHeaderOpen)
        {
            sink.WriteLine("</thead>");
        }

        sink.WriteLine("</table>");
    }

    /// <summary>The renderer's own writes, so it knows where its lines end.</summary>
    private readonly struct RendererSink(HtmlRenderer renderer) : ISink
    {
        public void Write(string text) => renderer.Write(text);

        public void WriteLine(string text) => renderer.WriteLine(text);

        public void Content(PlainCell cell) => WriteContent(renderer, cell);
    }

    private static void WriteContent(HtmlRenderer renderer, PlainCell cell)
    {
        if (cell.Paragraph is { } paragraph)
        {
            var implicitParagraph = renderer.ImplicitParagraph;
            renderer.ImplicitParagraph = true;
            renderer.Write(paragraph);
            renderer.ImplicitParagraph = implicitParagraph;
        }
        else if (cell.Text.Length > 0)
        {
            var text = cell.Text;
            if (renderer.EnableHtmlEscape)
            {
                renderer.WriteEscape(ref text);
            }
            else
            {
                renderer.Write(ref text);
            }
        }
    }
}
