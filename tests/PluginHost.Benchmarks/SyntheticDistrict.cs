using System.Text.Json.Nodes;

namespace PluginHost.Benchmarks;

/// <summary>
/// A large synthetic district for the end-to-end benchmarks: the demo schools repeated under new ids, each with
/// its enrollment and teaching staff varied, written as compact JSON with the demo policy beside them.
/// </summary>
internal static class SyntheticDistrict
{
    public static int Write(int count, string folder)
    {
        Directory.CreateDirectory(folder);
        var templates = Directory.EnumerateFiles(Setup.DemoDistrict, "school-*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToList();
        File.Copy(Path.Combine(Setup.DemoDistrict, "district-policy.json"), Path.Combine(folder, "district-policy.json"), overwrite: true);
        var random = new Random(2018);
        for (var i = 0; i < count; i++)
        {
            var school = templates[i % templates.Count].DeepClone().AsObject();
            school.Remove("$schema");
            school["id"] = $"synthetic-{i:D6}";
            school["name"] = $"Synthetic school {i}";
            var students = (int)school["enrollment"]!["students"]! * random.Next(80, 121) / 100;
            school["enrollment"] = new JsonObject { ["students"] = students };
            var positions = school["positions"]!.AsArray();
            var drop = random.Next(0, 4);
            foreach (var teacher in positions.Where(p => (string)p!["role"]! == "teacher").Take(drop).ToList())
            {
                positions.Remove(teacher);
            }

            File.WriteAllText(Path.Combine(folder, $"synthetic-{i:D6}.json"), school.ToJsonString());
        }

        Console.WriteLine($"wrote {count} profiles to {folder}");
        return 0;
    }
}
