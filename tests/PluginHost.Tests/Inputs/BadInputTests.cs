using System.Text.Json.Nodes;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Inputs;

/// <summary>Bad profiles get one clear PH1xxx error naming file, line and field, exit 1, and no output.</summary>
public sealed class BadInputTests
{
    private static CliResult PlanWith(TempDir temp, Action<JsonObject> change)
    {
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json")))!.AsObject();
        change(profile);
        var path = temp.Combine("school.json");
        File.WriteAllText(path, profile.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return CliRunner.Run(temp.Path, "plan", "school.json", "--out", temp.Combine("out"));
    }

    private static void AssertRefused(TempDir temp, CliResult result, string expectedStderr)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expectedStderr, result.Stderr.TrimEnd());
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_at_the_first_bad_byte_and_a_district_goes_on_past_it()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("district"));
        var good = File.ReadAllBytes(Path.Combine(TestPaths.DemoDistrict, "school-g.json"));
        File.WriteAllBytes(temp.Combine("district", "school-g.json"), good);

        // "Café" saved as Windows-1252 by a spreadsheet: 0xE9 starts no UTF-8 character. Once a stack trace, now PH1001.
        var text = System.Text.Encoding.UTF8.GetString(good);
        var nameAt = text.IndexOf("\"name\"", StringComparison.Ordinal);
        var bad = System.Text.Encoding.UTF8.GetBytes(text[..nameAt] + "\"name\": \"Caf").Concat(new byte[] { 0xE9 })
            .Concat(System.Text.Encoding.UTF8.GetBytes("\", \"unused\"" + text[(nameAt + 6)..])).ToArray();
        File.WriteAllBytes(temp.Combine("district", "school-x.json"), bad);

        var plan = CliRunner.Run(temp.Path, "plan", "district/school-x.json", "--out", temp.Combine("out"));
        AssertRefused(temp, plan, "district/school-x.json(4,15): error PH1001: the file is not valid UTF-8 text here (a byte that starts no character, or a character cut short); save the file as UTF-8, which most editors and spreadsheet exports offer");

        // The same byte in the $schema reference, which is read to tell a profile from other JSON: once a stack trace too.
        var schemaAt = text.IndexOf("school-profile", StringComparison.Ordinal);
        File.WriteAllBytes(temp.Combine("district", "school-y.json"), [.. good[..schemaAt], 0xE9, .. good[schemaAt..]]);
        var planY = CliRunner.Run(temp.Path, "plan", "district/school-y.json", "--out", temp.Combine("out"));
        AssertRefused(temp, planY, $"district/school-y.json(2,{schemaAt - text.IndexOf('\n', StringComparison.Ordinal)}): error PH1001: the file is not valid UTF-8 text here (a byte that starts no character, or a character cut short); save the file as UTF-8, which most editors and spreadsheet exports offer");

        var district = CliRunner.Run(temp.Path, "district", "district", "--out", temp.Combine("district-out"), "--format", "json");
        Assert.Equal(1, district.ExitCode);
        Assert.True(File.Exists(temp.Combine("district-out", "school-g", "result.json")));
        var failures = File.ReadAllText(temp.Combine("district-out", "failures.json"));
        Assert.Contains("school-x.json", failures, StringComparison.Ordinal);
        Assert.Contains("school-y.json", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("PH5005", failures, StringComparison.Ordinal);

        // Its students still count in coverage: the rest of the file reads.
        var students = JsonNode.Parse(good)!["enrollment"]!["students"]!.GetValue<int>();
        var entry = JsonNode.Parse(failures)!.AsArray().Single(f => f!["file"]!.GetValue<string>().EndsWith("school-y.json", StringComparison.Ordinal))!;
        Assert.Equal(("PH1001", students), (entry["code"]!.GetValue<string>(), entry["students"]!.GetValue<int>()));
    }

    [Fact]
    public void An_id_not_in_its_form_is_told_the_form_in_words_and_an_id_that_would_do()
    {
        // Once "id: 'School X' does not match the pattern ^[a-z0-9][a-z0-9-]*$", a regular expression for a finance office.
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["id"] = "School X (North)");
        Assert.EndsWith("error PH1002: id: 'School X (North)' is not in the form this field takes (Lower-case letters, digits and hyphens); for example 'school-x-north'", result.Stderr.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void A_byte_order_mark_is_read_past_and_an_empty_file_is_named_as_empty()
    {
        // Notepad's "UTF-8 with BOM": once "'0xEF' is an invalid start of a value". An empty file: once the reader's
        // "The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true".
        using var temp = new TempDir();
        var good = File.ReadAllBytes(Path.Combine(TestPaths.DemoDistrict, "school-g.json"));
        File.WriteAllBytes(temp.Combine("bom.json"), [0xEF, 0xBB, 0xBF, .. good]);
        var bom = CliRunner.Run(temp.Path, "plan", "bom.json", "--out", temp.Combine("bom-out"), "--format", "json");
        Assert.Equal(0, bom.ExitCode);
        Assert.Equal("School G", JsonNode.Parse(File.ReadAllText(temp.Combine("bom-out", "school-g", "result.json")))!["school"]!["name"]!.GetValue<string>());

        File.WriteAllText(temp.Combine("empty.json"), " \r\n");
        AssertRefused(temp, CliRunner.Run(temp.Path, "plan", "empty.json", "--out", temp.Combine("out")),
            "empty.json(1,1): error PH1001: the file is empty; it should hold one JSON object ({ ... })");
    }

    [Fact]
    public void A_district_goes_on_past_a_profile_whose_student_count_is_not_a_whole_number()
    {
        // Once the whole run stopped (PH5005) while it read the student count of the failed profile for coverage.
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("district"));
        var good = File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json"));
        File.WriteAllText(temp.Combine("district", "school-g.json"), good);
        var counts = new JsonNode[] { "many", 412.5m, JsonValue.Create(true) };
        for (var i = 0; i < counts.Length; i++)
        {
            var profile = JsonNode.Parse(good)!.AsObject();
            profile["id"] = $"school-x{i}";
            profile["enrollment"]!["students"] = counts[i].DeepClone();
            File.WriteAllText(temp.Combine("district", $"school-x{i}.json"), profile.ToJsonString());
        }

        var district = CliRunner.Run(temp.Path, "district", "district", "--out", temp.Combine("out"), "--format", "json");

        Assert.Equal(1, district.ExitCode);
        Assert.DoesNotContain("PH5005", district.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("out", "school-g", "result.json")));
        var failures = JsonNode.Parse(File.ReadAllText(temp.Combine("out", "failures.json")))!.AsArray();
        Assert.Equal(
            ["district/school-x0.json PH1002 (no count)", "district/school-x1.json PH1002 (no count)", "district/school-x2.json PH1002 (no count)"],
            failures.Select(f => $"{f!["file"]!.GetValue<string>()} {f["code"]!.GetValue<string>()} {(f["students"] is { } n ? n.ToJsonString() : "(no count)")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Negative_enrollment_is_refused_with_the_minimum()
    {
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["enrollment"]!["students"] = -5);
        AssertRefused(temp, result, "school.json(9,18): error PH1002: enrollment.students: -5 is below the minimum 1; use a value of 1 or more");
    }

    [Fact]
    public void Negative_fte_and_salary_are_both_reported_at_once()
    {
        using var temp = new TempDir();
        var result = PlanWith(temp, p =>
        {
            p["positions"]![3]!["fte"] = -1;
            p["positions"]![3]!["salary"] = -70000;
        });
        AssertRefused(temp, result,
            "school.json(65,15): error PH1002: positions[3].fte: -1 is below the minimum 0; use a value of 0 or more\n" +
            "school.json(66,22): error PH1002: positions[3].salary: -70000 is below the minimum 0; use a value of 0 or more");
    }

    [Fact]
    public void An_unknown_category_lists_the_valid_ones()
    {
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["positions"]![3]!["category"] = "janitorial");
        AssertRefused(temp, result,
            "school.json(64,30): error PH1002: positions[3].category: 'janitorial' is not allowed; valid values: 'administrative', 'operations', 'after-school-elective', 'instructional-support', 'student-services', 'teaching', 'central'");
    }

    [Fact]
    public void A_mistyped_category_names_the_one_it_most_likely_meant()
    {
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["positions"]![3]!["category"] = "adminstrative");
        AssertRefused(temp, result,
            "school.json(64,33): error PH1002: positions[3].category: 'adminstrative' is not allowed (did you mean 'administrative'?); valid values: 'administrative', 'operations', 'after-school-elective', 'instructional-support', 'student-services', 'teaching', 'central'");
    }

    [Fact]
    public void A_mistyped_field_names_the_one_it_most_likely_meant()
    {
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["positions"]![3]!["salery"] = 1);
        AssertRefused(temp, result,
            "school.json(69,15): error PH1002: positions[3].salery: unknown field (did you mean 'salary'?); valid fields here: id, title, role, category, fte, salary, benefits, funding, grantId, restricted, vacant, stipend, designElements");
    }

    [Fact]
    public void An_unknown_startup_category_is_refused_not_left_out_of_the_shares()
    {
        // Start-up money under a category the report does not name used to be counted in the total and left out of
        // every share, without a word.
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["startup"]!["laptop-carts"] = 50000);
        AssertRefused(temp, result,
            "school.json(687,19): error PH1002: startup.laptop-carts: unknown field; valid fields here: technology, professional-development, stipends-and-bonuses, instructional-support-staff, materials-and-furniture, consultants-and-partner-staff, extra-admin-staff");
    }

    [Fact]
    public void A_restricted_position_paid_from_general_money_is_refused()
    {
        using var temp = new TempDir();
        var index = 0;
        var result = PlanWith(temp, p =>
        {
            var positions = p["positions"]!.AsArray();
            index = positions.Select((x, i) => (x, i)).First(t => t.x!["restricted"]?.GetValue<bool>() == true).i;
            positions[index]!["funding"] = "general";
        });
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(
            $@"^school\.json\(\d+,\d+\): error PH1004: positions\[{index}\]\.funding: restricted position 'g\d+' \(Special education paraprofessional \d\) is paid from 'general' money; a restricted position must have funding 'restricted'$",
            result.Stderr.TrimEnd());
    }

    [Fact]
    public void A_grant_that_ends_before_it_starts_is_refused()
    {
        using var temp = new TempDir();
        var result = PlanWith(temp, p => p["funding"]!["grants"] = JsonNode.Parse("""[{ "id": "late", "name": "Late grant", "annualAmount": 10000, "startYear": 2019, "endYear": 2017 }]"""));
        AssertRefused(temp, result,
            "school.json(33,23): error PH1004: funding.grants[0].endYear: grant 'late' ends in 2017, before it starts in 2019; the end year must be 2019 or later");
    }

    [Fact]
    public void A_file_that_is_not_json_points_at_the_line_and_column()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("school.json"), "{\n  \"id\": \"school-x\",\n  \"enrollment\": { \"students\": 10 }\n  \"funding\": {}\n}\n");
        var result = CliRunner.Run(temp.Path, "plan", "school.json", "--out", temp.Combine("out"));
        AssertRefused(temp, result,
            "school.json(4,3): error PH1001: the file is not valid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'; write plain JSON (double quotes, no comments, no trailing commas, no NaN or Infinity)");
    }

    [Fact]
    public void A_profile_that_does_not_exist_is_a_file_error()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plan", "missing.json", "--out", temp.Combine("out"));
        AssertRefused(temp, result, "missing.json: error PH5002: file not found; check the path");

        // In a folder that does not exist either: the same error, where the look for a policy beside it once stopped the command (PH5005).
        var inMissingFolder = CliRunner.Run(temp.Path, "plan", Path.Combine("nowhere", "missing.json"), "--out", temp.Combine("out"));
        AssertRefused(temp, inMissingFolder, "nowhere/missing.json: error PH5002: file not found; check the path");
    }

    [Fact]
    public void A_cut_outside_0_to_60_is_a_usage_error()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--cuts", "10,75", "--out", temp.Combine("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("pluginhost: error PH5001: --cuts: '75' is not a whole percent from 0 to 60; write for example --cuts 10,20,30", result.Stderr.TrimEnd());
    }
}
