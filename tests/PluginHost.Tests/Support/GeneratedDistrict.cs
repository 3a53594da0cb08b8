using System.Text.Json.Nodes;

namespace PluginHost.Tests.Support;

/// <summary>Writes generated school profiles: demo schools under new ids, with enrollment and staff varied.</summary>
internal static class GeneratedDistrict
{
    private static readonly string[] Templates = ["school-a", "school-b", "school-c", "school-d", "school-e", "school-f", "school-g"];

    public static IReadOnlyList<string> Write(string folder, int count, int seed = 7)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var sources = Templates.Select(t => JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoDistrict, t + ".json")))!.AsObject()).ToList();
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var profile = sources[i % sources.Count].DeepClone().AsObject();
            profile.Remove("$schema");
            var id = $"gen-{i:D6}";
            profile["id"] = id;
            profile["name"] = $"Generated school {i}";
            var students = (int)profile["enrollment"]!["students"]! + random.Next(-50, 51);
            profile["enrollment"] = new JsonObject { ["students"] = students };
            var positions = profile["positions"]!.AsArray();
            foreach (var teacher in positions.Where(p => (string)p!["role"]! == "teacher").Take(random.Next(0, 4)).ToList())
            {
                positions.Remove(teacher);
            }

            var path = Path.Combine(folder, id + ".json");
            File.WriteAllText(path, profile.ToJsonString());
            paths.Add(path);
        }

        return paths;
    }
}
