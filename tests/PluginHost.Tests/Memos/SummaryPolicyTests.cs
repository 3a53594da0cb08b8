using System.Text.Json;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>
/// The district summary names the policy every school was judged under, as each memo does. Read on an imported
/// roster's 594 schools, run with no policy file: the summary said "No policy rule fired for any school" and nothing
/// else, which a reader takes for a district with no obstacles rather than for a run that assumed none.
/// </summary>
public sealed class SummaryPolicyTests
{
    [Fact]
    public void A_run_without_a_policy_file_says_its_figures_assume_the_neutral_policy()
    {
        using var temp = new TempDir();
        var folder = temp.Combine("schools");
        Directory.CreateDirectory(folder);
        foreach (var school in new[] { "school-c.json", "school-f.json" })
        {
            File.Copy(Path.Combine(TestPaths.DemoDistrict, school), Path.Combine(folder, school));
        }

        var run = CliRunner.Run(temp.Path, "district", folder, "--out", temp.Combine("out"), "--format", "md,json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var markdown = File.ReadAllText(temp.Combine("out", "summary.md"));
        Assert.Contains("> **Neutral policy.** No district policy file was given, so every figure below assumes every flexibility is granted and nothing is required; blockers that depend on district policy cannot appear", markdown, StringComparison.Ordinal);
        Assert.Contains("Policy: Neutral policy (every flexibility granted, no requirements).\n", markdown, StringComparison.Ordinal);
        // A rule that reads no policy (recurring cost on one-time money) still fires, and is still listed.
        Assert.Contains("| Grant dependency | 2 |", markdown, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "summary.json"))).RootElement;
        Assert.Equal("Neutral policy (every flexibility granted, no requirements)", summary.GetProperty("policy").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("policyFile").ValueKind);
    }

    [Fact]
    public void A_run_with_a_policy_file_names_it_and_says_nothing_of_a_neutral_policy()
    {
        using var temp = new TempDir();
        var run = CliRunner.Run(TestPaths.RepositoryRoot, "district", "samples/demo-district", "--out", temp.Combine("out"), "--format", "md");

        Assert.True(run.ExitCode == 0, run.ToString());
        var markdown = File.ReadAllText(temp.Combine("out", "summary.md"));
        Assert.Contains("Policy: Demo district policy (illustrative, modelled on the report's setting), from samples/demo-district/district-policy.json.\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Neutral policy", markdown, StringComparison.Ordinal);
    }
}
