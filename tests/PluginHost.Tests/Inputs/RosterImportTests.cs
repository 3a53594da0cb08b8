using System.Text.Json;
using PluginHost.Benchmarks;
using PluginHost.Diagnostics;
using PluginHost.Inputs;
using PluginHost.Inputs.Roster;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Inputs;

/// <summary>import roster: profiles from a position roster and enrollment, with every row and every school accounted for.</summary>
public sealed class RosterImportTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepositoryRoot, "samples", "roster", file);

    private static CliResult Import(TempDir temp, string roster, params string[] extra) =>
        CliRunner.Run(temp.Path, ["import", "roster", roster, "--enrollment", Sample("enrollment.csv"), "--mapping", Sample("mapping.json"), "--out", temp.Combine("profiles"), .. extra]);

    private static RosterImportResult ImportInProcess(string folder, string outDirectory, bool strict = false)
    {
        var reader = new JsonInputReader(TestPaths.Schemas);
        var importer = new RosterImporter(reader, new InputLoader(reader), TestPaths.Schemas);
        return importer.Import(new RosterImportRequest(
            Path.Combine(folder, "roster.csv"), Path.Combine(folder, "enrollment.csv"), Path.Combine(folder, "mapping.json"), null, outDirectory, strict));
    }

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
            "  Lunchroom Manager (code 6100): 0.5 FTE in 1 school\n" +
            "roster: 22 rows read: 21 mapped into profiles, 0 in units that are not schools, 1 unmapped, 0 rejected\n" +
            "students: 206 in the enrollment file: 206 in 2 profiles written, 0 in 0 schools named without one\n" +
            "2 profiles written, 0.5 FTE unmapped; every row is accounted for\n" +
            "wrote profiles/import-report.json",
            import.Stdout.Trim());
        Assert.True(district.ExitCode == 0, district.ToString());
        Assert.Contains("skipped profiles/import-report.json: not a school profile", district.Stdout, StringComparison.Ordinal);

        // North Park: 110 students. Teachers present: three regular (the fourth is vacant), one teacher leader and a
        // half-time teacher = 4.5 FTE -> 24.44. Add the restricted para and the tutor = 6.5 -> 16.92; without the
        // restricted para 5.5 -> 20.0. No funding figures: general funding = the general-funded positions, vacant
        // one included: 188,000 + 157,000 + 73,000 + 4 × 105,000 + 113,000 + 52,500 + 41,000 = 1,044,500, plus the
        // security officer now mapped to operations (1.0 FTE: 48,000 + 16,000 = 64,000) = 1,108,500.
        var northPark = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "610001", "result.json"))).RootElement;
        var ratios = northPark.GetProperty("ratiosBefore");
        Assert.Equal(24.44m, ratios.GetProperty("studentsPerTeacher").GetDecimal());
        Assert.Equal(16.92m, ratios.GetProperty("studentsPerInstructionalStaff").GetDecimal());
        Assert.Equal(20.0m, ratios.GetProperty("studentsPerInstructionalStaffExcludingRestrictedParas").GetDecimal());
        Assert.Equal(1_108_500m, northPark.GetProperty("school").GetProperty("generalFunding").GetDecimal());
        Assert.True(northPark.GetProperty("school").GetProperty("balancedBudgetAssumed").GetBoolean());
        var memo = File.ReadAllText(temp.Combine("out", "610001", "memo.md"));
        Assert.Contains("> **Balanced-budget assumption.**", memo, StringComparison.Ordinal);
        Assert.Contains("> **What the data does not hold.** no non-personnel spending", memo, StringComparison.Ordinal);
        Assert.Contains("Recurring IT cannot be measured: the data has no non-personnel spending", memo, StringComparison.Ordinal);
        Assert.DoesNotContain("Recurring IT, device refresh included, is 0 %", memo, StringComparison.Ordinal);

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
    public void Every_school_of_the_synthetic_district_is_written_or_named_and_every_student_counted()
    {
        using var temp = new TempDir();
        var facts = SyntheticRoster.Write(temp.Combine("in"));

        var result = ImportInProcess(temp.Combine("in"), temp.Combine("profiles"));
        var report = result.Report!;

        var enrollmentIds = File.ReadLines(temp.Combine("in", "enrollment.csv")).Skip(1).Select(l => l.Split(',')[0]).ToHashSet(StringComparer.Ordinal);
        var accounted = report.SchoolsWritten.Select(s => s.SchoolId).Concat(report.SchoolsNotWritten.Select(s => s.SchoolId)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(enrollmentIds.Order(StringComparer.Ordinal), accounted.Order(StringComparer.Ordinal));
        Assert.Equal(facts.EnrollmentStudents, report.Students.InEnrollmentFile);
        Assert.Equal(report.Students.InEnrollmentFile, report.SchoolsWritten.Sum(s => s.Students) + report.SchoolsNotWritten.Sum(s => s.Students));

        // Every roster row is mapped, in a unit that is not a school, unmapped and listed, or rejected with its line.
        Assert.Equal(facts.RosterRows, report.Rows.Read);
        Assert.Equal(report.Rows.Read, report.Rows.Mapped + report.Rows.NotSchools + report.Rows.Unmapped + report.Rows.Rejected);
        Assert.Equal(facts.CentralUnits.Order(StringComparer.Ordinal), report.NotSchools.Select(u => u.Id));
        Assert.Equal(facts.SchoolsWithoutTeachers, report.InsufficientStaffingData.Select(s => s.SchoolId));
        Assert.Equal(facts.CommaDecimalRows, report.RejectedRows.Count(r => r.Reason.StartsWith("FTE: '1,0' is not a number", StringComparison.Ordinal)));
        Assert.Equal(facts.RepeatedPositionRows, report.RepeatedPositionNumbers.Sum(r => r.Lines.Count - 1));
        Assert.Equal(facts.UnmappedTitles.Order(StringComparer.Ordinal), report.UnmappedTitles.Select(t => t.JobTitle).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(facts.SchoolsWithoutPositions, report.SchoolsNotWritten.Where(s => s.Reason == NamedSchool.NoPositions).Select(s => s.SchoolId));
        Assert.Equal(facts.DuplicateEnrollmentIds, report.SchoolsNotWritten.Where(s => s.Reason == NamedSchool.DuplicateEnrollmentRow).Select(s => s.SchoolId));
        Assert.Equal(report.SchoolsWritten.Count, Directory.EnumerateFiles(temp.Combine("profiles"), "school-*.json").Count());
        Assert.True(result.HasErrors, "comma decimals and a repeated enrollment row are errors: the import exits 1");
    }

    [Fact]
    public void Two_rows_with_one_position_number_become_two_positions_and_one_warning_naming_both_lines()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("in"));
        var lines = File.ReadAllLines(Sample("roster.csv")).ToList();
        lines.Insert(5, lines[4]);
        File.WriteAllLines(temp.Combine("in", "roster.csv"), lines);
        File.Copy(Sample("enrollment.csv"), temp.Combine("in", "enrollment.csv"));
        File.Copy(Sample("mapping.json"), temp.Combine("in", "mapping.json"));

        var result = ImportInProcess(temp.Combine("in"), temp.Combine("profiles"));

        var warning = Assert.Single(result.Problems);
        Assert.Equal(
            $"{DisplayPath.Of(temp.Combine("in", "roster.csv"))}(6,1): warning PH1006: position number 'P1004' at school '610001' is on lines 5 and 6; each row is kept as its own position (P1004, P1004-2)",
            warning.ToString());
        Assert.False(result.HasErrors);
        var profile = JsonDocument.Parse(File.ReadAllText(temp.Combine("profiles", "school-610001.json"))).RootElement;
        Assert.Equal(["P1004", "P1004-2"], profile.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Where(id => id!.StartsWith("P1004", StringComparison.Ordinal)));

        using var strictOut = new TempDir();
        var strict = ImportInProcess(temp.Combine("in"), strictOut.Combine("profiles"), strict: true);
        Assert.True(strict.HasErrors);
        Assert.Equal(Severity.Error, Assert.Single(strict.Problems).Severity);
        Assert.Equal(6, Assert.Single(strict.Report!.RejectedRows).Line);
    }

    [Fact]
    public void A_non_empty_output_folder_is_refused_and_clean_removes_only_what_the_last_import_wrote()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Import(temp, Sample("roster.csv")).ExitCode);
        File.WriteAllText(temp.Combine("profiles", "notes.txt"), "kept");
        var stale = temp.Combine("profiles", "school-610002.json");
        Assert.True(File.Exists(stale));

        var refused = Import(temp, Sample("roster.csv"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("profiles: error PH5001: --out: the folder holds an earlier import; pass --clean to replace the profiles it wrote, or choose an empty folder", refused.Stderr.Trim());

        // The second import drops Lakeview from the enrollment file: its old profile must not survive.
        var enrollment = temp.Combine("enrollment.csv");
        File.WriteAllLines(enrollment, File.ReadAllLines(Sample("enrollment.csv")).Where(l => !l.StartsWith("610002", StringComparison.Ordinal)));
        var again = CliRunner.Run(temp.Path, "import", "roster", Sample("roster.csv"), "--enrollment", enrollment, "--mapping", Sample("mapping.json"), "--out", temp.Combine("profiles"), "--clean");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.False(File.Exists(stale));
        Assert.Equal("kept", File.ReadAllText(temp.Combine("profiles", "notes.txt")));
        Assert.Contains("not schools (positions but no enrollment; left out): 1 unit", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_school_with_no_teachers_gets_the_insufficient_data_memo_and_no_at_risk_ranking()
    {
        using var temp = new TempDir();
        var roster = temp.Combine("roster.csv");
        File.WriteAllLines(roster, File.ReadAllLines(Sample("roster.csv")).Where(l => !(l.Contains(",610002,", StringComparison.Ordinal) && l.Contains("Teacher", StringComparison.Ordinal))));
        var import = Import(temp, roster);
        var district = CliRunner.Run(temp.Path, "district", temp.Combine("profiles"), "--policy", Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), "--out", temp.Combine("out"), "--format", "md,json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("insufficient staffing data: 1 school written with no teaching staff on the roster: 610002", import.Stdout, StringComparison.Ordinal);
        Assert.True(district.ExitCode == 0, district.ToString());
        var memo = File.ReadAllText(temp.Combine("out", "610002", "memo.md"));
        Assert.Contains("## Not enough data to judge this school", memo, StringComparison.Ordinal);
        Assert.DoesNotContain("no staff left", memo, StringComparison.Ordinal);
        // A school with no teachers to begin with loses none to a cut: once a flag said a 10 % cut "would leave no
        // teacher at all" under the memo's own "cannot be judged yet".
        Assert.DoesNotContain("would leave no teacher", memo, StringComparison.Ordinal);
        var flags = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "610002", "result.json"))).RootElement.GetProperty("flags");
        Assert.DoesNotContain(flags.EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "NoTeacherLeft");
        Assert.DoesNotContain("## 5. Cut scenarios", memo, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "summary.json"))).RootElement;
        Assert.Equal("610002", Assert.Single(summary.GetProperty("insufficientData").EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain(summary.GetProperty("atRisk").EnumerateArray(), s => s.GetProperty("id").GetString() == "610002");
        Assert.Equal(1, summary.GetProperty("schoolCount").GetInt32());
        Assert.All(summary.GetProperty("scenarios").EnumerateArray(), s => Assert.Equal(1, s.GetProperty("schools").GetInt32()));
        Assert.Contains("1 school has insufficient staffing data and is listed apart", File.ReadAllText(temp.Combine("out", "summary.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("comma-decimal")]
    [InlineData("duplicate-enrollment")]
    [InlineData("rejected-in-both-files")]
    [InlineData("invalid-regex")]
    [InlineData("missing-column")]
    [InlineData("header-written-another-way")]
    [InlineData("windows-1252")]
    [InlineData("negative-salary")]
    [InlineData("leading-zeros")]
    public void Bad_input_is_reported_at_its_cell_and_matches_its_golden_output(string name)
    {
        using var temp = new TempDir();
        var roster = temp.Combine("roster.csv");
        var enrollment = temp.Combine("enrollment.csv");
        var mapping = temp.Combine("mapping.json");
        var rosterLines = File.ReadAllLines(Sample("roster.csv"));
        var enrollmentLines = File.ReadAllLines(Sample("enrollment.csv")).ToList();
        var mappingText = File.ReadAllText(Sample("mapping.json"));
        switch (name)
        {
            case "comma-decimal":
                rosterLines = [.. rosterLines.Select(l => l.StartsWith("P1011", StringComparison.Ordinal) ? l.Replace(",1.0,", ",\"1,0\",", StringComparison.Ordinal) : l)];
                break;
            case "duplicate-enrollment":
                enrollmentLines.Add("610001,12,0");
                break;
            case "rejected-in-both-files":
                // The closing line counts both files' rejected rows; it says which file holds how many.
                rosterLines = [.. rosterLines.Select(l => l.StartsWith("P1011", StringComparison.Ordinal) ? l.Replace(",1.0,", ",\"1,0\",", StringComparison.Ordinal) : l)];
                enrollmentLines.Add("610001,12,0");
                break;
            case "invalid-regex":
                mappingText = mappingText.Replace("\"tutor\", \"category\"", "\"tutor(\", \"category\"", StringComparison.Ordinal);
                break;
            case "missing-column":
                rosterLines = [.. rosterLines.Select((l, i) => i == 0 ? l.Replace("Annual Salary", "Salary", StringComparison.Ordinal) : l)];
                break;
            case "header-written-another-way":
                // A header as another export writes it: the mapping's 'FTE' is 'Fte' here, and the error says so.
                rosterLines = [.. rosterLines.Select((l, i) => i == 0 ? l.Replace(",FTE,", ",Fte,", StringComparison.Ordinal) : l)];
                break;
            case "negative-salary":
                // A finance export's negative amount, in parentheses: refused as negative, not as a badly written number.
                rosterLines = [.. rosterLines.Select(l => l.StartsWith("P1011", StringComparison.Ordinal) ? l.Replace("\"$32,000\"", "\"($32,000)\"", StringComparison.Ordinal) : l)];
                break;
            case "leading-zeros":
                // Three of Lakeview's rows carry its id as a spreadsheet kept it, with a leading zero; the enrollment file
                // has 610002. Left out as a unit that is not a school, the school's profile would quietly lack them.
                rosterLines = [.. rosterLines.Select(l => l.StartsWith("P2003", StringComparison.Ordinal) || l.StartsWith("P2004", StringComparison.Ordinal) || l.StartsWith("P2005", StringComparison.Ordinal) ? l.Replace(",610002,", ",0610002,", StringComparison.Ordinal) : l)];
                break;
            case "windows-1252":
                // A spreadsheet's legacy export: "Café" is one byte, 0xE9, which is not UTF-8. Once read as "Caf\uFFFD".
                rosterLines = [.. rosterLines.Select(l => l.StartsWith("P1011", StringComparison.Ordinal) ? l.Replace(",Tutor,", ",Tutor (Café program),", StringComparison.Ordinal) : l)];
                break;
        }

        File.WriteAllLines(roster, rosterLines, name == "windows-1252" ? System.Text.Encoding.Latin1 : new System.Text.UTF8Encoding(false));
        File.WriteAllLines(enrollment, enrollmentLines);
        File.WriteAllText(mapping, mappingText);

        var result = CliRunner.Run(temp.Path, "import", "roster", "roster.csv", "--enrollment", "enrollment.csv", "--mapping", "mapping.json", "--out", "profiles");

        Assert.Equal(name == "leading-zeros" ? 0 : 1, result.ExitCode);
        var report = temp.Combine("profiles", ImportReport.FileName);
        Golden.AssertMatches(Path.Combine("import", name + ".txt"),
            $"exit {result.ExitCode}\n--- stderr\n{result.Stderr}--- stdout\n{result.Stdout}--- {ImportReport.FileName}\n{(File.Exists(report) ? File.ReadAllText(report) : "(not written)\n")}");
    }

    [Fact]
    public void A_legacy_encoding_in_the_mapping_reads_a_windows_1252_roster_and_leaves_a_utf8_file_as_it_is()
    {
        using var temp = new TempDir();
        var mapping = File.ReadAllText(Sample("mapping.json")).Replace("\"fiscalYear\": 2018,", "\"fiscalYear\": 2018,\n  \"legacyEncoding\": \"windows-1252\",", StringComparison.Ordinal);
        File.WriteAllText(temp.Combine("mapping.json"), mapping);
        // The roster in Windows-1252 ("é" is the one byte 0xE9), the enrollment file in UTF-8 with "é" as two bytes:
        // each must read as "é", neither as "Ã©" nor as a replacement character.
        var roster = File.ReadAllLines(Sample("roster.csv")).Select(l => l.Replace("North Park Elementary (synthetic)", "École North Park (synthetic)", StringComparison.Ordinal));
        File.WriteAllLines(temp.Combine("roster.csv"), roster, System.Text.Encoding.Latin1);
        // The enrollment file's extra column, which the import does not read, makes it UTF-8 text that is not ASCII.
        File.WriteAllLines(temp.Combine("enrollment.csv"), File.ReadAllLines(Sample("enrollment.csv")).Select((l, i) => l + (i == 0 ? ",Note" : ",café")), new System.Text.UTF8Encoding(false));

        var result = CliRunner.Run(temp.Path, "import", "roster", "roster.csv", "--enrollment", "enrollment.csv", "--mapping", "mapping.json", "--out", "profiles");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("read roster.csv as windows-1252, as the mapping's legacyEncoding says: it is not UTF-8 text\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("read enrollment.csv", result.Stdout, StringComparison.Ordinal);
        var profileText = File.ReadAllText(temp.Combine("profiles", "school-610001.json"));
        Assert.Equal("École North Park (synthetic)", JsonDocument.Parse(profileText).RootElement.GetProperty("name").GetString());
        Assert.Contains("\"name\": \"École North Park (synthetic)\"", profileText, StringComparison.Ordinal);
        var encodings = JsonDocument.Parse(File.ReadAllText(temp.Combine("profiles", ImportReport.FileName))).RootElement.GetProperty("inputs").GetProperty("encodings");
        Assert.Equal("windows-1252", encodings.GetProperty("roster").GetString());
        Assert.Equal("utf-8", encodings.GetProperty("enrollment").GetString());
        Assert.Equal(JsonValueKind.Null, encodings.GetProperty("attributes").ValueKind);

        // The schema and the code name the same encodings.
        var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Schemas, "roster-mapping.schema.json"))).RootElement;
        Assert.Equal(LegacyEncoding.Names, schema.GetProperty("properties").GetProperty("legacyEncoding").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
