using System.Globalization;
using PluginHost.Evaluation;

namespace PluginHost.Memos;

/// <summary>The charts a school memo asks for, built from the result so the numbers match the tables exactly.</summary>
internal static class MemoCharts
{
    public static IReadOnlyDictionary<string, string> For(SchoolResult result)
    {
        var labels = result.Scenarios.Select(s => $"{s.ReductionPercent.ToString(CultureInfo.InvariantCulture)} % cut").ToList();
        var charts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ratios"] = new ChartSpec(
                "ratios",
                "Students per instructional staff, before and after each cut",
                "students per FTE",
                labels,
                ["Before", "After"],
                [
                    result.Scenarios.Select(s => s.Ratios.StudentsPerInstructionalStaff.Before).ToList(),
                    result.Scenarios.Select(s => s.Ratios.StudentsPerInstructionalStaff.After).ToList(),
                ]).ToJson(),
            ["surplus"] = new ChartSpec(
                "surplus",
                "Surplus or deficit by year, baseline and each cut",
                "dollars (thousands)",
                result.BaselinePlan.Years.Select(y => $"FY{y.FiscalYear.ToString(CultureInfo.InvariantCulture)}").ToList(),
                ["Baseline", .. labels],
                [
                    result.BaselinePlan.Years.Select(y => (decimal?)Math.Round(y.Surplus / 1000m, 0)).ToList(),
                    .. result.Scenarios.Select(s => (IReadOnlyList<decimal?>)s.FiveYearPlan.Years.Select(y => (decimal?)Math.Round(y.Surplus / 1000m, 0)).ToList()),
                ]).ToJson(),
            ["startup"] = new ChartSpec(
                "startup",
                "Start-up funds by use against the report's averages",
                "% of start-up funds",
                result.Startup.Shares.Select(s => s.Label).ToList(),
                ["This school", "Report average"],
                [
                    result.Startup.Shares.Select(s => (decimal?)Math.Round(s.Share * 100m, 1)).ToList(),
                    result.Startup.Shares.Select(s => (decimal?)Math.Round(s.ReportAverage * 100m, 1)).ToList(),
                ]).ToJson(),
        };
        return charts;
    }
}
