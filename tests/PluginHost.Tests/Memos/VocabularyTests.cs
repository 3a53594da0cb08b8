using System.Text.Json;
using PluginHost.Memos;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>Every key the shipped rules and schemas use has words for a board; a new flag or policy area without them fails here.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void Every_shipped_flag_policy_area_owner_and_timing_has_words()
    {
        var files = Directory.EnumerateFiles(TestPaths.Rules, "*.json")
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "plugins"), "*.json", SearchOption.AllDirectories).Where(f => f.Contains("/rules/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)));
        var missing = new List<string>();
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (!document.RootElement.TryGetProperty("Rules", out var rules))
            {
                continue;
            }

            foreach (var rule in rules.EnumerateArray())
            {
                var properties = rule.GetProperty("Properties");
                void Need(string property, IReadOnlyDictionary<string, string> words)
                {
                    if (properties.TryGetProperty(property, out var value))
                    {
                        foreach (var key in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!) : [value.GetString()!])
                        {
                            if (!words.ContainsKey(key))
                            {
                                missing.Add($"{Path.GetFileName(file)}: {rule.GetProperty("RuleName").GetString()}: {property} '{key}'");
                            }
                        }
                    }
                }

                Need("flag", Vocabulary.Flags);
                Need("policy", Vocabulary.Policies);
                Need("liftedBy", Vocabulary.Owners);
                Need("when", Vocabulary.Timings);
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Owners_and_timings_are_one_vocabulary_in_the_rule_loader_the_memo_words_and_the_workflow_schema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Schemas, "workflow.schema.json")));
        var properties = schema.RootElement.GetProperty("definitions").GetProperty("rule").GetProperty("properties").GetProperty("Properties").GetProperty("properties");
        var schemaOwners = properties.GetProperty("liftedBy").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var schemaTimings = properties.GetProperty("when").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.Equal(PluginHost.Policy.Owners.All, schemaOwners);
        Assert.Equal(PluginHost.Policy.Owners.All.Order(StringComparer.Ordinal), Vocabulary.Owners.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PluginHost.Policy.Timings.All, schemaTimings);
        Assert.Equal(PluginHost.Policy.Timings.All.Order(StringComparer.Ordinal), Vocabulary.Timings.Keys.Order(StringComparer.Ordinal));
    }
}
