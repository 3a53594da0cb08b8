using PluginHost.Tests.Support;

namespace PluginHost.Tests.Budget;

/// <summary>The report's findings, stated on the demo district.</summary>
[Collection(DemoRunGroup.Name)]
public sealed class ReportFindingTests
{
    private static readonly string[] Schools = ["school-a", "school-b", "school-c", "school-d", "school-e", "school-f", "school-g"];
    private readonly DemoRun _demo;

    public ReportFindingTests(DemoRun demo)
    {
        _demo = demo;
    }

    [Fact]
    public void At_a_30_percent_cut_the_multi_age_schools_hold_students_per_instructional_staff_best_among_schools_that_cut_no_design_element()
    {
        var atThirty = Schools.ToDictionary(s => s, s => _demo.ResultJson(s).GetProperty("scenarios").EnumerateArray().Single(x => x.GetProperty("reductionPercent").GetInt32() == 30));
        var intact = atThirty.Where(kv => kv.Value.GetProperty("designElementsImpacted").GetArrayLength() == 0)
            .OrderBy(kv => kv.Value.GetProperty("ratios").GetProperty("studentsPerInstructionalStaff").GetProperty("changePercent").GetDecimal())
            .Select(kv => kv.Key)
            .ToList();

        Assert.Contains("school-g", intact);
        Assert.Equal(["school-c", "school-f"], intact.Take(2).Order().ToList());
        Assert.Contains(atThirty["school-a"].GetProperty("designElementsImpacted").EnumerateArray(), e => e.GetString() == "extended-learning-time");
    }

    [Fact]
    public void Demo_schools_start_where_the_report_s_schools_started()
    {
        var ab = Schools.Take(6).Select(s => _demo.ResultJson(s)).ToList();
        var perTeacher = ab.Select(r => r.GetProperty("ratiosBefore").GetProperty("studentsPerTeacher").GetDecimal()).ToList();
        var perInstructional = ab.Select(r => r.GetProperty("ratiosBefore").GetProperty("studentsPerInstructionalStaff").GetDecimal()).ToList();
        var startup = ab.Select(r => r.GetProperty("startup")).ToList();

        Assert.Equal(5, perTeacher.Count(r => r < 19.0m));
        Assert.All(perInstructional, r => Assert.True(r < 16.0m));
        Assert.Equal([780_000m, 568_000m, 513_000m, 387_000m, 345_000m, 338_000m], startup.Select(s => s.GetProperty("total").GetDecimal()));
        Assert.All(startup, s => Assert.InRange(s.GetProperty("perPupil").GetDecimal(), 233m, 1_135m));
        Assert.All(startup, s => Assert.True(s.GetProperty("shareOfPerPupilFunding").GetDecimal() <= 0.07m));
        Assert.All(startup, s => Assert.InRange(s.GetProperty("grantShareOfBudget").GetDecimal(), 0.034m, 0.056m));
        Assert.Equal(0m, _demo.ResultJson("school-g").GetProperty("startup").GetProperty("total").GetDecimal());
    }
}
