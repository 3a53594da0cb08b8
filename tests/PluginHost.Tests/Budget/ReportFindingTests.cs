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

    /// <summary>
    /// The report's 30 % chart (LEAP Innovations / Afton Partners, Sustaining Innovation &amp; Preparing for Scale, 2018):
    /// rise in students per instructional staff, and the same with restricted paraprofessionals left out.
    /// </summary>
    [Theory]
    [InlineData("school-a", 5, 6)]
    [InlineData("school-b", 20, 28)]
    [InlineData("school-c", 11, 12)]
    [InlineData("school-d", 22, 22)]
    [InlineData("school-e", 14, 16)]
    [InlineData("school-f", 8, 8)]
    public void At_a_30_percent_cut_each_demo_school_is_within_3_points_of_the_report_s_chart(string school, int instructional, int withoutParas)
    {
        var ratios = _demo.ResultJson(school).GetProperty("scenarios").EnumerateArray().Single(x => x.GetProperty("reductionPercent").GetInt32() == 30).GetProperty("ratios");

        Assert.InRange(ratios.GetProperty("studentsPerInstructionalStaff").GetProperty("changePercent").GetDecimal(), instructional - 3m, instructional + 3m);
        Assert.InRange(ratios.GetProperty("studentsPerInstructionalStaffExcludingRestrictedParas").GetProperty("changePercent").GetDecimal(), withoutParas - 3m, withoutParas + 3m);
    }

    [Fact]
    public void At_a_30_percent_cut_A_gives_up_a_design_element_while_C_and_F_keep_every_one()
    {
        static int Hit(System.Text.Json.JsonElement result) =>
            result.GetProperty("scenarios").EnumerateArray().Single(x => x.GetProperty("reductionPercent").GetInt32() == 30).GetProperty("designElementsImpacted").GetArrayLength();

        Assert.True(Hit(_demo.ResultJson("school-a")) > 0);
        Assert.Equal(0, Hit(_demo.ResultJson("school-c")));
        Assert.Equal(0, Hit(_demo.ResultJson("school-f")));
    }

    [Fact]
    public void Administration_and_non_personnel_go_first_and_only_the_one_school_that_asks_cuts_teachers_before_support_staff()
    {
        foreach (var school in Schools)
        {
            var order = _demo.ResultJson(school).GetProperty("cutOrder").EnumerateArray().Select(c => c.GetProperty("category").GetString()).ToList();
            Assert.Equal(["administrative", "non-personnel"], order.Take(2));
            var teachersBeforeSupport = order.IndexOf("teaching") < order.IndexOf("instructional-support");
            Assert.Equal(school == "school-c", teachersBeforeSupport);
        }
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
