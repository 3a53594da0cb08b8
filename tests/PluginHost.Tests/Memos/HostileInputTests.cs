using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Markdig;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>Names from a profile are data, never markup: inert in HTML, intact in Markdown, unable to break a table or a template.</summary>
public sealed class HostileInputTests
{
    private const string SchoolName = "<script>alert('x')</script> Academy {{ school.id }}";
    private const string StaffTitle = "Coach](javascript:alert(1)) | injected | cell";
    private const string LineName = "<img src=x onerror=alert(1)> *bold* `code` # heading";

    [Fact]
    public void Hostile_names_render_as_inert_text_in_html_and_stay_intact_in_markdown()
    {
        using var temp = new TempDir();
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json")))!.AsObject();
        profile.Remove("$schema");
        profile["name"] = SchoolName;
        profile["positions"]![1]!["title"] = StaffTitle;
        profile["nonPersonnel"]![0]!["name"] = LineName;
        File.WriteAllText(temp.Combine("school.json"), profile.ToJsonString());

        var result = CliRunner.Run(temp.Path, "plan", "school.json", "--policy", Path.Combine(TestPaths.DemoDistrict, "district-policy.json"), "--out", temp.Combine("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var html = new HtmlParser().ParseDocument(File.ReadAllText(temp.Combine("out", "school-g", "memo.html")));
        Assert.Empty(html.QuerySelectorAll("main script, img, a[href^='javascript']"));
        Assert.Equal($"{SchoolName}: can its model be sustained?", html.QuerySelector("h1")!.TextContent);
        Assert.Contains(html.QuerySelectorAll("td"), td => td.TextContent == StaffTitle);
        Assert.Contains(html.QuerySelectorAll("td"), td => td.TextContent == LineName);
        Assert.All(html.QuerySelectorAll("table"), HtmlStructureTests.AssertRowsAsWideAsHeader);

        var markdown = File.ReadAllText(temp.Combine("out", "school-g", "memo.md"));
        var title = markdown.Split('\n')[0];
        Assert.Equal($"{SchoolName}: can its model be sustained?", Markdown.ToPlainText(title[2..]).Trim());
        Assert.DoesNotContain("school-g Academy", markdown, StringComparison.Ordinal);
    }
}
