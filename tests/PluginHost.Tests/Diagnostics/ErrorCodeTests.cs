using System.Text.RegularExpressions;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Diagnostics;

public sealed partial class ErrorCodeTests
{
    [Fact]
    public void The_readme_documents_exactly_the_codes_the_tool_reports()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var documented = CodeRow().Matches(readme).Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim())).ToList();

        Assert.Equal(ErrorCodes.All.Select(c => (c.Code, c.Meaning)), documented);
    }

    [Fact]
    public void Every_code_is_unique_and_in_its_family()
    {
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Select(c => c.Code).Distinct().Count());
        Assert.All(ErrorCodes.All, c => Assert.Matches("^PH[1-5][0-9]{3}$", c.Code));
    }

    [Fact]
    public void A_diagnostic_prints_in_the_one_format()
    {
        Assert.Equal("rules/a.json(3,5): error PH2003: Rule: it broke", Diagnostic.Error("rules/a.json", "PH2003", "Rule: it broke", 3, 5).ToString());
        Assert.Equal("rules/a.json: error PH2003: Rule: it broke", Diagnostic.Error("rules/a.json", "PH2003", "Rule: it broke").ToString());
        Assert.Equal("p.json(1,1): warning PH1005: note", Diagnostic.Warning("p.json", "PH1005", "note", 1).ToString());
    }

    [GeneratedRegex(@"^\| (PH\d{4}) \| (.+) \|$", RegexOptions.Multiline)]
    private static partial Regex CodeRow();
}
