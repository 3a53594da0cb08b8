namespace PluginHost.Tests.Support;

/// <summary>Plugin folders for tests: the shipped plugins plus fixture plugins built with the tests.</summary>
internal static class Fixtures
{
    public static string FixturePlugin(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>A temporary plugins folder holding the shipped plugins and the named fixtures.</summary>
    public static string PluginsWith(TempDir temp, params string[] fixtures)
    {
        var plugins = temp.Combine("plugins");
        TempDir.Copy(TestPaths.ShippedPlugins, plugins);
        foreach (var fixture in fixtures)
        {
            TempDir.Copy(FixturePlugin(fixture), Path.Combine(plugins, fixture));
        }

        return plugins;
    }

    /// <summary>A small valid profile for an archetype, written into the temp folder.</summary>
    public static string ProfileFor(TempDir temp, string id, params string[] archetypes)
    {
        var source = File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, "school-g.json"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(source)!.AsObject();
        json.Remove("$schema");
        json["id"] = id;
        json["name"] = $"School {id}";
        json["archetypes"] = new System.Text.Json.Nodes.JsonArray([.. archetypes.Select(a => System.Text.Json.Nodes.JsonValue.Create(a))]);
        var path = temp.Combine(id + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
