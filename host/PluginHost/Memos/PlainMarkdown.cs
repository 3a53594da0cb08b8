using System.Buffers;
using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Helpers;

namespace PluginHost.Memos;

/// <summary>
/// The Markdown memo templates write, straight to the HTML Markdig makes of it, without building Markdig's document
/// (Markdig's parse and render were about three fifths of turning a memo into HTML). It reads a narrow subset, line by
/// line: ATX headings, paragraphs, one-line quotes, tight one-line lists, thematic breaks, plain pipe tables
/// (<see cref="PlainPipeTableParser"/>) and chart fences; inline, escapes, code spans and <c>*</c>/<c>**</c> emphasis
/// that pairs simply. At the first thing outside it (a link, an underscore, an entity, indentation, a list that could
/// be loose, emphasis that needs the full delimiter algorithm, ...) it gives up on the whole page, and Markdig renders
/// the page as before. PlainMarkdownTests hold the pages it does write to Markdig's, character for character, on the
/// shipped and generated memos and on generated Markdown.
/// </summary>
internal sealed class PlainMarkdown
{
    /// <summary>Where an inline run of text stops: escapes, code, emphasis, what HTML escapes, and what means more than text.</summary>
    private static readonly SearchValues<char> InlineMarks = SearchValues.Create("\\`*_&<>\"[]|~\n");

    /// <summary>What Markdig writes as an entity in text.</summary>
    private static readonly SearchValues<char> HtmlEscaped = SearchValues.Create("<>&\"");

    /// <summary>Characters no page read here contains (Markdig treats them apart: tabs, other line ends, NUL).</summary>
    private static readonly SearchValues<char> Refused = SearchValues.Create("\t\r\0\v\f");

    /// <summary>First characters of a line that start a block, or could, other than the ones read here.</summary>
    private static readonly SearchValues<char> OtherBlockStarts = SearchValues.Create(" +=_~<[>#|-*");

    private readonly string _text;
    private readonly StringBuilder _html;
    private readonly HtmlPage.ChartDrawer _charts;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    // The block being gathered: a paragraph's first and last line, a quote's line, a list's items (one line each).
    private Open _open;
    private int _from;
    private int _to;
    private readonly List<(int From, int To)> _items = [];
    private string? _firstNumber;

    // A chart's marker is written without ending the renderer's line, so Markdig's next paragraph, quote, list or table
    // starts with one more line end (headings and breaks do not ask for one).
    private bool _lineOwed;

    private PlainMarkdown(string text, StringBuilder html, HtmlPage.ChartDrawer charts)
    {
        _text = text;
        _html = html;
        _charts = charts;
    }

    private enum Open
    {
        None,
        Paragraph,
        Quote,
        Bullets,
        Numbers,
    }

    /// <summary>Appends the page's HTML to <paramref name="html"/> and draws its charts, or returns false, having written part of it, for Markdig to render the page.</summary>
    public static bool TryWrite(string markdown, StringBuilder html, HtmlPage.ChartDrawer charts) =>
        !markdown.AsSpan().ContainsAny(Refused) && new PlainMarkdown(markdown, html, charts).Write();

    private bool Write()
    {
        for (var at = 0; at < _text.Length;)
        {
            var end = _text.IndexOf('\n', at);
            end = end < 0 ? _text.Length : end;
            var next = Math.Min(end + 1, _text.Length);
            if (end == at)
            {
                if (!Close(next))
                {
                    return false;
                }

                at = next;
                continue;
            }

            var line = _text.AsSpan(at, end - at);
            if (line[^1] == ' ')
            {
                return false;
            }

            switch (line[0])
            {
                case '#':
                    if (!Heading(at, end))
                    {
                        return false;
                    }

                    break;
                case '>':
                    if (_open != Open.None || line.Length < 3 || line[1] != ' ' || !StartsText(at + 2, end))
                    {
                        return false;
                    }

                    (_open, _from, _to) = (Open.Quote, at + 2, end);
                    break;
                case '|':
                    if (_open != Open.None || PlainPipeTableParser.Read(_text, at, null) is not ({ } table, _, var after) || !Table(table))
                    {
                        return false;
                    }

                    next = after;
                    break;
                case '`' when line.StartsWith("```"):
                    if (_open != Open.None || !Chart(at, end, ref next))
                    {
                        return false;
                    }

                    break;
                case '-' when line is "---":
                    if (_open != Open.None)
                    {
                        return false;
                    }

                    _html.Append("<hr />\n");
                    _lineOwed = false;
                    break;
                case '-' when line.StartsWith("- "):
                    if (!Item(Open.Bullets, null, at + 2, end))
                    {
                        return false;
                    }

                    break;
                case >= '0' and <= '9' when Number(line) is var digits && digits < line.Length && line[digits] is '.' or ')':
                    if (digits > 9 || digits + 2 > line.Length || line[digits] != '.' || line[digits + 1] != ' ' || line[0] == '0'
                        || !Item(Open.Numbers, line[..digits].ToString(), at + digits + 2, end))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!StartsText(at, end))
                    {
                        return false;
                    }

                    if (_open == Open.Paragraph)
                    {
                        _to = end;
                    }
                    else if (_open == Open.None)
                    {
                        (_open, _from, _to) = (Open.Paragraph, at, end);
                    }
                    else
                    {
                        // A line after a quote's or an item's is a lazy continuation of it.
                        return false;
                    }

                    break;
            }

            at = next;
        }

        return Close(_text.Length);
    }

    /// <summary>A run of digits at the start of a line.</summary>
    private static int Number(ReadOnlySpan<char> line)
    {
        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits;
    }

    /// <summary>
    /// Whether a paragraph's (or an item's, or a quote's) line from <paramref name="at"/> starts as text and nothing
    /// else: no indentation, no other block's marker, no list item inside an item, no setext underline.
    /// </summary>
    private bool StartsText(int at, int end)
    {
        var first = _text[at];
        if (first == '*')
        {
            // "**Bold** text" is text; "* item", "***" and "**" alone are not.
            return at + 2 < end && _text[at + 1] == '*' && _text[at + 2] is not ('*' or ' ');
        }

        if (first == '`')
        {
            // A code span starts a line as text; three backticks start a fence.
            return !_text.AsSpan(at, end - at).StartsWith("```");
        }

        if (char.IsAsciiDigit(first))
        {
            var digits = Number(_text.AsSpan(at, end - at));
            return at + digits == end || _text[at + digits] is not ('.' or ')');
        }

        return !OtherBlockStarts.Contains(first);
    }

    /// <summary>Writes the block being gathered, if any.</summary>
    private bool Close(int next)
    {
        var written = _open switch
        {
            Open.Paragraph => Wrapped("<p>", _from, _to, "</p>\n"),
            Open.Quote => Wrapped("<blockquote>\n<p>", _from, _to, "</p>\n</blockquote>\n"),
            Open.Bullets or Open.Numbers => List(next),
            _ => true,
        };
        _open = Open.None;
        return written;
    }

    /// <summary>A paragraph's inline text between its tags (Markdig ends the line a chart's marker left open first).</summary>
    private bool Wrapped(string open, int from, int to, string close)
    {
        EnsureLine();
        _html.Append(open);
        if (!Inline(from, to))
        {
            return false;
        }

        _html.Append(close);
        return true;
    }

    /// <summary>The gathered items as a tight list; a list is left to Markdig when an item of its kind follows a blank line (it would be loose).</summary>
    private bool List(int next)
    {
        var following = next;
        while (following < _text.Length && _text[following] == '\n')
        {
            following++;
        }

        if (following < _text.Length && ItemFollows(following))
        {
            return false;
        }

        EnsureLine();
        _html.Append(_open == Open.Bullets ? "<ul>\n" : _firstNumber == "1" ? "<ol>\n" : $"<ol start=\"{_firstNumber}\">\n");
        foreach (var (from, to) in _items)
        {
            _html.Append("<li>");
            if (!Inline(from, to))
            {
                return false;
            }

            _html.Append("</li>\n");
        }

        _html.Append(_open == Open.Bullets ? "</ul>\n" : "</ol>\n");
        _items.Clear();
        return true;
    }

    /// <summary>Whether the line at <paramref name="at"/> is an item of the open list's kind (after a blank line, it would make the list loose).</summary>
    private bool ItemFollows(int at)
    {
        var end = _text.IndexOf('\n', at) is var found and >= 0 ? found : _text.Length;
        var line = _text.AsSpan(at, end - at);
        if (_open == Open.Bullets)
        {
            return line is "-" || line.StartsWith("- ");
        }

        var digits = Number(line);
        return digits is > 0 and <= 9 && digits < line.Length && line[digits] == '.' && (digits + 1 == line.Length || line[digits + 1] == ' ');
    }

    private void EnsureLine()
    {
        if (_lineOwed)
        {
            _html.Append('\n');
            _lineOwed = false;
        }
    }

    private bool Item(Open kind, string? number, int from, int end)
    {
        if (from >= end || !StartsText(from, end) || (_open != Open.None && _open != kind))
        {
            return false;
        }

        if (_open == Open.None)
        {
            (_open, _firstNumber) = (kind, number);
        }

        _items.Add((from, end));
        return true;
    }

    /// <summary>An ATX heading of plain text and escapes, with Markdig's automatic identifier (unique in the page).</summary>
    private bool Heading(int at, int end)
    {
        var level = 0;
        while (at + level < end && _text[at + level] == '#')
        {
            level++;
        }

        var from = at + level + 1;
        if (level > 6 || from >= end || _text[from - 1] != ' ' || _text[from] == ' ' || _text[end - 1] == '#'
            || _text.AsSpan(from, end - from).ContainsAny('*', '`'))
        {
            return false;
        }

        // An ATX heading ends the paragraph before it; it cannot follow a quote's or an item's line.
        if (_open is not (Open.None or Open.Paragraph) || !Close(at))
        {
            return false;
        }

        _html.Append("<h").Append((char)('0' + level)).Append(" id=\"").Append(Identifier(Unescaped(from, end))).Append("\">");
        if (!Inline(from, end))
        {
            return false;
        }

        _html.Append("</h").Append((char)('0' + level)).Append(">\n");
        _lineOwed = false;
        return true;
    }

    /// <summary>The heading's text as Markdig's identifier reads it: escapes resolved, nothing encoded.</summary>
    private string Unescaped(int from, int end)
    {
        var text = new StringBuilder(end - from);
        for (var i = from; i < end; i++)
        {
            if (_text[i] == '\\' && i + 1 < end && _text[i + 1].IsAsciiPunctuation())
            {
                i++;
            }

            text.Append(_text[i]);
        }

        return text.ToString();
    }

    private string Identifier(string heading)
    {
        var urilized = LinkHelper.Urilize(heading, allowOnlyAscii: true);
        var first = urilized.Length == 0 ? "section" : urilized;
        var id = first;
        for (var n = 1; !_ids.Add(id); n++)
        {
            id = $"{first}-{n}";
        }

        return id;
    }

    /// <summary>A fence of the chart kind with the chart's name on its one line: the chart's marker, as the page's chart renderer writes it.</summary>
    private bool Chart(int at, int end, ref int next)
    {
        if (!_text.AsSpan(at, end - at).SequenceEqual("```chart"))
        {
            return false;
        }

        var nameEnd = _text.IndexOf('\n', next);
        if (nameEnd < 0 || !_text.AsSpan(nameEnd + 1).StartsWith("```") || (nameEnd + 4 < _text.Length && _text[nameEnd + 4] != '\n'))
        {
            return false;
        }

        var name = _text.AsSpan(next, nameEnd - next);
        if (name.IsEmpty || name.Contains('`') || name.Trim().Length != name.Length)
        {
            return false;
        }

        _html.Append(_charts.Draw(name.ToString()));
        _lineOwed = true;
        next = Math.Min(nameEnd + 5, _text.Length);
        return true;
    }

    private bool Table(PlainTable table)
    {
        EnsureLine();
        _html.Append("<table>\n");
        var sink = new Sink(this);
        PlainTableRenderer.WriteHtml(ref sink, table);
        return !sink.Failed;
    }

    /// <summary>
    /// Inline text from <paramref name="from"/> to <paramref name="to"/> as Markdig writes it, or false when it holds
    /// anything but text, escapes, code spans and emphasis whose delimiters pair one to one (each closer with the opener
    /// just before it, of the same length, one or two, next to ASCII characters).
    /// </summary>
    private bool Inline(int from, int to)
    {
        Span<int> open = stackalloc int[8];
        var depth = 0;
        var i = from;
        while (i < to)
        {
            var plain = _text.AsSpan(i, to - i).IndexOfAny(InlineMarks);
            if (plain < 0)
            {
                _html.Append(_text, i, to - i);
                break;
            }

            _html.Append(_text, i, plain);
            i += plain;
            switch (_text[i])
            {
                case '\\':
                    // An escaped backtick counts into the run after it in Markdig; a backslash at a line's end is a break.
                    if (i + 1 >= to || _text[i + 1] is '`' or '\n')
                    {
                        return false;
                    }

                    if (_text[i + 1].IsAsciiPunctuation())
                    {
                        Escaped(_text[i + 1]);
                        i += 2;
                    }
                    else
                    {
                        _html.Append('\\');
                        i++;
                    }

                    break;
                case '`':
                    var run = PlainPipeTableParser.Run(_text, i, to);
                    var close = PlainPipeTableParser.ClosingRun(_text, i + run, to, run);
                    if (close < 0)
                    {
                        return false;
                    }

                    Code(i + run, close);
                    i = close + run;
                    break;
                case '*':
                    var length = PlainPipeTableParser.Run(_text, i, to, '*');
                    var before = i > from ? _text[i - 1] : ' ';
                    var after = i + length < to ? _text[i + length] : ' ';
                    if (length > 2 || !char.IsAscii(before) || !char.IsAscii(after))
                    {
                        return false;
                    }

                    var opens = !IsSpace(after) && (!after.IsAsciiPunctuation() || IsSpace(before) || before.IsAsciiPunctuation());
                    var closes = !IsSpace(before) && (!before.IsAsciiPunctuation() || IsSpace(after) || after.IsAsciiPunctuation());
                    // A run that can both open and close closes when an opener waits (lengths are equal, 1 or 2, so
                    // the rule of three never keeps them apart), and otherwise waits as an opener itself.
                    if (closes && depth > 0)
                    {
                        if (open[depth - 1] != length)
                        {
                            return false;
                        }

                        depth--;
                        _html.Append(length == 2 ? "</strong>" : "</em>");
                    }
                    else if (opens)
                    {
                        if (depth == open.Length)
                        {
                            return false;
                        }

                        open[depth++] = length;
                        _html.Append(length == 2 ? "<strong>" : "<em>");
                    }
                    else
                    {
                        _html.Append('*', length);
                    }

                    i += length;
                    break;
                case '&':
                    // An entity (&amp;, &#38;) is decoded by Markdig; a bare ampersand is text.
                    if (i + 1 < to && (char.IsAsciiLetterOrDigit(_text[i + 1]) || _text[i + 1] == '#'))
                    {
                        return false;
                    }

                    _html.Append("&amp;");
                    i++;
                    break;
                case '>' or '"':
                    Escaped(_text[i]);
                    i++;
                    break;
                case '\n':
                    _html.Append('\n');
                    i++;
                    break;
                default:
                    // Underscores, links, autolinks, pipes and tildes: what they mean is Markdig's to decide.
                    return false;
            }
        }

        return depth == 0;
    }

    private static bool IsSpace(char c) => c is ' ' or '\n';

    /// <summary>A character as Markdig writes it in text: the four HTML entities it uses, every other character as it is.</summary>
    private void Escaped(char c)
    {
        if (c switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", _ => null } is { } entity)
        {
            _html.Append(entity);
        }
        else
        {
            _html.Append(c);
        }
    }

    private void Escaped(ReadOnlySpan<char> text)
    {
        while (text.IndexOfAny(HtmlEscaped) is var at and >= 0)
        {
            _html.Append(text[..at]);
            Escaped(text[at]);
            text = text[(at + 1)..];
        }

        _html.Append(text);
    }

    /// <summary>A code span's content: line ends read as spaces, one space stripped from each side when both have one and it is not all spaces.</summary>
    private void Code(int from, int to)
    {
        var content = _text.AsSpan(from, to - from);
        if (content.Contains('\n'))
        {
            content = content.ToString().Replace('\n', ' ').AsSpan();
        }

        if (content.Length >= 2 && content[0] == ' ' && content[^1] == ' ' && content.ContainsAnyExcept(' '))
        {
            content = content[1..^1];
        }

        _html.Append("<code>");
        Escaped(content);
        _html.Append("</code>");
    }

    /// <summary>Writes a plain table's tags and cells into the page; a cell whose text is more than this reader takes fails the page.</summary>
    private struct Sink(PlainMarkdown page) : PlainTableRenderer.ISink
    {
        public bool Failed { get; private set; }

        public readonly void Write(string text) => page._html.Append(text);

        public readonly void WriteLine(string text) => page._html.Append(text).Append('\n');

        public void Content(PlainCell cell)
        {
            if (Failed)
            {
                return;
            }

            if (!cell.HasMarks)
            {
                page.Escaped(cell.Text.AsSpan());
            }
            else if (!page.Inline(cell.Text.Start, cell.Text.End + 1))
            {
                Failed = true;
            }
        }
    }
}
