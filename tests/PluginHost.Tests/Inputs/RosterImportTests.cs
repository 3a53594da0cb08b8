using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Inputs;

/// <summary>import roster: profiles from a position roster and enrollment, checked against a hand computation.</summary>
public sealed class RosterImportTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepositoryRoot, "samples", "roster", file);

    private static CliResult Import(TempDir temp, string roster, params string[] extra) =>
        CliRunner.Run(temp.Path, ["import", "roster", roster, "--enrollment", Sample("enrollment.csv"), "--mapping", Sample("mapping.json"), "--out", temp.Combine("profiles"), .. extra]);

    [Fact]
    public void Imported_profiles_give_the_ratios_worked_by_hand_and_list_unmapped_titles()
    {
        using var temp = new TempDir();
        var import = Import(temp, Sample("roster.csv"), "--attributes", Sample("attributes.csv"));
        var district = CliRunner.Run(temp.Path, "district", temp.Combine("profiles"), "--out", temp.Combine("out"), "--format", "md,json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            "wrote profiles/school-610001.json\nwrote profiles/school-610002.json\n" +
            "unmapped job titles (add a pattern to the mapping to include them):\n" +
            "  Security Officer (code 5100): 2.0 FTE in 2 schools\n" +
            "  Lunchroom Manager (code 6100): 0.5 FTE in 1 school\n" +
            "2 profiles written, 2.5 FTE unmapped",
            import.Stdout.Trim());
        Assert.True(district.ExitCode == 0, district.ToString());

        // North Park: 110 students. Teachers present: three regular (the fourth is vacant), one teacher leader and a
        // half-time teacher = 4.5 FTE -> 24.44. Add the restricted para and the tutor = 6.5 -> 16.92; without the
        // restricted para 5.5 -> 20.0. No funding figures: general funding = the general-funded positions, vacant
        // one included: 188,000 + 157,000 + 73,000 + 4 × 105,000 + 113,000 + 52,500 + 41,000 = 1,044,500.
        var northPark = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "610001", "result.json"))).RootElement;
        var ratios = northPark.GetProperty("ratiosBefore");
        Assert.Equal(24.44m, ratios.GetProperty("studentsPerTeacher").GetDecimal());
        Assert.Equal(16.92m, ratios.GetProperty("studentsPerInstructionalStaff").GetDecimal());
        Assert.Equal(20.0m, ratios.GetProperty("studentsPerInstructionalStaffExcludingRestrictedParas").GetDecimal());
        Assert.Equal(1_044_500m, northPark.GetProperty("school").GetProperty("generalFunding").GetDecimal());
        Assert.True(northPark.GetProperty("school").GetProperty("balancedBudgetAssumed").GetBoolean());
        Assert.Contains("> **Balanced-budget assumption.**", File.ReadAllText(temp.Combine("out", "610001", "memo.md")), StringComparison.Ordinal);

        // Lakeview: 96 students, two regular teachers and a co-teacher = 3 -> 32.0; two residents and a para = 6 -> 16.0;
        // without the para 5 -> 19.2. Its funding and grant come from the attributes file, so no assumption is made.
        var lakeview = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "610002", "result.json"))).RootElement;
        Assert.Equal(32.0m, lakeview.GetProperty("ratiosBefore").GetProperty("studentsPerTeacher").GetDecimal());
        Assert.Equal(16.0m, lakeview.GetProperty("ratiosBefore").GetProperty("studentsPerInstructionalStaff").GetDecimal());
        Assert.Equal(19.2m, lakeview.GetProperty("ratiosBefore").GetProperty("studentsPerInstructionalStaffExcludingRestrictedParas").GetDecimal());
        Assert.False(lakeview.GetProperty("school").GetProperty("balancedBudgetAssumed").GetBoolean());
        Assert.Equal(620_000m, lakeview.GetProperty("school").GetProperty("generalFunding").GetDecimal());
        Assert.Equal(["multi-age-co-teaching"], lakeview.GetProperty("school").GetProperty("archetypes").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void A_bad_row_is_reported_with_its_line_and_column_and_the_rest_is_imported()
    {
        using var temp = new TempDir();
        var roster = temp.Combine("roster.csv");
        File.WriteAllLines(roster, File.ReadAllLines(Sample("roster.csv")).Select(l => l.StartsWith("P1011", StringComparison.Ordinal) ? l.Replace(",1.0,", ",one,", StringComparison.Ordinal) : l));

        var result = Import(temp, roster);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("roster.csv(12,4): error PH1006: FTE: 'one' is not a number of zero or more; the row was skipped", result.Stderr.Trim());
        Assert.Contains("2 profiles written", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_names_the_column_and_the_header_found()
    {
        using var temp = new TempDir();
        var roster = temp.Combine("roster.csv");
        File.WriteAllLines(roster, File.ReadAllLines(Sample("roster.csv")).Select((l, i) => i == 0 ? l.Replace("Annual Salary", "Salary", StringComparison.Ordinal) : l));

        var result = Import(temp, roster);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "roster.csv(1,1): error PH1006: column 'Annual Salary' not found; the header has 'Position Number', 'Dept ID', 'Department', 'FTE', 'Salary', 'Annual Benefit Cost', 'Job Code', 'Job Title', 'Vacant'; fix the file or the column names in the mapping",
            result.Stderr.Trim());
        Assert.Contains("0 profiles written", result.Stdout, StringComparison.Ordinal);
    }
}
