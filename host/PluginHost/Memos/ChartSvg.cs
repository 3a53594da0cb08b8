using System.Globalization;
using System.Net;
using System.Text;
using PluginHost.Formatting;

namespace PluginHost.Memos;

/// <summary>How a chart's values read: dollars, a ratio, or a percentage.</summary>
internal enum ChartValues
{
    Money,
    Ratio,
    Percent,

    /// <summary>Whole things counted, such as schools.</summary>
    Count,
}

/// <summary>
/// A chart as data: grouped bars (one group per category, one bar per series), an optional reference line across
/// the plot (a "before" ratio, zero) and optional markers over each group (a cut's target). Built from the result,
/// so its numbers are the tables' numbers; drawn as SVG in HTML and as a caption and a table in Markdown.
/// </summary>
/// <remarks>A null value is a bar that has no finite value (for example a ratio with no staff left); it is left out and said so.</remarks>
internal sealed record ChartSpec(string Id, string Title, string AxisLabel, ChartValues Kind, IReadOnlyList<string> Categories, IReadOnlyList<string> Series, IReadOnlyList<IReadOnlyList<decimal?>> Values)
{
    public decimal? Line { get; init; }

    public string? LineLabel { get; init; }

    /// <summary>One marker per category (or null), such as the money a cut must find.</summary>
    public IReadOnlyList<decimal?> Markers { get; init; } = [];

    public string? MarkerLabel { get; init; }

    /// <summary>What the chart shows, in a sentence a board member reads without the picture.</summary>
    public string Reading { get; init; } = "";

    public string Format(decimal? value, CultureInfo culture) => value is not { } v ? "no value"
        : Kind switch
        {
            ChartValues.Money => Formats.Money(v, culture),
            ChartValues.Percent => Formats.Pct(v, culture),
            ChartValues.Count => Formats.Number(Math.Round(v), culture),
            _ => Formats.Ratio(v, culture),
        };

    /// <summary>The Markdown a reader of memo.md sees instead of the picture: the title, the reading, and every value.</summary>
    public string ToMarkdown(CultureInfo culture)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**Figure: {Title}** ({AxisLabel}). {Reading}\n\n");
        text.Append("| |");
        foreach (var series in Series)
        {
            text.Append(CultureInfo.InvariantCulture, $" {series} |");
        }

        if (Markers.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" {MarkerLabel} |");
        }

        text.Append("\n|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", Series.Count + (Markers.Count > 0 ? 1 : 0))));
        text.Append('\n');
        for (var c = 0; c < Categories.Count; c++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Categories[c]} |");
            for (var s = 0; s < Series.Count; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Format(c < Values[s].Count ? Values[s][c] : null, culture)} |");
            }

            if (Markers.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Format(c < Markers.Count ? Markers[c] : null, culture)} |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>
/// Draws a <see cref="ChartSpec"/> as accessible inline SVG with a visible title, a y-axis label with its unit, a
/// reference line and target markers where the chart has them, and the reading in words beneath. Every text is
/// HTML-encoded.
/// </summary>
internal static class ChartSvg
{
    private const int Width = 640;
    private const int Height = 280;
    private const int Left = 84;
    private const int Right = 16;
    private const int Top = 36;
    private const int Bottom = 52;
    private const int SlantedLabelRoom = 90;
    private const int LabelCharacters = 14;
    private static readonly decimal[] NiceSteps = [1m, 2m, 2.5m, 5m, 10m];
    private static readonly string[] Colours = ["#1f4e79", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f"];
    private const string LineColour = "#c0504d";

    public static string Unavailable(string id) =>
        $"<p class=\"chart-missing\"><strong>Chart not available:</strong> no chart named '{Encode(id)}' in this memo.</p>\n";

    public static string Render(ChartSpec spec, CultureInfo culture)
    {
        if (spec.Categories.Count == 0 || spec.Series.Count == 0 || spec.Values.Count != spec.Series.Count)
        {
            return $"<p class=\"chart-missing\"><strong>{Encode(spec.Title)}:</strong> no data to draw.</p>\n";
        }

        var id = "chart-" + new string(spec.Id.Where(char.IsAsciiLetterOrDigit).ToArray());
        var all = spec.Values.SelectMany(v => v).Concat(spec.Markers).Append(spec.Line).OfType<decimal>().ToList();
        var max = Math.Max(0m, all.Count == 0 ? 0m : all.Max());
        var min = Math.Min(0m, all.Count == 0 ? 0m : all.Min());
        if (max == min)
        {
            max = min + 1m;
        }

        // Long category names would run into each other; slant them and give the plot less height instead.
        // A label slanted at 30 degrees reaches down half its length (about 3.5 px a character at 12 px), so the room
        // below the plot grows with the longest one and no label runs into the legend.
        var slanted = spec.Categories.Any(c => c.Length > LabelCharacters) && spec.Categories.Count > 3;
        var room = slanted ? Math.Max(SlantedLabelRoom, (int)Math.Ceiling(spec.Categories.Max(c => c.Length) * 3.5)) : 0;
        var height = Height + room;
        var bottom = Bottom + room;
        var plotHeight = height - Top - bottom;
        var plotWidth = Width - Left - Right;
        double Y(decimal v) => Top + (double)((max - v) / (max - min)) * plotHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"{id}\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" aria-labelledby=\"{id}-title {id}-desc\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Encode(spec.Title)}</title>\n<desc id=\"{id}-desc\">{Encode(spec.Reading)}</desc>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-title\" x=\"{Left}\" y=\"18\" font-weight=\"bold\">{Encode(spec.Title)}</text>\n");
        var axisY = Top + plotHeight / 2;
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"14\" y=\"{axisY}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {axisY})\">{Encode(spec.AxisLabel)}</text>\n");

        foreach (var tick in Ticks(min, max))
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{new Tenths(y)}\" x2=\"{Width - Right}\" y2=\"{new Tenths(y)}\" stroke=\"{(tick == 0 ? "#333" : "#ddd")}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{new Tenths(y + 4)}\" text-anchor=\"end\">{Encode(spec.Format(tick, culture))}</text>\n");
        }

        var groupWidth = (double)plotWidth / spec.Categories.Count;
        var barWidth = groupWidth * 0.7 / spec.Series.Count;
        for (var c = 0; c < spec.Categories.Count; c++)
        {
            var x0 = Left + c * groupWidth + groupWidth * 0.15;
            for (var s = 0; s < spec.Series.Count; s++)
            {
                if ((c < spec.Values[s].Count ? spec.Values[s][c] : null) is not { } value)
                {
                    continue;
                }

                var y1 = Y(Math.Max(value, 0m));
                var y2 = Y(Math.Min(value, 0m));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{new Tenths(x0 + s * barWidth)}\" y=\"{new Tenths(y1)}\" width=\"{new Tenths(barWidth - 2)}\" height=\"{new Tenths(Math.Max(0.5, y2 - y1))}\" fill=\"{Colours[s % Colours.Length]}\"><title>{Encode($"{spec.Series[s]}, {spec.Categories[c]}: {spec.Format(value, culture)}")}</title></rect>\n");
            }

            if (c < spec.Markers.Count && spec.Markers[c] is { } marker)
            {
                var y = Y(marker);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line class=\"marker\" x1=\"{new Tenths(x0 - 4)}\" y1=\"{new Tenths(y)}\" x2=\"{new Tenths(x0 + groupWidth * 0.7 + 2)}\" y2=\"{new Tenths(y)}\" stroke=\"{LineColour}\" stroke-width=\"3\"><title>{Encode($"{spec.MarkerLabel}, {spec.Categories[c]}: {spec.Format(marker, culture)}")}</title></line>\n");
            }

            var labelX = x0 + groupWidth * 0.35;
            var labelY = height - bottom + 16;
            if (slanted)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{new Tenths(labelX)}\" y=\"{labelY}\" text-anchor=\"end\" transform=\"rotate(-30 {new Tenths(labelX)} {labelY})\">{Encode(spec.Categories[c])}</text>\n");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{new Tenths(labelX)}\" y=\"{labelY}\" text-anchor=\"middle\">{Encode(spec.Categories[c])}</text>\n");
            }
        }

        if (spec.Line is { } line)
        {
            var y = Y(line);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"reference\" x1=\"{Left}\" y1=\"{new Tenths(y)}\" x2=\"{Width - Right}\" y2=\"{new Tenths(y)}\" stroke=\"{LineColour}\" stroke-dasharray=\"6 4\" stroke-width=\"2\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{new Tenths(y - 5)}\" text-anchor=\"end\" fill=\"{LineColour}\">{Encode($"{spec.LineLabel}: {spec.Format(line, culture)}")}</text>\n");
        }

        var legendX = (double)Left;
        var legend = spec.Series.Select((s, i) => (s, Colours[i % Colours.Length])).ToList();
        if (spec.Markers.Count > 0 && spec.MarkerLabel is { } markerLabel)
        {
            legend.Add((markerLabel, LineColour));
        }

        foreach (var (name, colour) in legend)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{new Tenths(legendX)}\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{new Tenths(legendX + 16)}\" y=\"{height - 8}\">{Encode(name)}</text>\n");
            legendX += 24 + name.Length * 7;
        }

        svg.Append(CultureInfo.InvariantCulture, $"</svg>\n<figcaption><strong>{Encode(spec.Title)}</strong> ({Encode(spec.AxisLabel)}). {Encode(spec.Reading)}</figcaption>\n</figure>\n");
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
