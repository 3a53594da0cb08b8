using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

public sealed class CultureTests
{
    [Fact]
    public void Numbers_follow_the_culture_while_money_stays_in_dollars()
    {
        using var temp = new TempDir();
        var profile = Path.Combine(TestPaths.DemoDistrict, "school-c.json");

        var us = CliRunner.Run(temp.Path, "plan", profile, "--out", temp.Combine("us"), "--format", "md");
        var fr = CliRunner.Run(temp.Path, "plan", profile, "--out", temp.Combine("fr"), "--format", "md", "--culture", "fr-FR");

        Assert.Equal(0, us.ExitCode);
        Assert.Equal(0, fr.ExitCode);
        var usMemo = File.ReadAllText(temp.Combine("us", "school-c", "memo.md"));
        var frMemo = File.ReadAllText(temp.Combine("fr", "school-c", "memo.md"));
        Assert.Contains("serves 600 students on $5.71M of general funding", usMemo, StringComparison.Ordinal);
        Assert.Contains("serves 600 students on $5,71M of general funding", frMemo, StringComparison.Ordinal);
        Assert.Contains("students per teacher move from 20.0 to 23.5", usMemo, StringComparison.Ordinal);
        Assert.Contains("students per teacher move from 20,0 to 23,5", frMemo, StringComparison.Ordinal);
        Assert.Contains("- As of: 2017-07-01; culture fr-FR", frMemo, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_culture_is_a_usage_error()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--culture", "xx-NOPE", "--out", temp.Combine("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("pluginhost: error PH5001: --culture: 'xx-NOPE' is not a known culture; use a name such as en-US, en-GB or es-US", result.Stderr.Trim());
    }

    [Fact]
    public void Every_bad_option_value_is_reported_at_once_before_anything_runs()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--cuts", "75", "--format", "xml", "--culture", "xx-NOPE", "--as-of", "tomorrow", "--out", "out");

        Assert.Equal(2, result.ExitCode);
        string[] expected =
            [
                "pluginhost: error PH5001: --format: 'xml' is not a format; valid formats: md, html, json, pdf",
                "pluginhost: error PH5001: --cuts: '75' is not a whole percent from 0 to 60; write for example --cuts 10,20,30",
                "pluginhost: error PH5001: --as-of: 'tomorrow' is not a date; write it as yyyy-MM-dd, for example 2017-07-01",
                "pluginhost: error PH5001: --culture: 'xx-NOPE' is not a known culture; use a name such as en-US, en-GB or es-US",
            ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Stderr.Trim().Split('\n').Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(temp.Combine("out")));
    }
}
