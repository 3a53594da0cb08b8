using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>Categories are data: rules/categories.json is the one list every part reads.</summary>
public sealed class CategoryCatalogTests
{
    [Fact]
    public void A_category_added_only_in_the_catalog_and_a_rule_gets_its_own_cut_step_in_the_memo()
    {
        using var temp = new TempDir();
        TempDir.Copy(TestPaths.Rules, temp.Combine("rules"));
        var catalogPath = temp.Combine("rules", "categories.json");
        var catalog = JsonNode.Parse(File.ReadAllText(catalogPath))!;
        catalog["categories"]!.AsArray().Insert(1, new JsonObject
        {
            ["id"] = "library-media", ["label"] = "Library and media staff", ["personnel"] = true, ["schoolCuttable"] = true,
        });
        File.WriteAllText(catalogPath, catalog.ToJsonString());
        var rulesPath = temp.Combine("rules", "cut-priorities.json");
        var rules = JsonNode.Parse(File.ReadAllText(rulesPath))!;
        rules["Rules"]!.AsArray().Insert(0, new JsonObject
        {
            ["RuleName"] = "CutLibraryMediaFirst",
            ["Expression"] = "true",
            ["Properties"] = new JsonObject { ["category"] = "library-media", ["priority"] = 1, ["explanation"] = "The library goes first in this district." },
        });
        File.WriteAllText(rulesPath, rules.ToJsonString());

        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json")))!;
        profile.AsObject().Remove("$schema");
        profile["positions"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "lib1", ["title"] = "Librarian", ["role"] = "librarian", ["category"] = "library-media",
            ["fte"] = 1.0, ["salary"] = 61_000, ["benefits"] = 19_000, ["funding"] = "general",
        });
        File.WriteAllText(temp.Combine("school.json"), profile.ToJsonString());

        var result = CliRunner.Run(temp.Path, "--rules", temp.Combine("rules"), "plan", "school.json", "--format", "md,json", "--out", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        var memo = File.ReadAllText(temp.Combine("out", "school-g", "memo.md"));
        // Priority 1, tied with administrative staffing: the catalog lists the new category second, so it is cut second.
        Assert.Contains("| 2 | Library and media staff | none | — | profile order |", memo, StringComparison.Ordinal);
        Assert.Contains("| Library and media staff | Librarian | 1.0 | $80K |", memo, StringComparison.Ordinal);
        Assert.Contains("| Library and media staff | 1 | `CutLibraryMediaFirst` | rules/cut-priorities.json |", memo, StringComparison.Ordinal);
        var result10 = JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "school-g", "result.json"))).RootElement.GetProperty("scenarios")[0];
        var library = Assert.Single(result10.GetProperty("cuts").EnumerateArray(), c => c.GetProperty("category").GetString() == "library-media");
        Assert.Equal(80_000m, library.GetProperty("amount").GetDecimal());
        Assert.Equal(["administrative", "library-media"], result10.GetProperty("cuts").EnumerateArray().Select(c => c.GetProperty("category").GetString()).Distinct().Take(2));
    }

    [Fact]
    public void A_profile_naming_a_category_the_catalog_lacks_lists_the_catalog_ids()
    {
        using var temp = new TempDir();
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json")))!;
        profile.AsObject().Remove("$schema");
        profile["positions"]![0]!["category"] = "library-media";
        File.WriteAllText(temp.Combine("school.json"), profile.ToJsonString());

        var result = CliRunner.Run(temp.Path, "plan", "school.json", "--out", "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("positions[0].category: 'library-media' is not allowed; valid values: 'administrative', 'operations', 'after-school-elective', 'instructional-support', 'student-services', 'teaching', 'central'", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }
}
