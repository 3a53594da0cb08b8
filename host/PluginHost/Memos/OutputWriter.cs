using System.Globalization;
using System.Text.Json;
using PluginHost.Evaluation;
using PluginHost.Io;
using PluginHost.Inputs;

namespace PluginHost.Memos;

internal static class OutputFormats
{
    public const string Markdown = "md";
    public const string Html = "html";
    public const string Json = "json";
    public const string Pdf = "pdf";

    public static IReadOnlyList<string> All { get; } = [Markdown, Html, Json, Pdf];
}

/// <summary>Renders and writes one school's outputs: OUT/&lt;school-id&gt;/memo.md, memo.html, result.json.</summary>
internal sealed class OutputWriter
{
    public const string MemoTemplate = "memo.md";
    public const string SummaryTemplate = "summary.md";

    private readonly MemoRenderer _renderer;
    private readonly ChromiumPdf? _pdf;

    /// <param name="pdf">The printer for --format pdf; null when no PDF is asked for.</param>
    public OutputWriter(TemplateLibrary templates, CategoryCatalog categories, ChromiumPdf? pdf = null)
    {
        _renderer = new MemoRenderer(templates, categories);
        _pdf = pdf;
    }

    /// <summary>Renders everything first, then writes; returns the paths written.</summary>
    public IReadOnlyList<string> WriteSchool(string outDirectory, SchoolResult result, IReadOnlyList<string> formats, CultureInfo culture)
    {
        var folder = SafePath.Under(outDirectory, result.School.Id);
        var json = MemoRenderer.ToJson(result);
        var files = new List<(string Path, string Content)>();
        if (formats.Contains(OutputFormats.Json))
        {
            files.Add((Path.Combine(folder, "result.json"), json + "\n"));
        }

        var html = (string?)null;
        if (formats.Contains(OutputFormats.Markdown) || formats.Contains(OutputFormats.Html) || formats.Contains(OutputFormats.Pdf))
        {
            using var model = JsonDocument.Parse(json);
            var charts = MemoCharts.For(result, culture);
            var markdown = _renderer.Render(MemoTemplate, model.RootElement, culture, charts.Keys.ToList());
            if (formats.Contains(OutputFormats.Markdown))
            {
                files.Add((Path.Combine(folder, "memo.md"), ChartBlocks.ForMarkdown(markdown, charts, culture)));
            }

            html = HtmlPage.Render(markdown, $"{result.School.Name}: sustainability memo", charts, culture);
            if (formats.Contains(OutputFormats.Html))
            {
                files.Add((Path.Combine(folder, "memo.html"), html));
            }
        }

        foreach (var (path, content) in files)
        {
            AtomicFile.Write(path, content);
        }

        var written = files.Select(f => f.Path).ToList();
        if (formats.Contains(OutputFormats.Pdf) && html is not null)
        {
            written.Add(Print(Path.Combine(folder, "memo.pdf"), html));
        }

        return written;
    }

    public IReadOnlyList<string> WriteSummary(string outDirectory, DistrictSummary summary, IReadOnlyList<string> formats, CultureInfo culture)
    {
        var json = JsonSerializer.Serialize(summary, ScriptModel.JsonOptions);
        var files = new List<(string Path, string Content)>();
        var html = (string?)null;
        if (formats.Contains(OutputFormats.Json))
        {
            files.Add((Path.Combine(outDirectory, "summary.json"), json + "\n"));
        }

        if (formats.Contains(OutputFormats.Markdown) || formats.Contains(OutputFormats.Html))
        {
            using var model = JsonDocument.Parse(json);
            var charts = summary.Charts(culture);
            var markdown = _renderer.Render(SummaryTemplate, model.RootElement, culture, charts.Keys.ToList());
            if (formats.Contains(OutputFormats.Markdown))
            {
                files.Add((Path.Combine(outDirectory, "summary.md"), ChartBlocks.ForMarkdown(markdown, charts, culture)));
            }

            html = HtmlPage.Render(markdown, "District summary", charts, culture);
            if (formats.Contains(OutputFormats.Html))
            {
                files.Add((Path.Combine(outDirectory, "summary.html"), html));
            }
        }

        foreach (var (path, content) in files)
        {
            AtomicFile.Write(path, content);
        }

        var written = files.Select(f => f.Path).ToList();
        if (formats.Contains(OutputFormats.Pdf) && html is not null)
        {
            written.Add(Print(Path.Combine(outDirectory, "summary.pdf"), html));
        }

        return written;
    }

    /// <summary>Prints the page from a hidden HTML file beside the PDF, removed afterwards whatever happens.</summary>
    private string Print(string pdfPath, string html)
    {
        var printer = _pdf ?? throw new InvalidOperationException("--format pdf was accepted without a Chromium to print it");
        var source = Path.Combine(Path.GetDirectoryName(pdfPath)!, $".{Path.GetFileNameWithoutExtension(pdfPath)}.{Guid.NewGuid():N}.print.html");
        try
        {
            AtomicFile.Write(source, html);
            printer.Print(source, pdfPath);
            return pdfPath;
        }
        finally
        {
            File.Delete(source);
        }
    }

    public static string WriteFailures(string outDirectory, IReadOnlyList<FailureEntry> failures)
    {
        var path = Path.Combine(outDirectory, "failures.json");
        AtomicFile.Write(path, JsonSerializer.Serialize(failures.OrderBy(f => f.File, StringComparer.Ordinal), ScriptModel.JsonOptions) + "\n");
        return path;
    }
}

/// <summary>One school that could not be evaluated.</summary>
/// <param name="Students">Enrollment the broken profile still states, where it can be read; null where it cannot.</param>
internal sealed record FailureEntry(string File, string Code, string Message, int? Students = null);
