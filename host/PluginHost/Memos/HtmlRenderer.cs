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
internal static class HtmlPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .Use<ChartExtension>()
        .DisableHtml()
        .Build();

    public static string Render(string markdown, string title, string lang)
    {
        var body = Markdown.ToHtml(markdown, Pipeline);
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
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          h2 { page-break-after: avoid; }
          table, figure { page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    private sealed class ChartExtension : IMarkdownExtension
    {
        public void Setup(MarkdownPipelineBuilder pipeline)
        {
        }

        public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
        {
            if (renderer is HtmlRenderer html)
            {
                html.ObjectRenderers.Replace<CodeBlockRenderer>(new ChartAwareCodeBlockRenderer());
            }
        }
    }

    private sealed class ChartAwareCodeBlockRenderer : CodeBlockRenderer
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            if (obj is FencedCodeBlock { Info: "chart" } fenced)
            {
                renderer.Write(ChartSvg.Render(fenced.Lines.ToString()));
                return;
            }

            base.Write(renderer, obj);
        }
    }
}
