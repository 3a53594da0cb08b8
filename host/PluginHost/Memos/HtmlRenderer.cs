using System.Net;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using PluginHost.Formatting;

namespace PluginHost.Memos;

/// <summary>
/// Markdown to a standalone HTML page. Raw HTML in the Markdown is disabled, so nothing from an input can become
/// markup; fenced <c>chart</c> blocks are drawn as inline SVG by <see cref="ChartSvg"/>.
/// </summary>
internal static partial class HtmlPage
{
    internal static readonly MarkdownPipeline Pipeline = BuildPipeline(plainTables: true);

    /// <summary>The memo's pipeline; without <paramref name="plainTables"/>, Markdig reads every table itself (the tests' reference).</summary>
    internal static MarkdownPipeline BuildPipeline(bool plainTables)
    {
        var builder = new MarkdownPipelineBuilder().UsePipeTables().UseAutoIdentifiers().DisableHtml();
        if (plainTables)
        {
            builder.Extensions.Add(new PlainPipeTableExtension());
        }

        return builder.Build();
    }

    /// <summary>Renders a small page once (a heading, a paragraph, a table), so the writer's one-time set-up is done before the first memo.</summary>
    public static void Prepare(System.Globalization.CultureInfo culture) =>
        _ = Render("# Prepared\n\nA paragraph.\n\n| a | b |\n|---|---:|\n| x | 1 |\n", "prepared", new Dictionary<string, ChartSpec>(), culture);

    /// <param name="fastPath">False renders every page with Markdig, as the tests' reference; a page is the same either way.</param>
    public static string Render(string markdown, string title, IReadOnlyDictionary<string, ChartSpec> charts, System.Globalization.CultureInfo culture, bool fastPath = true)
    {
        var lang = culture.Name;
        // Sized for the whole body at once, so it is read below as one span rather than copied into a string first.
        var rendered = KeptBuilder.Take(ref t_body, markdown.Length * 2 + 4096, KeptLimit);
        var drawn = new ChartDrawer(charts, culture);
        if (!(fastPath && PlainMarkdown.TryWrite(markdown, rendered, drawn)))
        {
            rendered.Clear();
            drawn = new ChartDrawer(charts, culture);
            RenderWithMarkdig(markdown, rendered, drawn);
        }

        var body = OneSpan(rendered, out var whole) is { } produced && MarkupCheck.OnlyKnownMarkup(produced.Span)
            ? produced
            : Sanitizer.Value.Sanitize(whole ?? rendered.ToString()).AsMemory();
        var page = KeptBuilder.Take(ref t_page, body.Length + drawn.Drawn.Sum(d => d.Svg.Length) + Css.Length + 512, KeptLimit);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(WebUtility.HtmlEncode(lang)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n<main>\n");

        // Rule ids, file names and hashes belong to the appendix; in HTML it is folded away in a details element, so a
        // board member sees the memo and an analyst opens the trace. The page is written once, charts in place.
        var splicer = new ChartSplicer(drawn.Drawn);
        var text = body.Span;
        var appendix = AppendixHeading().EnumerateMatches(text);
        if (appendix.MoveNext())
        {
            var (at, length) = (appendix.Current.Index, appendix.Current.Length);
            var heading = text.Slice(at, length);
            splicer.Append(page, text[..at]);
            page.Append("<details class=\"appendix\">\n<summary>").Append(heading[(heading.IndexOf('>') + 1)..heading.LastIndexOf("</h2>")]).Append("</summary>\n");
            splicer.Append(page, text[(at + length)..]);
            page.Append("</details>\n");
        }
        else
        {
            splicer.Append(page, text);
        }

        return page.Append("</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>The page's body as Markdig renders it, charts drawn by <paramref name="drawn"/>.</summary>
    internal static void RenderWithMarkdig(string markdown, StringBuilder rendered, ChartDrawer drawn)
    {
        var document = Markdown.Parse(markdown, Pipeline);

        // Links and autolinks start with '[' or '<' (the pipeline adds no bare-URL links); a memo with neither has
        // nothing to neutralise, and the walk over every inline is skipped. Shipped memos have none.
        if (markdown.AsSpan().IndexOfAny('[', '<') >= 0)
        {
            NeutraliseLinks(document);
        }

        using var writer = new StringWriter(rendered);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<CodeBlockRenderer>(new ChartAwareCodeBlockRenderer(drawn));
        renderer.Render(document);
        writer.Flush();
    }

    // The body and the page are built in two builders kept per thread: a page is about 100 KB of text, and a district
    // run renders thousands; only the finished page is a new string.
    [ThreadStatic]
    private static StringBuilder? t_body;

    [ThreadStatic]
    private static StringBuilder? t_page;

    private const int KeptLimit = 1 << 20;

    /// <summary>The builder's text as one piece of memory when it holds it in one chunk; otherwise copied once into <paramref name="copy"/>.</summary>
    private static ReadOnlyMemory<char> OneSpan(StringBuilder text, out string? copy)
    {
        var chunks = text.GetChunks();
        if (chunks.MoveNext() && chunks.Current is var first && !chunks.MoveNext())
        {
            copy = null;
            return first;
        }

        copy = text.ToString();
        return copy.AsMemory();
    }

    /// <summary>
    /// Only what Markdig made from the template's text is sanitised; the charts, drawn by our own code with every text
    /// encoded, go in afterwards in place of their markers, which keeps the sanitiser's work small. Markers come in
    /// the order the charts were drawn.
    /// </summary>
    private sealed class ChartSplicer(List<(string Marker, string Svg)> drawn)
    {
        private int _next;

        public void Append(StringBuilder page, ReadOnlySpan<char> text)
        {
            while (_next < drawn.Count && text.IndexOf(drawn[_next].Marker, StringComparison.Ordinal) is var at and >= 0)
            {
                page.Append(text[..at]).Append(drawn[_next].Svg);
                text = text[(at + drawn[_next].Marker.Length)..];
                _next++;
            }

            page.Append(text);
        }
    }

    /// <summary>Link targets a memo may carry: the web, mail, and places inside the memo or beside it.</summary>
    private static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }

        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }

    /// <summary>
    /// A template (or an input that reaches one) can write a Markdown link or image; only http, https, mailto and
    /// relative targets survive. This runs on the parsed document, before any HTML exists; the sanitiser is the second line.
    /// </summary>
    private static void NeutraliseLinks(MarkdownDocument document)
    {
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case Markdig.Syntax.Inlines.LinkInline link:
                    if (!IsSafeUrl(link.Url))
                    {
                        link.Url = "#link-removed";
                    }

                    if (link.Reference is { } reference && !IsSafeUrl(reference.Url))
                    {
                        reference.Url = "#link-removed";
                    }

                    break;
                case Markdig.Syntax.Inlines.AutolinkInline autolink when !IsSafeUrl(autolink.Url):
                    autolink.Url = "#link-removed";
                    break;
            }
        }
    }

    /// <summary>
    /// The second line: whatever Markdig and our chart renderer produce passes through a kept sanitiser that knows the
    /// SVG our charts draw and nothing more, so no template can bring a script, an event handler or a javascript: URL.
    /// Built the first time a page needs it: building it costs a tenth of a second, and shipped memos never do.
    /// </summary>
    private static readonly Lazy<Ganss.Xss.HtmlSanitizer> Sanitizer = new(CreateSanitizer);

    private static Ganss.Xss.HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new Ganss.Xss.HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        foreach (var tag in new[] { "svg", "title", "desc", "rect", "line", "text", "g", "figure", "figcaption", "details", "summary" })
        {
            sanitizer.AllowedTags.Add(tag);
        }

        foreach (var attribute in new[] { "id", "class", "role", "aria-labelledby", "viewbox", "viewBox", "xmlns", "x", "y", "x1", "y1", "x2", "y2", "width", "height",
            "fill", "stroke", "stroke-width", "stroke-dasharray", "transform", "text-anchor", "font-weight" })
        {
            sanitizer.AllowedAttributes.Add(attribute);
        }

        return sanitizer;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<h2 id=""[^""]*"">((?:\d+\. )?Appendix[^<]*)</h2>\n?")]
    private static partial System.Text.RegularExpressions.Regex AppendixHeading();

    private const string Css = """
        body { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff; line-height: 1.5; margin: 0; }
        main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
        h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
        h1 { font-size: 1.8rem; border-bottom: 3px solid #1f4e79; padding-bottom: .3rem; }
        h2 { font-size: 1.3rem; color: #1f4e79; margin-top: 2rem; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }
        th, td { border: 1px solid #c8c8c8; padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef3f8; }
        blockquote { border-left: 4px solid #c0504d; background: #fcf3f2; margin: 1rem 0; padding: .5rem 1rem; }
        code { font-size: .85em; }
        td code { overflow-wrap: anywhere; }
        figure.chart { margin: 1.5rem 0; }
        figure.chart figcaption { font-size: .85rem; color: #444; }
        svg text { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 12px; }
        details.appendix { margin-top: 2rem; border-top: 1px solid #c8c8c8; }
        details.appendix > summary { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 1.3rem; color: #1f4e79; cursor: pointer; padding: .5rem 0; }
        hr { border: 0; border-top: 1px solid #c8c8c8; margin: 2rem 0; }
        @page { size: Letter; margin: 18mm 16mm 20mm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font-family: Arial, sans-serif; font-size: 9pt; color: #555; } }
        @media print {
          body { font-size: 10pt; line-height: 1.35; }
          main { max-width: none; padding: 0; }
          h1 { font-size: 1.5rem; margin-top: 0; }
          h2 { break-after: avoid; margin-top: 1.2rem; }
          h3 { break-after: avoid; }
          p:has(+ table), p:has(+ figure) { break-after: avoid; }
          table { font-size: 8.5pt; }
          tr, figure, blockquote { break-inside: avoid; }
          thead { display: table-header-group; }
          hr { break-after: page; border: 0; margin: 0; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    /// <summary>Draws a page's charts in the order they are met, each leaving a marker where the page will hold it.</summary>
    /// <param name="nonce">What makes the markers unlike any text of the page; a new one for each page unless given (the tests give one).</param>
    internal sealed class ChartDrawer(IReadOnlyDictionary<string, ChartSpec> charts, System.Globalization.CultureInfo culture, string? nonce = null)
    {
        private readonly string _nonce = nonce ?? Io.UniqueNames.Next();

        /// <summary>Each chart drawn, with the marker that stands in its place until the page is sanitised.</summary>
        public List<(string Marker, string Svg)> Drawn { get; } = [];

        /// <summary>The marker paragraph (with its line end) for the chart named <paramref name="id"/>, which is drawn now.</summary>
        public string Draw(string id)
        {
            var marker = $"<p>chart-{_nonce}-{Drawn.Count}</p>";
            Drawn.Add((marker, charts.TryGetValue(id, out var spec) ? ChartSvg.Render(spec, culture) : ChartSvg.Unavailable(id)));
            return marker + "\n";
        }
    }

    private sealed class ChartAwareCodeBlockRenderer(ChartDrawer drawer) : CodeBlockRenderer
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            if (obj is FencedCodeBlock { Info: "chart" } fenced)
            {
                renderer.Write(drawer.Draw(fenced.Lines.ToString().Trim()));
                return;
            }

            base.Write(renderer, obj);
        }
    }
}
