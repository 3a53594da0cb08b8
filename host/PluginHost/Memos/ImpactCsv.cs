using System.Globalization;
using CsvHelper;
using PluginHost.Evaluation;
using PluginHost.Io;

namespace PluginHost.Memos;

/// <summary>
/// impact.csv: one row per change at a school (a blocker or flag that goes or comes, a verdict or a cut that moves, a
/// recommendation that appears or goes), so a spreadsheet can filter and pivot it. Schools with no change have no row.
/// </summary>
internal static class ImpactCsv
{
    public static string Write(string path, ImpactReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, Injection = CsvInjection.Escape, NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(["school_id", "school_name", "change", "reduction_percent", "what", "before", "after", "dollars_before", "dollars_after"]);
            foreach (var s in report.Schools)
            {
                void Row(string change, int? cut, string what, string before, string after, decimal? dollarsBefore = null, decimal? dollarsAfter = null) =>
                    csv.WriteRecord([s.Id, s.Name, change, cut?.ToString(CultureInfo.InvariantCulture) ?? "", what, before, after, Amount(dollarsBefore), Amount(dollarsAfter)]);

                foreach (var b in s.BlockersRemoved)
                {
                    Row("blocker_removed", null, b.RuleId, "fires", "does not fire", b.Value, null);
                }

                foreach (var b in s.BlockersAdded)
                {
                    Row("blocker_added", null, b.RuleId, "does not fire", "fires", null, b.Value);
                }

                foreach (var f in s.FlagsRemoved)
                {
                    Row("flag_removed", null, f.RuleId, "raised", "not raised");
                }

                foreach (var f in s.FlagsAdded)
                {
                    Row("flag_added", null, f.RuleId, "not raised", "raised");
                }

                foreach (var v in s.Verdicts)
                {
                    Row("verdict", v.ReductionPercent, "at risk", Verdict(v.Before, v.ReasonsBefore), Verdict(v.After, v.ReasonsAfter));
                }

                foreach (var c in s.Cuts)
                {
                    Row("cuts", c.ReductionPercent, "FTE cut", c.FteBefore.ToString("0.##", CultureInfo.InvariantCulture), c.FteAfter.ToString("0.##", CultureInfo.InvariantCulture), c.DollarsBefore, c.DollarsAfter);
                    foreach (var item in c.ItemsRemoved)
                    {
                        Row("cut_item_removed", c.ReductionPercent, item, "cut", "kept");
                    }

                    foreach (var item in c.ItemsAdded)
                    {
                        Row("cut_item_added", c.ReductionPercent, item, "kept", "cut");
                    }
                }

                foreach (var r in s.RecommendationsRemoved)
                {
                    Row("recommendation_removed", null, r, "made", "not made");
                }

                foreach (var r in s.RecommendationsAdded)
                {
                    Row("recommendation_added", null, r, "not made", "made");
                }
            }
        }

        AtomicFile.Write(path, text.ToString());
        return path;
    }

    private static string Amount(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Verdict(bool atRisk, IReadOnlyList<string> reasons) => atRisk ? $"at risk ({string.Join("; ", reasons)})" : "not at risk";
}
