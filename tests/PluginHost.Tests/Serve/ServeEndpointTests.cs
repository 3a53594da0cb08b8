using System.Net;
using AngleSharp.Html.Parser;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Serve;

/// <summary>serve's pages and endpoints, through the ASP.NET test server on a fresh demo workspace.</summary>
public sealed class ServeEndpointTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task The_district_page_names_coverage_every_school_and_filters_by_archetype()
    {
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false);
        using var client = served.Client();

        var response = await client.GetAsync("/");
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("7 files found in profiles: 7 schools evaluated (6,800 students).", page.QuerySelector("#coverage")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(7, page.QuerySelectorAll("#schools tbody tr").Length);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));

        var filtered = Parser.ParseDocument(await client.GetStringAsync("/?archetype=team-teaching&sort=name"));
        Assert.Equal(["school-c", "school-f"], filtered.QuerySelectorAll("#schools tbody tr").Select(r => r.GetAttribute("data-school")));
        var atRisk = Parser.ParseDocument(await client.GetStringAsync("/?atRisk=true&sort=shortfall"));
        Assert.All(atRisk.QuerySelectorAll("#schools tbody tr"), r => Assert.NotEmpty(r.QuerySelectorAll("td.risk")));
        Assert.Empty(served.Errors);
    }

    [Fact]
    public async Task A_subfolder_of_profiles_that_serve_does_not_read_is_named_in_the_coverage()
    {
        // Two more schools moved into profiles/annex: serve showed 5 schools and said nothing of the other two.
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false, prepare: root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "profiles", "annex"));
            foreach (var id in new[] { "school-a", "school-b" })
            {
                File.Move(Path.Combine(root, "profiles", id + ".json"), Path.Combine(root, "profiles", "annex", id + ".json"));
            }
        });
        using var client = served.Client();

        var page = Parser.ParseDocument(await client.GetStringAsync("/"));

        Assert.StartsWith("5 files found in profiles: 5 schools evaluated", page.QuerySelector("#coverage")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("; not read, as serve reads only the folder's own files (start it with --recursive to read them): profiles/annex (2 .json files). Policy:", page.QuerySelector("#coverage")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_downloaded_from_serve_counts_and_names_what_the_page_does()
    {
        // The download was made from the schools shown alone: "7 files were found. 7 schools were evaluated ... 6,800
        // of 6,800 (100 %)" for a folder with a broken profile, a note and schools an import could not write.
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false, prepare: root =>
        {
            var profiles = Path.Combine(root, "profiles");
            File.WriteAllText(Path.Combine(profiles, "school-x.json"), """{ "id": "school-x", "name": 5 }""");
            var enrollment = Path.Combine(root, "enrollment.csv");
            File.WriteAllText(enrollment, "School ID,Students,Special Education Students\n610001,110,14\n610002,96,11\n610009,300,20\n");
            var roster = Path.Combine(TestPaths.RepositoryRoot, "samples", "roster");
            var import = CliRunner.Run(root, "import", "roster", Path.Combine(roster, "roster.csv"), "--enrollment", enrollment, "--mapping", Path.Combine(roster, "mapping.json"), "--out", Path.Combine(root, "imported"));
            Assert.True(import.ExitCode == 0, import.ToString());
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "imported")))
            {
                File.Move(file, Path.Combine(profiles, Path.GetFileName(file)));
            }
        });
        using var client = served.Client();

        var page = Parser.ParseDocument(await client.GetStringAsync("/"));
        Assert.Equal("11 files found in profiles: 9 schools evaluated (7,006 students); 1 school could not be evaluated (named below); 1 file is not a school profile; "
            + "the roster import that made this folder named 1 more school (300 students) it could not turn into profiles (import-report.json says why). "
            + "Policy: Demo district policy (illustrative, modelled on the report's setting).", page.QuerySelector("#coverage")!.TextContent.Trim());

        var summary = await client.GetStringAsync("/district/summary.md");
        Assert.Contains("11 files were found.", summary, StringComparison.Ordinal);
        Assert.Contains("profiles/school-x.json", summary, StringComparison.Ordinal);
        Assert.Contains("import-report.json", summary, StringComparison.Ordinal);
        Assert.Contains("named **1 school (300 students) it could not turn into profiles**", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_recursive_serve_shows_the_schools_of_the_subfolders_too()
    {
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false, recursive: true, prepare: root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "profiles", "annex"));
            File.Move(Path.Combine(root, "profiles", "school-b.json"), Path.Combine(root, "profiles", "annex", "school-b.json"));
        });
        using var client = served.Client();

        var page = Parser.ParseDocument(await client.GetStringAsync("/"));
        Assert.Equal("7 files found in profiles: 7 schools evaluated (6,800 students). Policy: Demo district policy (illustrative, modelled on the report's setting).", page.QuerySelector("#coverage")!.TextContent.Trim());
        var school = Parser.ParseDocument(await client.GetStringAsync("/schools/school-b"));
        Assert.Contains("profiles/annex/school-b.json", school.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copied_profile_is_named_not_shown_as_a_second_school()
    {
        // A copy of School A under another name, with the same id: serve showed 8 schools and 7,600 students, and the
        // link of either row opened the copy.
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false, prepare: root =>
        {
            var copy = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, "profiles", "school-a.json")))!;
            copy["name"] = "School A (draft)";
            File.WriteAllText(Path.Combine(root, "profiles", "school-a-draft.json"), copy.ToJsonString());
        });
        using var client = served.Client();

        var page = Parser.ParseDocument(await client.GetStringAsync("/"));
        Assert.StartsWith("8 files found in profiles: 7 schools evaluated (6,800 students); 1 school could not be evaluated (named below).", page.QuerySelector("#coverage")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(
            "profiles/school-a.json: PH1004: id: 'school-a' is also the id of profiles/school-a-draft.json, which comes first; ids must be unique in a district, so this profile was not shown",
            Assert.Single(page.QuerySelectorAll("#failed li")).TextContent);
        var school = Parser.ParseDocument(await client.GetStringAsync("/schools/school-a"));
        Assert.Equal("School A (draft)", school.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_school_at_a_cut_shows_what_goes_and_the_panel_agrees_with_plan()
    {
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false);
        using var client = served.Client();
        var panel30 = Parser.ParseDocument(await client.GetStringAsync("/schools/school-c/panel?cut=30"));
        var panel10 = Parser.ParseDocument(await client.GetStringAsync("/schools/school-c/panel?cut=10"));

        var plan = CliRunner.Run(served.Root, "plan", "profiles/school-c.json", "--cuts", "30", "--format", "json");
        Assert.Equal(0, plan.ExitCode);
        var result = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(served.Root, "out", "plan", "school-c", "result.json"))).RootElement;
        var names = result.GetProperty("scenarios")[0].GetProperty("cuts").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(names, panel30.QuerySelectorAll("#rules-package ol.cuts li .what").Select(e => e.TextContent));
        Assert.Equal("$1.71M", panel30.QuerySelector("#to-find")!.TextContent);
        Assert.True(panel10.QuerySelectorAll("#rules-package ol.cuts li").Length < panel30.QuerySelectorAll("#rules-package ol.cuts li").Length);

        // A package in the query: the protected item leaves the school's package, the rules' package is unchanged.
        var kept = Parser.ParseDocument(await client.GetStringAsync("/schools/school-c/panel?cut=30&pkg=1&protect=c002"));
        Assert.DoesNotContain("Assistant principal", kept.QuerySelectorAll("#your-package ol.cuts li .what").Select(e => e.TextContent));
        Assert.Contains("Assistant principal", kept.QuerySelectorAll("#rules-package ol.cuts li .what").Select(e => e.TextContent));
    }

    [Fact]
    public async Task Without_allow_edit_no_write_endpoint_answers_and_with_it_a_post_without_the_token_is_refused()
    {
        await using (var readOnly = await ServedWorkspace.StartAsync(allowEdit: false))
        {
            using var client = readOnly.Client();
            foreach (var path in new[] { "/rules/save", "/rules/check", "/rules/preview", "/schools/school-c/package" })
            {
                var response = await client.PostAsync(path, new FormUrlEncodedContent([new("file", "policy-blockers.json")]));
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{path} answered {response.StatusCode}");
            }

            Assert.False(Directory.Exists(Path.Combine(readOnly.Root, "overrides")));
        }

        await using var editable = await ServedWorkspace.StartAsync(allowEdit: true);
        using var edit = editable.Client();
        var refused = await edit.PostAsync("/schools/school-c/package", new FormUrlEncodedContent([new("protect", "c002")]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("antiforgery token is missing or stale", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(editable.Root, "overrides")));
    }

    [Theory]
    [InlineData("/schools/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.BadRequest)]
    [InlineData("/schools/School-C", HttpStatusCode.BadRequest)]
    [InlineData("/schools/school-z", HttpStatusCode.NotFound)]
    [InlineData("/schools/school-c/memo.exe", HttpStatusCode.NotFound)]
    [InlineData("/assets/..%2Fappsettings.json", HttpStatusCode.NotFound)]
    public async Task Ids_are_ids_a_path_like_one_is_refused(string path, HttpStatusCode expected)
    {
        await using var served = await ServedWorkspace.StartAsync(allowEdit: false);
        using var client = served.Client();
        Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_hostile_school_name_stays_text_on_every_page()
    {
        const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        await using var served = await ServedWorkspace.StartAsync(allowEdit: true, prepare: root =>
        {
            var profile = Path.Combine(root, "profiles", "school-e.json");
            File.WriteAllText(profile, File.ReadAllText(profile).Replace("\"name\": \"School E\"", "\"name\": \"" + Hostile.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", StringComparison.Ordinal));
        });
        using var client = served.Client();
        foreach (var path in new[] { "/", "/schools/school-e", "/schools/school-e/panel?cut=30", "/rules", "/plugins" })
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            var page = Parser.ParseDocument(html);
            Assert.Empty(page.QuerySelectorAll("img, script:not([src])"));
            if (path is "/" or "/schools/school-e")
            {
                Assert.Contains(Hostile, page.Body!.TextContent, StringComparison.Ordinal);
            }
        }
    }
}
