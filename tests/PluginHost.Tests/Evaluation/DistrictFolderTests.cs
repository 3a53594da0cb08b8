using System.Text.Json.Nodes;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Evaluation;

/// <summary>What district reads from a folder, and how it names what it does not read: no school found is lost quietly.</summary>
public sealed class DistrictFolderTests
{
    private static void Profile(TempDir temp, string relative, string demo = "school-g.json", string? id = null)
    {
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, demo)))!.AsObject();
        if (id is not null)
        {
            profile["id"] = id;
        }

        var path = temp.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, profile.ToJsonString());
    }

    [Fact]
    public void A_district_kept_in_subfolders_is_refused_by_name_and_read_with_recursive()
    {
        // Once "0 schools written, 0 failed", exit 0: two schools in elementary/ and middle/ read as a district of none.
        using var temp = new TempDir();
        Profile(temp, "district/elementary/school-a.json", "school-a.json");
        Profile(temp, "district/middle/school-b.json", "school-b.json");

        var flat = CliRunner.Run(temp.Path, "district", "district", "--out", temp.Combine("out"), "--format", "json");
        Assert.Equal(1, flat.ExitCode);
        Assert.Equal("district: error PH5002: no .json files in this folder itself; its subfolders hold some: district/elementary (1 .json file), district/middle (1 .json file); add --recursive to read them, or give one of those folders", flat.Stderr.TrimEnd());
        Assert.False(Directory.Exists(temp.Combine("out")));

        var recursive = CliRunner.Run(temp.Path, "district", "district", "--recursive", "--out", temp.Combine("out"), "--format", "json");
        Assert.Equal(0, recursive.ExitCode);
        Assert.True(File.Exists(temp.Combine("out", "school-a", "result.json")));
        Assert.True(File.Exists(temp.Combine("out", "school-b", "result.json")));
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(temp.Combine("out", "summary.json")))!["coverage"]!["evaluated"]!.GetValue<int>());
    }

    [Fact]
    public void Subfolders_left_unread_are_named_in_a_warning_and_the_summary_and_the_output_folder_is_not_one_of_them()
    {
        using var temp = new TempDir();
        Profile(temp, "district/school-g.json");
        Profile(temp, "district/School-H.JSON", id: "school-h");
        Profile(temp, "district/annex/school-a.json", "school-a.json");
        Profile(temp, "district/annex/old/school-b.json", "school-b.json");
        Directory.CreateDirectory(temp.Combine("district", "notes"));
        File.WriteAllText(temp.Combine("district", "notes", "readme.txt"), "not JSON");
        Directory.CreateDirectory(temp.Combine("district", ".git"));
        File.WriteAllText(temp.Combine("district", ".git", "x.json"), "{}");

        // The output folder inside the profiles folder is the run's own: a second run does not name it as unread.
        var first = CliRunner.Run(temp.Combine("district"), "district", ".", "--out", "out", "--format", "md,json");
        var second = CliRunner.Run(temp.Combine("district"), "district", ".", "--out", "out", "--format", "md,json");

        foreach (var run in new[] { first, second })
        {
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(".: warning PH5002: not read: annex (2 .json files); district reads only this folder's own files; add --recursive to read its subfolders too (the summary names them)", run.Stderr.TrimEnd());
        }

        // With --recursive, the subfolder's schools are read, and the earlier runs' output inside the folder is not.
        var recursive = CliRunner.Run(temp.Combine("district"), "district", ".", "--recursive", "--out", "all", "--format", "json");
        Assert.Equal(0, recursive.ExitCode);
        Assert.Equal("", recursive.Stderr);
        Assert.DoesNotContain("skipped", recursive.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, JsonNode.Parse(File.ReadAllText(temp.Combine("district", "all", "summary.json")))!["coverage"]!["filesFound"]!.GetValue<int>());

        // "School-H.JSON" is a profile like any other.
        Assert.True(File.Exists(temp.Combine("district", "out", "school-h", "result.json")));
        var summary = File.ReadAllText(temp.Combine("district", "out", "summary.md"));
        Assert.Contains("**Not read: 2 .json files in a subfolder** (annex: 2). The run read only the folder's own files; run it with `--recursive` to read them too. Any school there is not in the figures below.", summary, StringComparison.Ordinal);
        var unread = JsonNode.Parse(File.ReadAllText(temp.Combine("district", "out", "summary.json")))!["unreadFolders"]!.AsArray();
        Assert.Equal(("annex", 2), (unread.Single()!["folder"]!.GetValue<string>(), unread.Single()!["jsonFiles"]!.GetValue<int>()));

        // impact compares the folder's own schools and names the same subfolder.
        var impact = CliRunner.Run(temp.Combine("district"), "impact", ".", "--set", "procurement.nonStandardAllowed=false", "--out", "impact-out");
        Assert.Contains(".: warning PH5002: not read: annex (2 .json files); impact reads only this folder's own files; the schools there are not compared; add --recursive to compare them too", impact.Stderr, StringComparison.Ordinal);
        Assert.Contains("Compared: 2 schools (1,600 students).", impact.Stdout, StringComparison.Ordinal);

        // With --recursive it compares them too, and not the earlier runs' output (out/, all/, impact-out/) inside the folder.
        var deep = CliRunner.Run(temp.Combine("district"), "impact", ".", "--recursive", "--set", "procurement.nonStandardAllowed=false", "--out", "impact-deep");
        Assert.Equal("", deep.Stderr);
        Assert.Contains("Compared: 4 schools (3,300 students).", deep.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_policy_file_beside_the_profiles_is_named_not_dropped()
    {
        // Every *policy*.json was left out of the profiles, the one used and any other: a second policy file (or a school
        // whose file name has "policy" in it) vanished from the run without a word.
        using var temp = new TempDir();
        Profile(temp, "district/school-g.json");
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), temp.Combine("district", "district-policy.json"));
        File.Copy(Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), temp.Combine("district", "old-policy.json"));
        Profile(temp, "district/public-policy-academy.json", id: "public-policy-academy");

        var run = CliRunner.Run(temp.Path, "district", "district", "--out", temp.Combine("out"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(temp.Combine("out", "public-policy-academy", "result.json")));
        Assert.Contains("skipped district/old-policy.json: not a school profile (its $schema is district-policy.schema.json)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("district/district-policy.json", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 schools written, 0 failed, 1 file not a school profile", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("district/district-policy.json", JsonNode.Parse(File.ReadAllText(temp.Combine("out", "summary.json")))!["policyFile"]!.GetValue<string>());
    }

    [Fact]
    public void Of_profiles_sharing_an_id_the_first_by_name_is_written_whichever_finishes_first()
    {
        // Once the first to finish was written and the others refused: two runs of one folder wrote different schools.
        // The first file is made slow (a school of 2,070 positions) and twelve small copies run beside it, so most runs
        // have a copy written first and then withdrawn; whatever the order, the outcome below is the same.
        using var temp = new TempDir();
        var first = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-a.json")))!.AsObject();
        first["name"] = "School A (first)";
        var positions = first["positions"]!.AsArray();
        var originals = positions.Select(p => p!.DeepClone()).ToList();
        for (var copy = 1; copy < 30; copy++)
        {
            foreach (var position in originals)
            {
                var more = position.DeepClone().AsObject();
                more["id"] = $"{more["id"]!.GetValue<string>()}-{copy}";
                positions.Add(more);
            }
        }

        Directory.CreateDirectory(temp.Combine("district"));
        File.WriteAllText(temp.Combine("district", "a-first.json"), first.ToJsonString());
        for (var i = 1; i <= 12; i++)
        {
            Profile(temp, $"district/b-copy-{i:00}.json", "school-a.json");
        }

        for (var run = 1; run <= 3; run++)
        {
            var result = CliRunner.Run(temp.Path, "district", "district", "--out", temp.Combine($"out{run}"), "--format", "json", "--parallel", "4");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("1 school written, 12 failed (see failures.json)", result.Stdout, StringComparison.Ordinal);
            Assert.Equal("School A (first)", JsonNode.Parse(File.ReadAllText(temp.Combine($"out{run}", "school-a", "result.json")))!["school"]!["name"]!.GetValue<string>());

            var failures = JsonNode.Parse(File.ReadAllText(temp.Combine($"out{run}", "failures.json")))!.AsArray();
            Assert.Equal(Enumerable.Range(1, 12).Select(i => $"district/b-copy-{i:00}.json"), failures.Select(f => f!["file"]!.GetValue<string>()));
            Assert.All(failures, f => Assert.EndsWith(
                "error PH1004: id: 'school-a' is also the id of district/a-first.json, which comes first; ids must be unique in a district, so this profile was not written",
                f!["message"]!.GetValue<string>(), StringComparison.Ordinal));

            var summary = JsonNode.Parse(File.ReadAllText(temp.Combine($"out{run}", "summary.json")))!;
            Assert.Equal((1, 12), (summary["coverage"]!["evaluated"]!.GetValue<int>(), summary["coverage"]!["failed"]!.GetValue<int>()));
            Assert.Equal(800, summary["coverage"]!["studentsEvaluated"]!.GetValue<int>());

            // The copies are School A again: their students are not counted as students the run could not cover.
            Assert.Equal((0, 12), (summary["coverage"]!["studentsFailed"]!.GetValue<int>(), summary["coverage"]!["repeatedIds"]!.GetValue<int>()));
            Assert.All(failures, f => Assert.Equal("district/a-first.json", f!["repeats"]!.GetValue<string>()));
            var files = JsonNode.Parse(File.ReadAllText(temp.Combine($"out{run}", "run.json")))!["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
            Assert.Equal(files.Distinct().Count(), files.Count);
            Assert.Equal(1, JsonNode.Parse(File.ReadAllText(temp.Combine($"out{run}", "run.json")))!["written"]!.GetValue<int>());
        }
    }
}
