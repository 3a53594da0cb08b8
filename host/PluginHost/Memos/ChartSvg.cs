using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PluginHost.Memos;

/// <summary>What a fenced chart block holds: grouped bars, one group per category, one bar per series.</summary>
/// <remarks>A null value is a bar that has no finite value (for example a ratio with no staff left); it is left out and described as such.</remarks>
internal sealed record ChartSpec(string Id, string Title, string Unit, IReadOnlyList<string> Categories, IReadOnlyList<string> Series, IReadOnlyList<IReadOnlyList<decimal?>> Values)
{
    public string ToJson() => JsonSerializer.Serialize(this, CompactJson);

    private static readonly JsonSerializerOptions CompactJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text alternative: every value, in words, so the chart is readable without the picture.</summary>
    public string Describe()
    {
        var parts = Series.Select((s, i) => $"{s}: " + string.Join(", ", Categories.Select((c, j) => $"{c} {Values[i][j]?.ToString("0.#", CultureInfo.InvariantCulture) ?? "no value"}")));
        return $"{Title} ({Unit}). " + string.Join("; ", parts) + ".";
    }
}

/// <summary>Draws a <see cref="ChartSpec"/> as accessible inline SVG; every text is HTML-encoded.</summary>
internal static class ChartSvg
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 52;
    private const int SlantedLabelRoom = 90;
    private const int LabelCharacters = 14;
    private static readonly decimal[] NiceSteps = [1m, 2m, 2.5m, 5m, 10m];
    private static readonly string[] Colours = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6"];

    public static string Render(string json)
    {
        ChartSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ChartSpec>(json, ScriptModel.JsonOptions);
        }
        catch (JsonException ex)
        {
            return $"<p><strong>Chart could not be drawn:</strong> {Encode(ex.Message)}</p>\n";
        }

        if (spec is null || spec.Categories.Count == 0 || spec.Series.Count == 0 || spec.Values.Count != spec.Series.Count)
        {
            return "<p><strong>Chart could not be drawn:</strong> it has no data.</p>\n";
        }

        var id = "chart-" + new string(spec.Id.Where(char.IsAsciiLetterOrDigit).ToArray());
        var all = spec.Values.SelectMany(v => v).OfType<decimal>().ToList();
        var max = Math.Max(0m, all.Count == 0 ? 0m : all.Max());
        var min = Math.Min(0m, all.Count == 0 ? 0m : all.Min());
        if (max == min)
        {
            max = min + 1m;
        }

        // Long category names would run into each other; slant them and give the plot less height instead.
        var slanted = spec.Categories.Any(c => c.Length > LabelCharacters) && spec.Categories.Count > 3;
        var height = Height + (slanted ? SlantedLabelRoom : 0);
        var bottom = Bottom + (slanted ? SlantedLabelRoom : 0);
        var plotHeight = height - Top - bottom;
        var plotWidth = Width - Left - Right;
        double Y(decimal v) => Top + (double)((max - v) / (max - min)) * plotHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" aria-labelledby=\"{id}-title {id}-desc\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Encode(spec.Title)}</title>\n<desc id=\"{id}-desc\">{Encode(spec.Describe())}</desc>\n");

        foreach (var tick in Ticks(min, max))
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"{(tick == 0 ? "#333" : "#ddd")}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Encode(tick.ToString("#,0.##", CultureInfo.InvariantCulture))}</text>\n");
        }

        var groupWidth = (double)plotWidth / spec.Categories.Count;
        var barWidth = groupWidth * 0.8 / spec.Series.Count;
        for (var c = 0; c < spec.Categories.Count; c++)
        {
            var x0 = Left + c * groupWidth + groupWidth * 0.1;
            for (var s = 0; s < spec.Series.Count; s++)
            {
                if ((c < spec.Values[s].Count ? spec.Values[s][c] : null) is not { } value)
                {
                    continue;
                }

                var y1 = Y(Math.Max(value, 0m));
                var y2 = Y(Math.Min(value, 0m));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x0 + s * barWidth:0.#}\" y=\"{y1:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{Math.Max(0.5, y2 - y1):0.#}\" fill=\"{Colours[s % Colours.Length]}\"><title>{Encode($"{spec.Series[s]}, {spec.Categories[c]}: {value.ToString("#,0.##", CultureInfo.InvariantCulture)} {spec.Unit}")}</title></rect>\n");
            }

            var labelX = x0 + groupWidth * 0.4;
            var labelY = height - bottom + 16;
            if (slanted)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelX:0.#}\" y=\"{labelY}\" text-anchor=\"end\" transform=\"rotate(-30 {labelX:0.#} {labelY})\">{Encode(spec.Categories[c])}</text>\n");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelX:0.#}\" y=\"{labelY}\" text-anchor=\"middle\">{Encode(spec.Categories[c])}</text>\n");
            }
        }

        var legendX = (double)Left;
        for (var s = 0; s < spec.Series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX:0.#}\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"{Colours[s % Colours.Length]}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 16:0.#}\" y=\"{height - 8}\">{Encode(spec.Series[s])}</text>\n");
            legendX += 24 + spec.Series[s].Length * 7;
        }

        svg.Append(CultureInfo.InvariantCulture, $"</svg>\n<figcaption>{Encode(spec.Describe())}</figcaption>\n</figure>\n");
        return svg.ToString();
    }

    private static IEnumerable<decimal> Ticks(decimal min, decimal max)
    {
        var span = max - min;
        var raw = span / 4m;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
        var step = NiceSteps.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max; t += step)
        {
            yield return t;
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
