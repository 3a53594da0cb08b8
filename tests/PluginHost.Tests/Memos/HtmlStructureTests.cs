using System.Xml.Linq;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>The HTML memos are accessible documents: ordered headings, tables with header cells, charts with titles.</summary>
[Collection(DemoRunGroup.Name)]
public sealed class HtmlStructureTests
{
    private readonly DemoRun _demo;

    public HtmlStructureTests(DemoRun demo)
    {
        _demo = demo;
    }

    public static TheoryData<string> Documents => new() { "school-a/memo.html", "school-c/memo.html", "school-g/memo.html", "summary.html" };

    private IHtmlDocument Parse(string document) => new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(_demo.Out, document)));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Headings_start_at_one_and_never_skip_a_level(string document)
    {
        var levels = Parse(document).QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => int.Parse(h.LocalName[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(1, levels[0]);
        Assert.Equal(1, levels.Count(l => l == 1));
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} is followed by h{pair.Second}"));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_table_has_header_cells_and_rows_as_wide_as_its_header(string document)
    {
        var tables = Parse(document).QuerySelectorAll("table").ToList();

        Assert.NotEmpty(tables);
        Assert.All(tables, AssertRowsAsWideAsHeader);
    }

    internal static void AssertRowsAsWideAsHeader(AngleSharp.Dom.IElement table)
    {
        var header = table.QuerySelectorAll("thead th").Length;
        Assert.True(header > 0);
        Assert.All(table.QuerySelectorAll("tbody tr"), row => Assert.Equal(header, row.QuerySelectorAll("td").Length));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_chart_is_well_formed_svg_with_a_title_and_a_text_alternative(string document)
    {
        var charts = Parse(document).QuerySelectorAll("figure.chart").ToList();

        Assert.NotEmpty(charts);
        Assert.All(charts, figure =>
        {
            var svg = figure.QuerySelector("svg")!;
            var xml = XDocument.Parse(svg.OuterHtml);
            XNamespace ns = "http://www.w3.org/2000/svg";
            var title = xml.Root!.Element(ns + "title");
            Assert.NotNull(title);
            Assert.False(string.IsNullOrWhiteSpace(title!.Value));
            Assert.Equal("img", svg.GetAttribute("role"));
            Assert.Equal($"{title.Attribute("id")!.Value} {xml.Root.Element(ns + "desc")!.Attribute("id")!.Value}", svg.GetAttribute("aria-labelledby"));
            Assert.False(string.IsNullOrWhiteSpace(figure.QuerySelector("figcaption")?.TextContent));

            // What a reader sees, not only what a screen reader hears: a visible title and a y-axis label with its unit.
            Assert.Equal(title.Value, figure.QuerySelector("svg text.chart-title")?.TextContent);
            Assert.False(string.IsNullOrWhiteSpace(figure.QuerySelector("svg text.axis-label")?.TextContent));
            Assert.StartsWith(title.Value, figure.QuerySelector("figcaption strong")?.TextContent ?? "", StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_school_memo_draws_its_four_charts_with_the_cut_target_and_the_before_line_and_carries_the_illustrative_data_note()
    {
        var document = Parse("school-c/memo.html");

        Assert.Equal(
            ["Uses of start-up funds against the report's averages", "Surplus or deficit each year with no cut", "What each cut must find, and what the cut order finds", "Students per instructional staff after each cut"],
            document.QuerySelectorAll("svg > title").Select(t => t.TextContent));
        Assert.Equal(3, document.QuerySelectorAll("#chart-cuts line.marker").Length);
        Assert.Single(document.QuerySelectorAll("#chart-ratios line.reference"));
        Assert.Contains("Illustrative data.", document.QuerySelector("blockquote")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(document.QuerySelectorAll("pre code"));
        Assert.Contains("@media print", document.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
    }
    /// <summary>
    /// A slanted category label reaches down half its length (7 px a character at 12 px is generous); it must end above
    /// the legend, or a board member reads the two run together (a 41-character label did, before the room grew with it).
    /// </summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Slanted_chart_labels_end_above_the_legend(string document)
    {
        foreach (var svg in Parse(document).QuerySelectorAll("figure.chart svg"))
        {
            var legendTop = svg.Children.Where(e => e.LocalName == "rect" && e.GetAttribute("width") == "12").Select(e => double.Parse(e.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(double.MaxValue).Min();
            foreach (var label in svg.Children.Where(e => e.LocalName == "text" && (e.GetAttribute("transform") ?? "").StartsWith("rotate(-30", StringComparison.Ordinal)))
            {
                var y = double.Parse(label.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
                var lowest = y + label.TextContent.Length * 7 * 0.5;
                Assert.True(lowest < legendTop, $"{document}: '{label.TextContent}' reaches y {lowest}, the legend starts at {legendTop}");
            }
        }
    }
}
