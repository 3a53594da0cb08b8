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

    public static IReadOnlyList<string> All { get; } = [Markdown, Html, Json];
}

/// <summary>Renders and writes one school's outputs: OUT/&lt;school-id&gt;/memo.md, memo.html, result.json.</summary>
internal sealed class OutputWriter
{
    public const string MemoTemplate = "memo.md";
    public const string SummaryTemplate = "summary.md";

    private readonly MemoRenderer _renderer;

    public OutputWriter(TemplateLibrary templates, CategoryCatalog categories)
    {
        _renderer = new MemoRenderer(templates, categories);
    }

    /// <summary>Renders everything first, then writes; returns the paths written.</summary>
    public IReadOnlyList<string> WriteSchool(string outDirectory, SchoolResult result, IReadOnlyList<string> formats, CultureInfo culture)
    {
        var folder = Path.Combine(outDirectory, result.School.Id);
        var json = MemoRenderer.ToJson(result);
        var files = new List<(string Path, string Content)>();
        if (formats.Contains(OutputFormats.Json))
        {
            files.Add((Path.Combine(folder, "result.json"), json + "\n"));
        }

        if (formats.Contains(OutputFormats.Markdown) || formats.Contains(OutputFormats.Html))
        {
            using var model = JsonDocument.Parse(json);
            var markdown = _renderer.Render(MemoTemplate, model.RootElement, culture, MemoCharts.For(result));
            if (formats.Contains(OutputFormats.Markdown))
            {
                files.Add((Path.Combine(folder, "memo.md"), markdown));
            }

            if (formats.Contains(OutputFormats.Html))
            {
                files.Add((Path.Combine(folder, "memo.html"), HtmlPage.Render(markdown, $"{result.School.Name}: sustainability memo", culture.Name)));
            }
        }

        foreach (var (path, content) in files)
        {
            AtomicFile.Write(path, content);
        }

        return files.Select(f => f.Path).ToList();
    }

    public IReadOnlyList<string> WriteSummary(string outDirectory, DistrictSummary summary, IReadOnlyList<string> formats, CultureInfo culture)
    {
        var json = JsonSerializer.Serialize(summary, ScriptModel.JsonOptions);
        var files = new List<(string Path, string Content)>();
        if (formats.Contains(OutputFormats.Json))
        {
            files.Add((Path.Combine(outDirectory, "summary.json"), json + "\n"));
        }

        if (formats.Contains(OutputFormats.Markdown) || formats.Contains(OutputFormats.Html))
        {
            using var model = JsonDocument.Parse(json);
            var markdown = _renderer.Render(SummaryTemplate, model.RootElement, culture, summary.Charts());
            if (formats.Contains(OutputFormats.Markdown))
            {
                files.Add((Path.Combine(outDirectory, "summary.md"), markdown));
            }

            if (formats.Contains(OutputFormats.Html))
            {
                files.Add((Path.Combine(outDirectory, "summary.html"), HtmlPage.Render(markdown, "District summary", culture.Name)));
            }
        }

        foreach (var (path, content) in files)
        {
            AtomicFile.Write(path, content);
        }

        return files.Select(f => f.Path).ToList();
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
