using System.Net;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace PluginHost.Memos;

/// <summary>
/// Markdown to a standalone HTML page. Raw HTML in the Markdown is disabled, so nothing from an input can become
/// markup; fenced <c>chart</c> blocks are drawn as inline SVG by <see cref="ChartSvg"/>.
/// </summary>
internal static partial class HtmlPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .DisableHtml()
        .Build();

    public static string Render(string markdown, string title, IReadOnlyDictionary<string, ChartSpec> charts, System.Globalization.CultureInfo culture)
    {
        var lang = culture.Name;
        var document = Markdown.Parse(markdown, Pipeline);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<CodeBlockRenderer>(new ChartAwareCodeBlockRenderer(charts, culture));
        renderer.Render(document);
        writer.Flush();
        var body = CollapseAppendix(writer.ToString());
        return $"""
            <!DOCTYPE html>
            <html lang="{WebUtility.HtmlEncode(lang)}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title>
            <style>
            {Css}
            </style>
            </head>
            <body>
            <main>
            {body}</main>
            </body>
            </html>

            """;
    }

    /// <summary>
    /// Rule ids, file names and hashes belong to the appendix; in HTML it is folded away in a details element, so a
    /// board member sees the memo and an analyst opens the trace.
    /// </summary>
    private static string CollapseAppendix(string body)
    {
        var match = AppendixHeading().Match(body);
        return match.Success
            ? $"{body[..match.Index]}<details class=\"appendix\">\n<summary>{match.Groups[1].Value}</summary>\n{body[(match.Index + match.Length)..]}</details>\n"
            : body;
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
          table { font-size: 8.5pt; }
          tr, figure, blockquote { break-inside: avoid; }
          thead { display: table-header-group; }
          hr { break-after: page; border: 0; margin: 0; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    private sealed class ChartAwareCodeBlockRenderer : CodeBlockRenderer
    {
        private readonly IReadOnlyDictionary<string, ChartSpec> _charts;
        private readonly System.Globalization.CultureInfo _culture;

        public ChartAwareCodeBlockRenderer(IReadOnlyDictionary<string, ChartSpec> charts, System.Globalization.CultureInfo culture)
        {
            _charts = charts;
            _culture = culture;
        }

        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            if (obj is FencedCodeBlock { Info: "chart" } fenced)
            {
                var id = fenced.Lines.ToString().Trim();
                renderer.Write(_charts.TryGetValue(id, out var spec) ? ChartSvg.Render(spec, _culture) : ChartSvg.Unavailable(id));
                return;
            }

            base.Write(renderer, obj);
        }
    }
}
