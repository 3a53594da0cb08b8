using System.Text.Json;
using System.Text.RegularExpressions;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Impact;

/// <summary>impact: the district as is and with a change, compared school by school.</summary>
public sealed partial class ImpactTests
{
    [Fact]
    public void Putting_leadership_pay_on_the_schedule_lifts_exactly_the_compensation_blockers_of_the_team_teaching_schools()
    {
        using var temp = new TempDir();
        var run = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district", "--set", "compensation.leadershipPayOnSchedule=true", "--out", temp.Combine("out"));
        Assert.True(run.ExitCode == 0, run.ToString());

        var teamTeaching = Directory.EnumerateFiles(TestPaths.DemoDistrict, "school-*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(p => p.GetProperty("archetypes").EnumerateArray().Any(a => a.GetString() == "team-teaching"))
            .Select(p => p.GetProperty("name").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["School C", "School F"], teamTeaching);

        var report = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "impact.json"))).RootElement;
        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray());
        Assert.Equal("TeacherLeaderPayNotOnSchedule", finding.GetProperty("ruleId").GetString());
        Assert.Equal(teamTeaching, finding.GetProperty("removedAt").EnumerateArray().Select(s => s.GetString()!));
        Assert.Empty(finding.GetProperty("addedAt").EnumerateArray());
        Assert.Equal(0, report.GetProperty("schoolsWithCutChanges").GetInt32());
        Assert.All(report.GetProperty("verdicts").EnumerateArray(), v =>
        {
            Assert.Equal(0, v.GetProperty("becameAtRisk").GetInt32());
            Assert.Equal(0, v.GetProperty("noLongerAtRisk").GetInt32());
        });
        foreach (var school in report.GetProperty("schools").EnumerateArray())
        {
            Assert.Equal(["TeacherLeaderPayNotOnSchedule"], school.GetProperty("blockersRemoved").EnumerateArray().Select(b => b.GetProperty("ruleId").GetString()));
            foreach (var unchanged in new[] { "blockersAdded", "flagsAdded", "flagsRemoved", "verdicts", "cuts", "recommendationsAdded" })
            {
                Assert.Empty(school.GetProperty(unchanged).EnumerateArray());
            }
        }

        Assert.Contains("It removes the compensation blocker at 2 schools (School C and School F), where $120K a year is at stake.", run.Stdout, StringComparison.Ordinal);
        Golden.AssertMatches("impact/leadership-pay.impact.md", Hashes().Replace(File.ReadAllText(temp.Combine("out", "impact.md")), "`<hash>`"));
        Assert.Equal(5, File.ReadAllLines(temp.Combine("out", "impact.csv")).Length);
    }

    [Fact]
    public void A_setting_the_policy_already_has_is_named_as_changing_nothing()
    {
        using var temp = new TempDir();
        var run = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district", "--set", "procurement.nonStandardAllowed=true", "--out", temp.Combine("out"));
        Assert.True(run.ExitCode == 0, run.ToString());

        const string Change = "The change: non-standard purchases allowed (procurement.nonStandardAllowed) left at yes, which the policy already has.";
        Assert.Contains(Change, run.Stdout, StringComparison.Ordinal);
        var markdown = File.ReadAllText(temp.Combine("out", "impact.md"));
        Assert.Contains(Change, markdown, StringComparison.Ordinal);
        // With no school changed, the sentence saying so is still a paragraph of its own before the appendix.
        Assert.Contains("at all 7 schools compared.\n\n## Appendix: what was compared", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tighter_ratio_ceiling_does_not_read_as_making_schools_safer()
    {
        // From 20 to 18: School G is over 18 before any cut, so a cut is no longer what puts it over the ceiling and its
        // verdict drops out of "at risk". The headline said "1 school is no longer at risk", as if the change helped.
        using var temp = new TempDir();
        var run = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district", "--set", "studentsPerTeacherCeiling=18", "--out", temp.Combine("out"));
        Assert.True(run.ExitCode == 0, run.ToString());

        Assert.Contains("At a 20 % cut 1 school is no longer counted at risk, only because it now starts above the ceiling, before any cut (3 → 2 of 7 at risk)", run.Stdout, StringComparison.Ordinal);
        var verdict = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "impact.json"))).RootElement.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("reductionPercent").GetInt32() == 20);
        Assert.Equal((1, 1), (verdict.GetProperty("noLongerAtRisk").GetInt32(), verdict.GetProperty("nowAboveBeforeCut").GetInt32()));
        var markdown = File.ReadAllText(temp.Combine("out", "impact.md"));
        Assert.Contains("| 20 % | 3 of 7 | 2 of 7 | 0 | 1 (1 now above the ceiling before any cut) |", markdown, StringComparison.Ordinal);
        Assert.Contains("→ not at risk, but above the ceiling before any cut.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_blockers_of_one_policy_area_are_told_apart_by_what_each_stops()
    {
        // Once "It removes the procurement blocker at 4 schools (...) and removes the procurement blocker at 2 schools (...)",
        // and two table rows both "Procurement blocker": the district's rule and the grading plugin's read as one.
        using var temp = new TempDir();
        var run = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district", "--set", "procurement.approvalDays=30", "--out", temp.Combine("out"));
        Assert.True(run.ExitCode == 0, run.ToString());

        Assert.Contains("It removes the procurement blocker at 4 schools (School A, School B, School D and School E), where $155K a year is at stake and "
            + "removes the procurement blocker that stops the standards-based grading system at 2 schools (School B and School E), where $97K a year is at stake.", run.Stdout, StringComparison.Ordinal);
        var markdown = File.ReadAllText(temp.Combine("out", "impact.md"));
        Assert.Contains("| Procurement blocker | School A, School B, School D, School E | none | $155K |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Procurement blocker: stops standards-based grading system | School B, School E | none | $97K |", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Blocker lifted (Procurement: stops standards-based grading system):** Proficiency-reporting software is outside the standard catalog", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Blocker lifted (Procurement):** Non-standard purchases (2: standards-based grading software", markdown, StringComparison.Ordinal);
        var findings = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "impact.json"))).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString(), f.GetProperty("stops").GetString())).ToList();
        Assert.Equal([("NonStandardPurchasesSlowed", null), ("GradingSoftwareProcurementSlow", "standards-based-grading-system")], findings);

        // A blocker alone in its area is named as before, with nothing added.
        var alone = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district", "--set", "compensation.leadershipPayOnSchedule=true", "--out", temp.Combine("alone"));
        Assert.Contains("It removes the compensation blocker at 2 schools (School C and School F), where $120K a year is at stake.", alone.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_editors_preview_names_each_blocker_of_a_school_by_what_it_stops()
    {
        // School B loses both procurement blockers: the preview's line once read "blocker lifted: Procurement; blocker lifted: Procurement".
        static PluginHost.Evaluation.ImpactFinding Lifted(string rule, string? element) => new(rule, "procurement", "…", [], null, 1000m, element);
        var school = new PluginHost.Evaluation.SchoolImpact("school-b", "School B", [], [], [Lifted("NonStandardPurchasesSlowed", null), Lifted("GradingSoftwareProcurementSlow", "standards-based-grading-system")],
            [], [], [], [], [], []);
        var side = new PluginHost.Evaluation.ImpactSide("hash", "policy", null);
        var report = PluginHost.Evaluation.ImpactComparer.Summarise(new("set", "days to approve a purchase set from 90 to 30", [], null, null), side, side, [], 1, [], []) with { Schools = [school] };

        var view = PluginHost.Serve.RuleViews.Check("NonStandardPurchasesSlowed", new PluginHost.Serve.RuleCheck([], null, null), report, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("School B: blocker lifted: Procurement; blocker lifted: Procurement: stops standards-based grading system", Assert.Single(view.Schools));
    }

    [Fact]
    public void A_school_whose_profile_is_copied_is_compared_once_and_the_copy_named()
    {
        // Once compared twice: 8 schools and 7,600 students, School A's blockers counted at two schools.
        using var temp = new TempDir();
        foreach (var file in Directory.EnumerateFiles(TestPaths.DemoDistrict, "*.json"))
        {
            File.Copy(file, temp.Combine(Path.GetFileName(file)));
        }

        File.Copy(temp.Combine("school-a.json"), temp.Combine("school-a-old.json"));
        var run = CliRunner.Run(temp.Path, "impact", ".", "--set", "procurement.approvalDays=30", "--out", "out");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Compared: 7 schools (6,800 students); 1 school could not be evaluated and is named below.", run.Stdout, StringComparison.Ordinal);
        var failure = Assert.Single(JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "impact.json"))).RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal(("school-a.json", "id: 'school-a' is also the id of school-a-old.json, which comes first; ids must be unique in a district, so this profile was not compared"),
            (failure.GetProperty("file").GetString(), failure.GetProperty("message").GetString()));
    }

    [Fact]
    public void A_setting_on_the_neutral_policy_of_a_folder_with_no_policy_file_is_applied()
    {
        // Once refused whatever was set: "--set: studentsPerTeacherCeiling: null has the wrong type; expected number".
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("district"));
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "school-d.json"), temp.Combine("district", "school-d.json"));

        var run = CliRunner.Run(temp.Path, "impact", "district", "--set", "procurement.nonStandardAllowed=false", "--out", temp.Combine("out"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("The change: non-standard purchases allowed (procurement.nonStandardAllowed) set from yes to no.", run.Stdout, StringComparison.Ordinal);
        // School D buys a non-standard platform: refusing such purchases adds the procurement blocker there.
        var added = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "impact.json"))).RootElement.GetProperty("schools")[0].GetProperty("blockersAdded");
        Assert.Equal(["NonStandardPurchasesSlowed"], added.EnumerateArray().Select(b => b.GetProperty("ruleId").GetString()));
    }

    [Fact]
    public void A_tightened_threshold_lists_exactly_the_schools_whose_flags_differ_between_two_independent_district_runs()
    {
        using var temp = new TempDir();
        var tight = temp.Combine("tight-rules");
        TempDir.Copy(TestPaths.Rules, tight);
        var flags = Path.Combine(tight, "sustainability-flags.json");
        File.WriteAllText(flags, File.ReadAllText(flags).Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.015", StringComparison.Ordinal));

        Assert.Equal(0, CliRunner.Run(temp.Path, "district", TestPaths.DemoDistrict, "--format", "json", "--out", temp.Combine("as-is")).ExitCode);
        Assert.Equal(0, CliRunner.Run(temp.Path, "--rules", tight, "district", TestPaths.DemoDistrict, "--format", "json", "--out", temp.Combine("tightened")).ExitCode);
        var expected = new SortedDictionary<string, (string[] Added, string[] Removed)>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(temp.Combine("as-is")))
        {
            var id = Path.GetFileName(folder);
            var before = FlagIds(Path.Combine(folder, "result.json"));
            var after = FlagIds(temp.Combine("tightened", id, "result.json"));
            if (!before.SequenceEqual(after))
            {
                var name = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json"))).RootElement.GetProperty("school").GetProperty("name").GetString()!;
                expected[name] = (after.Except(before).ToArray(), before.Except(after).ToArray());
            }
        }

        Assert.NotEmpty(expected);
        var run = CliRunner.Run(temp.Path, "--rules", tight, "impact", TestPaths.DemoDistrict, "--format", "json", "--out", temp.Combine("impact"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = JsonDocument.Parse(File.ReadAllText(temp.Combine("impact", "impact.json"))).RootElement;
        var actual = report.GetProperty("schools").EnumerateArray()
            .Where(s => s.GetProperty("flagsAdded").GetArrayLength() + s.GetProperty("flagsRemoved").GetArrayLength() > 0)
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => (
                Added: s.GetProperty("flagsAdded").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()!).Order(StringComparer.Ordinal).ToArray(),
                Removed: s.GetProperty("flagsRemoved").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()!).Order(StringComparer.Ordinal).ToArray()));
        Assert.Equal(expected.Keys, actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, change) in expected)
        {
            Assert.Equal(change.Added, actual[name].Added);
            Assert.Equal(change.Removed, actual[name].Removed);
        }

        Assert.NotEqual(report.GetProperty("before").GetProperty("ruleSetHash").GetString(), report.GetProperty("after").GetProperty("ruleSetHash").GetString());
    }

    [Fact]
    public void A_bad_set_is_a_PH1007_naming_the_valid_fields_or_the_value_the_schema_refuses_all_at_once()
    {
        using var temp = new TempDir();
        var run = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district", "--out", temp.Combine("out"),
            "--set", "compensation.leadershipPay=true", "--set", "studentsPerTeacherCeiling=-3", "--set", "seatTime.required=maybe", "--set", "grading");
        Assert.Equal(1, run.ExitCode);
        Assert.False(Directory.Exists(temp.Combine("out")), "nothing is written for a change that is refused");
        Golden.AssertMatches("impact/bad-set.stderr.txt", run.Stderr);

        var none = CliRunner.Run(TestPaths.RepositoryRoot, "impact", "samples/demo-district");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("error PH5001: impact: name the change: --set NAME=VALUE", none.Stderr, StringComparison.Ordinal);
    }

    private static string[] FlagIds(string result) =>
        JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex("`[0-9a-f]{12}`")]
    private static partial Regex Hashes();
}
