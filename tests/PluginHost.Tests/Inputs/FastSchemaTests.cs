using CsCheck;
using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PluginHost.Inputs;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Inputs;

/// <summary>
/// The compiled schema (the fast path) against NJsonSchema (the full validator) on the same documents: every shipped
/// profile and policy, generated districts, and thousands of generated broken copies. The two must give the same
/// verdict on every one, so the fast path never lets through what the schema refuses, nor sends the good inputs a
/// district is made of down the slow path.
/// </summary>
public sealed class FastSchemaTests
{
    [Fact]
    public void The_fast_validator_gives_the_schemas_verdict_on_every_fixture_and_every_generated_broken_profile()
    {
        using var temp = new TempDir();
        var reader = new JsonInputReader(TestPaths.Schemas);
        var profiles = Directory.EnumerateFiles(TestPaths.DemoDistrict, "school-*.json")
            .Concat(GeneratedDistrict.Write(temp.Combine("district"), 40))
            .Select(File.ReadAllText)
            .ToList();
        profiles.Add(WithEveryOptionalField(profiles[0]));
        var policies = Directory.EnumerateFiles(TestPaths.DemoDistrict, "*policy*.json").Select(File.ReadAllText).ToList();

        // Rule files are checked the same way when they load: every workflow the district and the plugins ship.
        var workflows = new[] { "cut-priorities.json", "policy-blockers.json", "sustainability-flags.json" }.Select(f => Path.Combine(TestPaths.Rules, f))
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.Rules, "..", "plugins"), "*.json", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "rules"))
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f)) is JsonArray all ? all.Select(w => w!.ToJsonString()) : [File.ReadAllText(f)])
            .ToList();
        Assert.True(workflows.Count >= 6, $"only {workflows.Count} shipped workflows were found");

        var random = new Random(20261126);
        var checkedCount = 0;
        var rejected = 0;
        var repeats = 0;
        var bound = 0;
        var boundFields = new HashSet<string>(StringComparer.Ordinal);
        var disagreements = new List<string>();
        foreach (var (schema, documents) in new[] { (InputLoader.ProfileSchemaFile, profiles), (InputLoader.PolicySchemaFile, policies), ("workflow.schema.json", workflows) })
        {
            var fast = FastSchema.Compile(SchemaText(reader, schema));
            foreach (var document in documents)
            {
                foreach (var candidate in new[] { document }.Concat(Enumerable.Range(0, 60).Select(_ => Mutate(document, random))))
                {
                    var bytes = System.Text.Encoding.UTF8.GetBytes(candidate);
                    var slowValid = reader.Validate(new JsonSource("doc.json", JToken.Parse(candidate)), schema, "PH1002").Count == 0;
                    var strictJson = IsStrict(bytes);
                    checkedCount++;
                    repeats += strictJson ? 0 : 1;
                    rejected += slowValid && strictJson ? 0 : 1;

                    // Without strict, the validator sees only JSON already checked strict, as the reader gives it.
                    var fastValid = fast.Validate(bytes);
                    if (strictJson && slowValid != fastValid)
                    {
                        disagreements.Add($"{schema}: schema says {(slowValid ? "valid" : "invalid")}, fast path says {(fastValid ? "valid" : "invalid")}: {candidate[..Math.Min(candidate.Length, 300)]}");
                    }

                    // Strict, it stands for both checks at once: strict JSON and the schema's verdict.
                    var strictValid = fast.Validate(bytes, strict: true);
                    if (strictValid != (slowValid && strictJson))
                    {
                        disagreements.Add($"{schema}, strict: schema says {(slowValid ? "valid" : "invalid")} and strict JSON {(strictJson ? "yes" : "no")}, fast path says {(strictValid ? "valid" : "invalid")}: {candidate[..Math.Min(candidate.Length, 300)]}");
                    }

                    // A profile is checked and bound in one pass by the profile's own reader: it must accept exactly what the
                    // strict validation accepts (given every field it knows), and make what the serialiser makes.
                    if (schema == InputLoader.ProfileSchemaFile)
                    {
                        var profile = ProfileBinder.TryBind(bytes, fast);
                        if ((profile is not null) != strictValid)
                        {
                            disagreements.Add($"profile reader: strict validation says {(strictValid ? "valid" : "invalid")}, the reader {(profile is null ? "did not bind it" : "bound it")}: {candidate[..Math.Min(candidate.Length, 300)]}");
                        }

                        if (strictValid)
                        {
                            bound++;
                            boundFields.UnionWith(FieldsIn(JsonNode.Parse(candidate), ""));
                            var expected = JsonSerializer.Serialize(JsonSerializer.Deserialize<SchoolProfile>(bytes, JsonInputReader.ModelOptions), JsonInputReader.ModelOptions);
                            var actual = profile is not null ? JsonSerializer.Serialize(profile, JsonInputReader.ModelOptions) : "(not bound)";
                            if (actual != expected)
                            {
                                disagreements.Add($"binding: the profile reader made {actual[..Math.Min(actual.Length, 300)]}, the serialiser {expected[..Math.Min(expected.Length, 300)]}");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(checkedCount > 2800, $"only {checkedCount} documents were checked");
        Assert.True(bound > 300, $"only {bound} valid profiles were bound");
        var unbound = FieldsOf(JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Schemas, InputLoader.ProfileSchemaFile)))!, "").Except(boundFields).ToList();
        Assert.True(unbound.Count == 0, $"no valid profile here has {string.Join(", ", unbound)}; add it to WithEveryOptionalField so its binding is compared");
        Assert.True(repeats > checkedCount / 10, $"only {repeats} of {checkedCount} mutants repeat a key; the generator is not repeating enough");
        Assert.True(rejected > checkedCount / 3, $"only {rejected} of {checkedCount} mutants were invalid; the generator is not breaking enough");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {checkedCount} disagree, for example:\n{string.Join("\n", disagreements.Take(5))}");
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A profile with the optional fields no shipped or generated profile has, so their binding is compared too.</summary>
    private static string WithEveryOptionalField(string json)
    {
        var profile = JsonNode.Parse(json)!.AsObject();
        profile["missingData"] = new JsonArray("devices", "startup");
        profile["balancedBudgetAssumed"] = true;
        profile["enrollment"]!["projection"] = new JsonArray(400, 410, 420);
        profile["enrollment"]!["specialEducation"] = 40;
        profile["positions"]![0]!["vacant"] = true;
        profile["positions"]![0]!["restricted"] = true;
        profile["positions"]![0]!["designElements"] = new JsonArray("lab-block");
        profile["nonPersonnel"]![0]!["grantId"] = "title-iv";
        profile["nonPersonnel"]![0]!["designElements"] = new JsonArray("lab-block", "advisory");
        profile["devices"] = new JsonArray(new JsonObject { ["name"] = "Laptops", ["count"] = 10, ["unitCost"] = 350.5m, ["refreshYears"] = 4, ["funding"] = "restricted" });
        return profile.ToJsonString();
    }

    /// <summary>Every field path a schema declares ("positions[].stipend.grantId"), following its references.</summary>
    private static IEnumerable<string> FieldsOf(JsonNode schema, string at, JsonNode? root = null)
    {
        root ??= schema;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = root["definitions"]![reference["#/definitions/".Length..]]!;
        }

        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            if (name == "$schema")
            {
                continue;
            }

            yield return at + name;
            foreach (var inner in FieldsOf(property!, at + name + ".", root))
            {
                yield return inner;
            }
        }

        if (schema["items"] is { } items)
        {
            foreach (var inner in FieldsOf(items, at.TrimEnd('.') + "[].", root))
            {
                yield return inner;
            }
        }
    }

    /// <summary>Every field path a document has, in the same form.</summary>
    private static IEnumerable<string> FieldsIn(JsonNode? node, string at) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$schema" ? [] : FieldsIn(p.Value, at + p.Key + ".").Prepend(at + p.Key)),
        JsonArray a => a.SelectMany(item => FieldsIn(item, at.TrimEnd('.') + "[].")),
        _ => [],
    };

    private static bool IsStrict(byte[] bytes)
    {
        try
        {
            PluginHost.Io.StrictJson.Check(bytes, "doc.json", "PH1001");
            return true;
        }
        catch (PluginHost.Diagnostics.DiagnosticException)
        {
            return false;
        }
    }

    [Fact]
    public void A_class_pattern_matches_exactly_what_its_regular_expression_matches()
    {
        var patterns = Directory.EnumerateFiles(TestPaths.Schemas, "*.json")
            .SelectMany(f => JObject.Parse(File.ReadAllText(f)).Descendants().OfType<JProperty>().Where(p => p.Name == "pattern").Select(p => (string)p.Value!))
            .Distinct()
            .ToList();
        var simple = patterns.Where(p => ClassPattern.Of(p) is not null).ToList();
        Assert.Equal(["^[A-Z][A-Z0-9-]*$", "^[A-Za-z0-9][A-Za-z0-9._-]*$", "^[A-Za-z][A-Za-z0-9_.-]*$", "^[a-z0-9][a-z0-9-]*$", "^[a-z0-9][a-z0-9.-]*$"], simple.Order(StringComparer.Ordinal));
        Assert.Equal(3, patterns.Count - simple.Count);

        // Values written without escapes (no line feed): the characters at each range's ends and just past them, and a few more.
        var text = Gen.String[Gen.OneOf(Gen.Const('a'), Gen.Const('z'), Gen.Const('A'), Gen.Const('Z'), Gen.Const('0'),
            Gen.Const('9'), Gen.Const('-'), Gen.Const('.'), Gen.Const('_'), Gen.Const('/'), Gen.Const(':'), Gen.Const('@'),
            Gen.Const('['), Gen.Const('`'), Gen.Const('{'), Gen.Const(','), Gen.Const(' '), Gen.Char[' ', '~']), 0, 8];
        foreach (var pattern in simple)
        {
            var regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            var classes = ClassPattern.Of(pattern)!;
            text.Sample(value => Assert.True(regex.IsMatch(value) == classes.Matches(System.Text.Encoding.ASCII.GetBytes(value)), $"{pattern} on '{value}'"), iter: 20_000);
        }
    }

    /// <summary>The schema as the reader validates with it: the category enums filled in from the catalog.</summary>
    private static string SchemaText(JsonInputReader reader, string schemaFile)
    {
        var catalog = reader.Categories;
        var root = JObject.Parse(File.ReadAllText(Path.Combine(TestPaths.Schemas, schemaFile)));
        foreach (var field in root.DescendantsAndSelf().OfType<JObject>().Where(o => o.ContainsKey("x-categories")).ToList())
        {
            field["enum"] = new JArray(field["x-categories"]!.ToString() switch { "personnel" => catalog.PersonnelIds, "spending" => catalog.SpendingIds, _ => catalog.Ids });
        }

        return root.ToString();
    }

    /// <summary>One small break in a copy of the document: a field removed, a wrong type, an out-of-range or empty value, an unknown field, a repeat.</summary>
    internal static string Mutate(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
        void Walk(JsonNode? parent, string? key, int index, JsonNode? node)
        {
            nodes.Add((parent, key, index, node));
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o.ToList())
                {
                    Walk(o, k, -1, v);
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a, null, i, a[i]);
                }
            }
        }

        Walk(null, null, -1, root);
        var (parent, name, position, target) = nodes[random.Next(1, nodes.Count)];
        JsonNode? replacement = random.Next(13) switch
        {
            10 => JsonValue.Create("caf\u00e9"),
            11 => JsonValue.Create("teacher\n"),
            12 => JsonValue.Create(target is JsonValue v && v.TryGetValue<string>(out var shown) ? shown.ToUpperInvariant() : "x"),
            0 => JsonValue.Create("text"),
            1 => JsonValue.Create(-1),
            2 => JsonValue.Create(1.5),
            3 => JsonValue.Create(""),
            4 => JsonValue.Create(1_000_000_000_000m),
            5 => null,
            6 => new JsonArray(),
            7 => new JsonObject(),
            8 => JsonValue.Create(true),
            _ => JsonValue.Create("Not An Id!"),
        };
        switch (random.Next(4))
        {
            case 0 when parent is JsonObject o:
                o.Remove(name!);
                break;
            case 1 when target is JsonObject t:
                t["unexpectedField"] = 1;
                break;
            case 2 when parent is JsonArray a && target is not null:
                a.Add(target.DeepClone());
                break;
            default:
                if (parent is JsonObject po)
                {
                    po[name!] = replacement;
                }
                else if (parent is JsonArray pa)
                {
                    pa[position] = replacement;
                }

                break;
        }

        // Sometimes one property name is written with an escape ("\u0069d" for "id"): the same name to a validator.
        // Half are written with non-ASCII characters as they are (UTF-8), half with them escaped, as System.Text.Json would.
        var text = random.Next(2) == 0 ? root.ToJsonString(Relaxed) : root.ToJsonString();
        if (random.Next(4) == 0 && nodes[random.Next(1, nodes.Count)].Key is { Length: > 0 } key && text.IndexOf($"\"{key}\":", StringComparison.Ordinal) is var at and >= 0)
        {
            text = string.Concat(text.AsSpan(0, at + 1), $"\\u{(int)key[0]:x4}", text.AsSpan(at + 2));
        }

        // Sometimes a key is given twice in one object (a second time just before the first, perhaps escaped): strict
        // JSON refuses it, whatever either value is.
        if (random.Next(5) == 0 && nodes[random.Next(1, nodes.Count)].Key is { Length: > 0 } again && text.IndexOf($"\"{again}\":", StringComparison.Ordinal) is var first and >= 0)
        {
            var written = random.Next(3) == 0 ? $"\\u{(int)again[0]:x4}{again[1..]}" : again;
            var value = random.Next(3) switch { 0 => "1", 1 => "\"x\"", _ => "null" };
            text = string.Concat(text.AsSpan(0, first), $"\"{written}\":{value},", text.AsSpan(first));
        }

        return text;
    }

    [Fact]
    public void A_plain_number_is_read_as_the_json_reader_reads_it_to_the_digit_and_scale()
    {
        // Numbers as profiles write them and around every edge of the plain path: zeros at several scales, leading
        // zeros after the point, 18 and 19 digits, a sign, an exponent, a point with nothing after it (not JSON).
        var digit = Gen.Char['0', '9'];
        var text = Gen.Frequency(
            (4, Gen.Select(Gen.Int[1, 12], Gen.Int[0, 8], Gen.Bool).SelectMany((whole, fraction, point) =>
                Gen.Select(digit.Array[whole], digit.Array[fraction]).Select((w, f) =>
                    new string(w).TrimStart('0').PadLeft(1, '0') + (point && fraction > 0 ? "." + new string(f) : "")))),
            (1, Gen.OneOf("0", "0.0", "0.00", "1.50", "140000", "123456789012345678", "1234567890123456789", "0.000000000000000001",
                "12345678901234567.8", "-1.0", "-0", "5e2", "1E0", "1.", ".5", "1.2.3", "")));
        var shortcuts = 0;
        text.Sample(number =>
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(number);
            if (FastSchema.Node.PlainDecimal(bytes, out var plain))
            {
                shortcuts++;
                var reader = new Utf8JsonReader(bytes);
                Assert.True(reader.Read(), number);
                Assert.True(reader.TryGetDecimal(out var parsed), number);
                Assert.Equal(decimal.GetBits(parsed), decimal.GetBits(plain));
            }
            else
            {
                Assert.False(System.Text.RegularExpressions.Regex.IsMatch(number, "^(0|[1-9][0-9]{0,17}|0\\.[0-9]{1,17}|[1-9][0-9]*\\.[0-9]+)$") && number.Count(char.IsAsciiDigit) <= 18,
                    $"{number} is plain and should have been read without the parser");
            }
        }, iter: 20_000);
        Assert.True(shortcuts > 10_000, $"only {shortcuts} numbers took the plain path");
    }
}
