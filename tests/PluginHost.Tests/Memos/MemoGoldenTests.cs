using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>Each demo memo, Markdown and HTML, against its checked-in expected file; a template change shows as a diff.</summary>
[Collection(DemoRunGroup.Name)]
public sealed class MemoGoldenTests
{
    private readonly DemoRun _demo;

    public MemoGoldenTests(DemoRun demo)
    {
        _demo = demo;
    }

    [Theory]
    [InlineData("school-a")]
    [InlineData("school-b")]
    [InlineData("school-c")]
    [InlineData("school-d")]
    [InlineData("school-e")]
    [InlineData("school-f")]
    [InlineData("school-g")]
    public void A_demo_memo_matches_its_golden_file(string school)
    {
        Golden.AssertMatches($"{school}.memo.md", _demo.Memo(school));
        Golden.AssertMatches($"{school}.memo.html", _demo.Memo(school, "memo.html"));
    }

    [Fact]
    public void The_district_summary_matches_its_golden_file()
    {
        Golden.AssertMatches("summary.md", File.ReadAllText(Path.Combine(_demo.Out, "summary.md")));
        Golden.AssertMatches("summary.csv", File.ReadAllText(Path.Combine(_demo.Out, "summary.csv")));
    }
}
