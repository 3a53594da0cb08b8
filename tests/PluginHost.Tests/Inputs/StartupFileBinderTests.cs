using System.Text.Json;
using PluginHost.Catalog;
using PluginHost.Inputs;
using PluginHost.Io;
using PluginHost.Policy;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Inputs;

/// <summary>
/// The small files every command reads at start (plugins.lock.json, plugin.json, the category and recommendation
/// catalogs, a district policy) are bound by their records' own readers over a parsed document, not by the serialiser,
/// whose first use costs a cold process about 60 ms. A reader may give up (the serialiser then reads the file, as it
/// always did), but what it makes must be what the serialiser makes: checked on every shipped and fixture file and
/// on 80 broken or reshaped copies of each.
/// </summary>
public sealed class StartupFileBinderTests
{
    public static TheoryData<string> Kinds => ["plugin manifest", "categories", "recommendations", "district policy", "plugins lock"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_records_own_reader_makes_what_the_serialiser_makes_or_gives_up(string kind)
    {
        var (shipped, others, bind, type, options) = Case(kind);
        var originals = shipped.Select(File.ReadAllText).Concat(others).ToList();

        // Every shipped file is read by its record's reader: the serialiser is not needed at start.
        Assert.NotEmpty(shipped);
        foreach (var file in shipped)
        {
            Assert.True(JsonFields.Bind(File.ReadAllBytes(file), bind) is not null, $"{kind}: the reader gave up on {file}");
        }

        // Each kind has its own seeded generator: its mutants do not depend on which kinds ran before it.
        var random = new Random(20261127);
        var (bound, refused, checkedCount) = (0, 0, 0);
        var disagreements = new List<string>();
        foreach (var candidate in originals.SelectMany(o => Enumerable.Range(0, 80).Select(_ => FastSchemaTests.Mutate(o, random)).Prepend(o)))
        {
            checkedCount++;
            var bytes = System.Text.Encoding.UTF8.GetBytes(candidate);
            var ours = JsonFields.Bind(bytes, bind);
            var theirs = Serialised(bytes, type, options);
            refused += theirs is null ? 1 : 0;
            if (ours is null)
            {
                continue;
            }

            bound++;
            var (made, expected) = (JsonSerializer.Serialize(ours, type, options), theirs is null ? "(refused)" : JsonSerializer.Serialize(theirs, type, options));
            if (made != expected)
            {
                disagreements.Add($"{kind}: the reader made {made}, the serialiser {expected}, from {candidate}");
            }
        }

        Assert.True(bound > checkedCount / 10, $"{kind}: the reader bound only {bound} of {checkedCount}");
        Assert.True(refused > checkedCount / 10, $"{kind}: the serialiser refused only {refused} of {checkedCount}; the mutants are not breaking enough");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {checkedCount} disagree, for example:\n{string.Join("\n", disagreements.Take(3))}");
    }

    private static object? Serialised(byte[] bytes, Type type, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type, options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The shipped files of a kind, which its reader must read, and other documents of the kind (fixtures, the serialiser's own output).</summary>
    private static (IReadOnlyList<string> Shipped, IEnumerable<string> Others, Func<JsonElement, object?> Bind, Type Type, JsonSerializerOptions Options) Case(string kind)
    {
        var model = JsonInputReader.ModelOptions;
        var root = TestPaths.RepositoryRoot;
        return kind switch
        {
            "plugin manifest" => (Directory.GetDirectories(Path.Combine(root, "plugins")).Select(d => Path.Combine(d, PluginManifest.FileName)).ToList(),
                Directory.GetDirectories(Path.Combine(root, "tests", "Fixtures")).Select(d => Path.Combine(d, PluginManifest.FileName)).Where(File.Exists).Select(File.ReadAllText),
                PluginManifest.Bind, typeof(PluginManifest), model),
            "categories" => ([Path.Combine(TestPaths.Rules, CategoryCatalog.FileName)], [], JsonInputReader.CategoryCatalogFile.Bind, typeof(JsonInputReader.CategoryCatalogFile), model),
            "recommendations" => ([Path.Combine(TestPaths.Rules, "recommendations.json")], [], RecommendationCatalog.Bind, typeof(RecommendationCatalog), model),
            "district policy" => ([Path.Combine(TestPaths.DemoDistrict, "district-policy.json")], [JsonSerializer.Serialize(DistrictPolicy.Neutral with { StudentsPerTeacherCeiling = 24.5m }, model)],
                DistrictPolicy.Bind, typeof(DistrictPolicy), model),
            _ => ([PluginTrust.PathFor(TestPaths.ShippedPlugins)], [], PluginTrust.Bind, typeof(PluginTrust), Json.Web),
        };
    }
}
