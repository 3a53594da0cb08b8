using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PluginHost.Diagnostics;

namespace PluginHost.Inputs;

/// <summary>One policy field as the schema names it: its JSON path and its title ("teacher-leader pay on the salary schedule").</summary>
internal sealed record PolicyField(string Name, string Title);

/// <summary>One --set applied: which field, what it was and what it becomes, as JSON text.</summary>
internal sealed record PolicySetting(string Name, string Title, string Before, string After);

/// <summary>
/// impact --set NAME=VALUE: a policy changed field by field. Names are the policy's JSON paths as its schema defines
/// them; the changed policy is checked against the same schema as a policy file, so a bad value is refused the same way.
/// </summary>
internal static class PolicyEdits
{
    /// <summary>Every field a --set may name, read from the policy schema (objects are walked; their leaves are fields).</summary>
    public static IReadOnlyList<PolicyField> Fields(string schemaPath)
    {
        var fields = new List<PolicyField>();
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        void Walk(JsonElement node, string prefix)
        {
            if (!node.TryGetProperty("properties", out var properties))
            {
                return;
            }

            foreach (var property in properties.EnumerateObject().Where(p => p.Name != "$schema"))
            {
                var name = prefix + property.Name;
                if (property.Value.TryGetProperty("properties", out _))
                {
                    Walk(property.Value, name + ".");
                }
                else
                {
                    fields.Add(new PolicyField(name, property.Value.TryGetProperty("title", out var title) ? title.GetString()! : name));
                }
            }
        }

        Walk(schema.RootElement, "");
        return fields;
    }

    /// <summary>The baseline policy's JSON with every --set applied, validated and bound; every problem reported at once.</summary>
    public static (DistrictPolicy Policy, IReadOnlyList<PolicySetting> Settings) Apply(JsonInputReader reader, string schemaPath, string? baselineFile, DistrictPolicy baseline, IReadOnlyList<string> sets)
    {
        var fields = Fields(schemaPath).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var root = (baselineFile is null ? JsonSerializer.SerializeToNode(baseline, Unset) : JsonNode.Parse(File.ReadAllText(baselineFile)))!.AsObject();
        var problems = new List<Diagnostic>();
        var settings = new List<PolicySetting>();
        foreach (var set in sets)
        {
            var equals = set.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? set.Trim() : set[..equals].Trim();
            if (equals < 0 || !fields.TryGetValue(name, out var field))
            {
                problems.Add(Error(equals < 0
                    ? $"--set '{set}': write NAME=VALUE, for example compensation.leadershipPayOnSchedule=true"
                    : $"--set {name}: the policy has no such field{Suggestion.DidYouMean(name, fields.Keys)}; valid names: {string.Join(", ", fields.Keys)}"));
                continue;
            }

            var text = set[(equals + 1)..].Trim();
            var value = Value(text);
            var before = Lookup(root, name);
            Put(root, name, value);
            settings.Add(new PolicySetting(name, field.Title, before?.ToJsonString() ?? "(not set)", value.ToJsonString()));
        }

        var json = root.ToJsonString();
        DistrictPolicy? policy = null;
        try
        {
            var source = new JsonSource(baselineFile ?? "--set", JToken.Parse(json)) { Text = json };
            policy = reader.Read<DistrictPolicy>(source, InputLoader.PolicySchemaFile, ErrorCodes.PolicySetting).Model;
        }
        catch (DiagnosticException ex)
        {
            // The schema speaks of the field and the value; the place to fix it is the --set on the command line.
            problems.AddRange(ex.Diagnostics.Select(d => Error($"--set: {d.Message}")));
        }

        return problems.Count > 0 ? throw new DiagnosticException(problems) : (policy!, settings);
    }

    /// <summary>
    /// The neutral policy (a folder with no policy file) as a file would write it: a field it leaves unset, such as a
    /// ratio ceiling, is absent rather than null, which the schema refuses; every --set on it was once refused so.
    /// </summary>
    private static readonly JsonSerializerOptions Unset = new(JsonInputReader.ModelOptions) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A JSON literal (true, 20, 0.02, [..], "text") as written; anything else is taken as text.</summary>
    private static JsonNode Value(string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? JsonValue.Create(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static JsonNode? Lookup(JsonObject root, string name)
    {
        JsonNode? node = root;
        foreach (var part in name.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
        }

        return node;
    }

    private static void Put(JsonObject root, string name, JsonNode value)
    {
        var parts = name.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = [];
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }

    private static Diagnostic Error(string message) => Diagnostic.Error("pluginhost", ErrorCodes.PolicySetting, message);
}
