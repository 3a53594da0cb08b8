using System.Globalization;
using System.Text.Json;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Io;
using PluginHost.Inputs;
using Scriban.Runtime;

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
    public const string ImpactTemplate = "impact.md";

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly MemoRenderer _renderer;
    private readonly ChromiumPdf? _pdf;

    /// <param name="pdf">The printer for --format pdf; null when no PDF is asked for.</param>
    public OutputWriter(TemplateLibrary templates, CategoryCatalog categories, ChromiumPdf? pdf = null)
    {
        _renderer = new MemoRenderer(templates, categories);
        _pdf = pdf;
    }

    /// <summary>
    /// Gets a school memo's rendering ready ahead of the first one: its templates parsed, its functions built and the
    /// Markdown-to-HTML pipeline run once. Meant for another core while the school is evaluated.
    /// </summary>
    public void Prepare(CultureInfo culture)
    {
        try
        {
            _renderer.Prepare(MemoTemplate, culture);
            HtmlPage.Prepare(culture);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a head start: whatever went wrong here goes wrong again in the render itself, which reports it.
        }
    }

    /// <summary>Renders everything first, then writes; returns the paths written.</summary>
    public IReadOnlyList<string> WriteSchool(string outDirectory, SchoolResult result, IReadOnlyList<string> formats, CultureInfo culture) =>
        Write(SafePath.Under(outDirectory, result.School.Id), "result.json", "memo", MemoTemplate, () => ResultJson.Utf8Reused(result),
            charts => ScriptModel.Of(result, charts), () => MemoCharts.For(result, culture), $"{result.School.Name}: sustainability memo", formats, culture);

    public IReadOnlyList<string> WriteSummary(string outDirectory, DistrictSummary summary, IReadOnlyList<string> formats, CultureInfo culture) =>
        WriteFromJson(outDirectory, "summary.json", "summary", SummaryTemplate, JsonSerializer.SerializeToUtf8Bytes(summary, ScriptModel.JsonOptions),
            () => summary.Charts(culture), "District summary", formats, culture);

    /// <summary>impact.md, .html, .json (and .pdf when asked) and impact.csv, one row per school compared.</summary>
    public IReadOnlyList<string> WriteImpact(string outDirectory, ImpactReport report, IReadOnlyList<string> formats, CultureInfo culture)
    {
        var written = WriteFromJson(outDirectory, "impact.json", "impact", ImpactTemplate, System.Text.Encoding.UTF8.GetBytes(ImpactWords.ToJson(report, culture)),
            () => new Dictionary<string, ChartSpec>(), $"Impact: {report.Change.Description}", formats, culture);
        written.Add(ImpactCsv.Write(Path.Combine(outDirectory, "impact.csv"), report));
        return written;
    }

    /// <summary>A document whose model is read from its JSON, as every document but a school's result is.</summary>
    private List<string> WriteFromJson(string folder, string jsonName, string name, string template, byte[] json, Func<IReadOnlyDictionary<string, ChartSpec>> chartsFor,
        string title, IReadOnlyList<string> formats, CultureInfo culture) =>
        Write(folder, jsonName, name, template, () => json, charts => ScriptModel.Build(json, charts), chartsFor, title, formats, culture);

    /// <summary>
    /// One document in every format asked for: the JSON, Markdown rendered from its model, HTML only when HTML or a PDF
    /// is asked for, and the PDF printed from that HTML. Each is made only when asked for; text files are rendered first
    /// and then written, each atomically.
    /// </summary>
    /// <param name="json">The document's JSON, read once the other formats are made (a school's is in a buffer its thread reuses).</param>
    /// <param name="model">The templates' model, given the names of the charts they may place.</param>
    private List<string> Write(string folder, string jsonName, string name, string template, Func<ReadOnlyMemory<byte>> json,
        Func<IReadOnlyCollection<string>, ScriptObject> model, Func<IReadOnlyDictionary<string, ChartSpec>> chartsFor,
        string title, IReadOnlyList<string> formats, CultureInfo culture)
    {
        var files = new List<(string Path, string Content)>();
        var jsonPath = formats.Contains(OutputFormats.Json) ? Path.Combine(folder, jsonName) : null;

        var html = (string?)null;
        var wantsHtml = formats.Contains(OutputFormats.Html) || formats.Contains(OutputFormats.Pdf);
        if (formats.Contains(OutputFormats.Markdown) || wantsHtml)
        {
            var charts = chartsFor();
            var markdown = _renderer.Render(template, model(charts.Keys.ToList()), culture);
            if (formats.Contains(OutputFormats.Markdown))
            {
                files.Add((Path.Combine(folder, name + ".md"), ChartBlocks.ForMarkdown(markdown, charts, culture)));
            }

            html = wantsHtml ? HtmlPage.Render(markdown, title, charts, culture) : null;
            if (formats.Contains(OutputFormats.Html))
            {
                files.Add((Path.Combine(folder, name + ".html"), html!));
            }
        }

        var written = new List<string>();
        if (jsonPath is not null)
        {
            AtomicFile.Write(jsonPath, json(), NewLine);
            written.Add(jsonPath);
        }

        foreach (var (path, content) in files)
        {
            AtomicFile.Write(path, content);
            written.Add(path);
        }

        if (formats.Contains(OutputFormats.Pdf))
        {
            written.Add(Print(Path.Combine(folder, name + ".pdf"), html!));
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
internal sealed record FailureEntry(string File, string Code, string Message, int? Students = null)
{
    /// <summary>
    /// Each error on its own, with its line where it has one and without the file the entry already names ("line 9:
    /// enrollment.students: 'many' has the wrong type; expected integer"): what a table cell shows, where the message's
    /// line breaks cannot stand.
    /// </summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>
    /// The file whose school id this profile repeats (it was refused for that): the same school, whose students are
    /// counted there and not again. Absent for any other failure.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Repeats { get; init; }

    public static FailureEntry Of(string file, IReadOnlyList<Diagnostic> errors, Diagnostic first, int? students) =>
        new(file, first.Code, string.Join(Environment.NewLine, errors.Select(d => d.ToString())), students)
        {
            Reasons = [.. errors.Select(d => d.Line is { } line ? $"line {line}: {d.Message}" : d.Message)],
        };
}
