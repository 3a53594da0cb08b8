using PluginHost.Tests.Support;

namespace PluginHost.Tests.EndToEnd;

/// <summary>A mistyped command line gets one line per mistake, naming what was most likely meant: exit 2, nothing run.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    // Once "Unrecognized command or argument 'plna'. (see --help)" and the same for 'x'.
    [InlineData("plna x", "'plna' is not a command (did you mean 'plan'?); commands: demo, plan, district, plugins, rules, templates, watch, import, init, impact, serve")]
    [InlineData("plugins lst", "'lst' is not a command of pluginhost plugins (did you mean 'list'?); commands: list, validate, trust, add")]
    // Once "Unrecognized command or argument '--fromat'" and then the same for 'md'.
    [InlineData("plan school.json --fromat md", "'--fromat' is not an option of pluginhost plan (did you mean '--format'?); see pluginhost plan --help")]
    [InlineData("--plugin x plan school.json", "'--plugin' is not an option of pluginhost plan (did you mean '--plugins'?); see pluginhost plan --help")]
    // Once "Required command was not provided." and "Required argument missing for command: 'plan'."
    [InlineData("", "name a command: demo, plan, district, plugins, rules, templates, watch, import, init, impact, serve (see pluginhost --help)")]
    [InlineData("plan", "pluginhost plan needs PROFILE, the school profile (JSON) (see pluginhost plan --help)")]
    // Once "Cannot parse argument 'x' for option '--parallel' as expected type 'System.Nullable`1[System.Int32]'."
    [InlineData("district --parallel x", "--parallel: 'x' is not a whole number, for example 2")]
    public void A_mistyped_command_line_is_told_what_it_most_likely_meant(string arguments, string expected)
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"pluginhost: error PH5001: {expected}", result.Stderr.TrimEnd());
        Assert.Equal("", result.Stdout);
    }
}
