using System.Globalization;
using System.Text.RegularExpressions;
using PluginHost.Evaluation;
using PluginHost.Formatting;

namespace PluginHost.Memos;

/// <summary>The charts a school memo asks for, built from the result so the numbers match the tables exactly.</summary>
internal static class MemoCharts
{
    public static IReadOnlyDictionary<string, ChartSpec> For(SchoolResult result, CultureInfo culture)
    {
        var labels = result.Scenarios.Select(s => $"{s.ReductionPercent.ToString(CultureInfo.InvariantCulture)} % cut").ToList();
        var before = result.RatiosBefore.StudentsPerInstructionalStaff;
        var deepest = result.Scenarios.Count == 0 ? null : result.Scenarios[^1];
        var years = result.BaselinePlan.Years;
        var shares = result.Startup.Shares.OrderByDescending(s => s.Share).ToList();
        return new Dictionary<string, ChartSpec>(StringComparer.Ordinal)
        {
            ["ratios"] = new ChartSpec("ratios", "Students per instructional staff after each cut", "students per instructional FTE", ChartValues.Ratio,
                labels, ["After the cut"], [result.Scenarios.Select(s => s.Ratios.StudentsPerInstructionalStaff.After).ToList()])
            {
                Line = before,
                LineLabel = "Before any cut",
                Reading = deepest is null ? "No cut was modelled."
                    : deepest.Ratios.StudentsPerInstructionalStaff.After is not { } after ? $"At a {deepest.ReductionPercent} % cut no instructional staff are left."
                    : $"Students per instructional staff go from {Ratio(before, culture)} before any cut to {Formats.Ratio(after, culture)} at a {deepest.ReductionPercent} % cut ({Signed(deepest.Ratios.StudentsPerInstructionalStaff.ChangePercent, culture)}).",
            },
            ["cuts"] = new ChartSpec("cuts", "What each cut must find, and what the cut order finds", "dollars a year", ChartValues.Money,
                labels, ["Found by the cut order"], [result.Scenarios.Select(s => (decimal?)s.Achieved).ToList()])
            {
                Markers = result.Scenarios.Select(s => (decimal?)s.Target).ToList(),
                MarkerLabel = "Target",
                Reading = result.Scenarios.FirstOrDefault(s => s.Shortfall > 0m) is { } firstShort
                    ? $"From a {firstShort.ReductionPercent} % cut the cut order cannot find the target: it falls {Formats.Money(firstShort.Shortfall, culture)} short."
                    : "At every depth the cut order finds the whole target.",
            },
            ["surplus"] = new ChartSpec("surplus", "Surplus or deficit each year with no cut", "dollars", ChartValues.Money,
                years.Select(y => $"FY{y.FiscalYear.ToString(CultureInfo.InvariantCulture)}").ToList(), ["No cut"], [years.Select(y => (decimal?)y.Surplus).ToList()])
            {
                Reading = years.Count == 0 ? "No five-year plan."
                    : result.BaselinePlan.FirstDeficitYear is { } deficit
                        ? $"With no cut at all, the plan runs a deficit from {YearWords.Of(deficit, result.School.FiscalYear)}; by FY{years[^1].FiscalYear.ToString(CultureInfo.InvariantCulture)} it is {Formats.Money(years[^1].Surplus, culture)}."
                        : $"With no cut, the plan stays in surplus all five years, at {Formats.Money(years[^1].Surplus, culture)} in FY{years[^1].FiscalYear.ToString(CultureInfo.InvariantCulture)}.",
            },
            ["startup"] = new ChartSpec("startup", "Uses of start-up funds against the report's averages", "% of start-up funds", ChartValues.Percent,
                result.Startup.Shares.Select(s => s.Label).ToList(), ["This school", "Report average"],
                [
                    result.Startup.Shares.Select(s => (decimal?)Math.Round(s.Share * 100m, 1)).ToList(),
                    result.Startup.Shares.Select(s => (decimal?)Math.Round(s.ReportAverage * 100m, 1)).ToList(),
                ])
            {
                Reading = shares.Count == 0 || result.Startup.Total == 0m ? "The school has no start-up funds on record."
                    : $"The largest use is {shares[0].Label.ToLowerInvariant()} at {Formats.Percent(shares[0].Share, culture)} of start-up funds; the report's schools averaged {Formats.Percent(shares[0].ReportAverage, culture)} on it.",
            },
        };
    }

    private static string Ratio(decimal? value, CultureInfo culture) => value is { } v ? Formats.Ratio(v, culture) : "no staff";

    private static string Signed(decimal? percent, CultureInfo culture) => percent is not { } p ? "no value" : (p > 0 ? "+" : "") + Formats.Pct(p, culture);
}

/// <summary>"the second year (FY2019)": a fiscal year as a board reads it, counted from the plan's first year.</summary>
internal static class YearWords
{
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth"];

    public static string Of(int fiscalYear, int firstYear)
    {
        var index = fiscalYear - firstYear;
        var fy = fiscalYear.ToString(CultureInfo.InvariantCulture);
        return index >= 0 && index < Ordinals.Length ? $"the {Ordinals[index]} year (FY{fy})" : $"FY{fy}";
    }
}

/// <summary>
/// Charts travel as data, never as text: a template writes a fenced <c>chart</c> block holding only the chart's
/// name. HTML draws it as SVG from the chart data; memo.md gets the chart's title, its reading and its values as a
/// table instead of the block.
/// </summary>
internal static partial class ChartBlocks
{
    public static string Fence(string id) => $"```chart\n{id}\n```";

    public static string ForMarkdown(string markdown, IReadOnlyDictionary<string, ChartSpec> charts, CultureInfo culture) =>
        Block().Replace(markdown, m => charts.TryGetValue(m.Groups[1].Value.Trim(), out var spec)
            ? spec.ToMarkdown(culture).TrimEnd('\n')
            : $"*Chart '{m.Groups[1].Value.Trim()}' is not available in this memo.*");

    [GeneratedRegex(@"^```chart\n(.*?)\n```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Block();
}
