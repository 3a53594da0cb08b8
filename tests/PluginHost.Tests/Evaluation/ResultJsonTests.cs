using System.Text;
using System.Text.Json;
using CsCheck;
using PluginHost.Memos;
using PluginHost.Runs;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Evaluation;

/// <summary>result.json is written by hand (ResultJsonWriter); it must be byte for byte what the reflection-based serialiser writes.</summary>
public sealed class ResultJsonTests
{
    [Fact]
    public void The_result_writer_writes_the_same_bytes_as_the_reflection_serialiser_for_every_demo_and_generated_school()
    {
        using var temp = new TempDir();
        var results = DemoResults.Of(BatchRunner.ProfilesIn(TestPaths.DemoDistrict).Concat(GeneratedDistrict.Write(temp.Combine("district"), 30)));

        foreach (var (file, result) in results)
        {
            var reflection = JsonSerializer.Serialize(result, Io.Json.Web);
            var generated = Encoding.UTF8.GetString(ResultJson.Utf8(result));
            Assert.True(reflection == generated, $"{file}: the result writer differs from the reflection serialiser");
            Assert.True(generated == Encoding.UTF8.GetString(ResultJson.Utf8Reused(result).Span), $"{file}: the reused buffer's bytes differ");
        }

        Assert.Equal(37, results.Count);
    }

    /// <summary>Decimals of every scale and size, and the edges of the integer path (64 bits, a zero below zero).</summary>
    private static readonly Gen<decimal> Decimals = Gen.OneOf(
        Gen.Long.Select(Gen.Byte[0, 28], (n, scale) => new decimal((int)(n & 0xFFFF_FFFF), (int)((ulong)n >> 32), 0, n < 0, scale)),
        Gen.ULong.Select(Gen.Bool, Gen.Byte[0, 4], (n, negative, scale) => new decimal((int)(n & 0xFFFF_FFFF), (int)(n >> 32), 0, negative, scale)),
        Gen.OneOf<decimal>(0m, new decimal(0, 0, 0, true, 0), new decimal(0, 0, 0, true, 2), new decimal(0, 0, 0, false, 28), 9_223_372_036_854_775_808m,
            -9_223_372_036_854_775_809m, 18_446_744_073_709_551_615m, 18_446_744_073_709_551_616m, 79_228_162_514_264_337_593_543_950_335m,
            -79_228_162_514_264_337_593_543_950_335m, 0.0000000000000000000000000001m, -0.05m, 1.50m, 100m),
        Gen.Decimal);

    /// <summary>Texts with what must be escaped and what must not: quotes, backslashes, controls, accents, HTML, emoji, lone surrogates.</summary>
    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["\"\\\n\t\u0001\u001f<>&'+é—€😀 aZ09"], 0, 12],
        Gen.Const("\ud800 alone"),
        Gen.Const(""));

    /// <summary>One value written both ways: the same call on each writer.</summary>
    private sealed record Node(int Kind, string? Text, decimal Number, int Whole, bool Flag, List<(string Name, Node Value)> Members);

    private static readonly Gen<Node> Leaves = Gen.OneOf(
        Texts.Null().Select(t => new Node(0, t, 0m, 0, false, [])),
        Decimals.Select(d => new Node(1, null, d, 0, false, [])),
        Gen.Int.Select(n => new Node(2, null, 0m, n, false, [])),
        Gen.Bool.Select(b => new Node(3, null, 0m, 0, b, [])),
        Gen.Const(new Node(4, null, 0m, 0, false, [])));

    private static readonly Gen<Node> Nodes = Gen.Recursive<Node>((depth, node) => depth >= 4
        ? Leaves
        : Gen.Frequency(
            (3, Leaves),
            (1, Gen.Select(Texts, node).List[0, 5].Select(members => new Node(5, null, 0m, 0, false, members))),
            (1, node.List[0, 5].Select(items => new Node(6, null, 0m, 0, false, items.ConvertAll(i => ("", i)))))));

    [Fact]
    public void The_indented_writer_writes_what_the_framework_writer_writes_for_every_kind_of_value()
    {
        Gen.Select(Texts, Nodes).List[1, 4].Sample(members =>
        {
            // One writer per document (samples run on several threads).
            var ours = Ours();
            var actual = Written(() =>
            {
                Document(new JsonCalls(ours), members);
                return ours.Written.ToArray();
            });

            Assert.Equal(ByFramework(members), actual);
        }, iter: 3000);
    }

    [Fact]
    public void The_indented_writer_breaks_lines_as_the_framework_writer_does_past_the_depth_it_copies_breaks_for()
    {
        // Objects in arrays in objects, 40 levels down and back, with a value and a second item at every level: each
        // break, with and without a comma, at every depth from 0 to 40.
        var node = new Node(1, null, 1.5m, 0, false, []);
        for (var depth = 0; depth < 20; depth++)
        {
            var inner = new Node(5, null, 0m, 0, false, [("value", new Node(2, null, 0m, depth, false, [])), ("inner", node)]);
            node = new Node(6, null, 0m, 0, false, [("", inner), ("", new Node(0, $"after {depth}", 0m, 0, false, []))]);
        }

        List<(string Name, Node Value)> document = [("deep", node), ("last", new Node(3, null, 0m, 0, true, []))];
        var ours = Ours();
        Document(new JsonCalls(ours), document);

        var expected = ByFramework(document);
        Assert.Equal(expected, Encoding.UTF8.GetString(ours.Written.Span));
        Assert.Contains(new string(' ', 80) + "\"value\": 0", expected, StringComparison.Ordinal);
    }

    /// <summary>The framework's writer with result.json's settings, validating nothing, as IndentedJson writes.</summary>
    private static readonly JsonWriterOptions FrameworkOptions = new() { Encoder = Io.Json.Web.Encoder, Indented = true, IndentCharacter = Io.Json.Web.IndentCharacter, IndentSize = Io.Json.Web.IndentSize, NewLine = Io.Json.Web.NewLine, SkipValidation = true };

    /// <summary>What the framework's writer makes of a document, or the kind of exception it threw.</summary>
    private static string ByFramework(List<(string Name, Node Value)> document)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        return Written(() =>
        {
            using (var framework = new Utf8JsonWriter(buffer, FrameworkOptions))
            {
                Document(new FrameworkWriter(framework), document);
            }

            return buffer.WrittenSpan.ToArray();
        });
    }

    /// <summary>An IndentedJson with result.json's settings, started small so that growing is tried too.</summary>
    private static IndentedJson Ours() => new(Io.Json.Web.Encoder!, Io.Json.Web.NewLine, Io.Json.Web.IndentCharacter, Io.Json.Web.IndentSize, capacity: 16);

    /// <summary>The bytes a writer made, or the kind of exception it threw.</summary>
    private static string Written(Func<byte[]> write)
    {
        try
        {
            return Encoding.UTF8.GetString(write());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return ex.GetType().Name;
        }
    }

    /// <summary>One object written as the writer's callers write one.</summary>
    private static void Document(IResultWriter w, List<(string Name, Node Value)> members)
    {
        w.WriteStartObject();
        members.ForEach(m => Property(w, JsonEncodedText.Encode(m.Name, Io.Json.Web.Encoder), m.Value));
        w.WriteEndObject();
    }

    /// <summary>Each kind of value through the writer's call for a named value, as ResultJsonWriter makes them.</summary>
    private static void Property(IResultWriter w, JsonEncodedText name, Node node)
    {
        switch (node.Kind)
        {
            case 0: w.WriteString(name, node.Text); break;
            case 1: w.WriteNumber(name, node.Number); break;
            case 2: w.WriteNumber(name, node.Whole); break;
            case 3: w.WriteBoolean(name, node.Flag); break;
            case 4: w.WriteNull(name); break;
            default:
                w.WritePropertyName(name);
                Item(w, node);
                break;
        }
    }

    /// <summary>A value in an array or after its name; an object is a record, written again by copy where the writer can (its flag: kept between documents).</summary>
    private static void Item(IResultWriter w, Node node)
    {
        switch (node.Kind)
        {
            case 0: w.WriteStringValue(node.Text); break;
            case 5:
                if (w.TryWriteAgain(node))
                {
                    break;
                }

                w.WriteStartObject();
                node.Members.ForEach(m => Property(w, JsonEncodedText.Encode(m.Name, Io.Json.Web.Encoder), m.Value));
                w.WriteEndObject();
                w.Finished(node, kept: node.Flag);
                break;
            case 6: w.WriteStartArray(); node.Members.ForEach(m => Item(w, m.Value)); w.WriteEndArray(); break;
            default: w.WriteNullValue(); break;
        }
    }

    [Fact]
    public void A_record_written_again_is_copied_where_its_bytes_are_the_same_and_written_anew_where_they_are_not()
    {
        Gen.Select(Texts, Nodes).List[0, 4].Select(Gen.Bool).Sample((members, kept) =>
        {
            // One record met at one depth, again at the same depth, and deeper: in an array, in an array in it, in an
            // object there. The second document meets it again, kept or not, as the next school's result.json does.
            var record = new Node(5, null, 0m, 0, kept, members);
            List<(string Name, Node Value)> layout =
            [
                ("first", record),
                ("again", record),
                ("list", new Node(6, null, 0m, 0, false, [("", record), ("", new Node(6, null, 0m, 0, false, [("", record), ("", new Node(5, null, 0m, 0, false, [("deeper", record)]))]))])),
                ("last", record),
            ];

            var expected = ByFramework(layout);
            var ours = Ours();
            for (var document = 1; document <= 2; document++)
            {
                var actual = Written(() =>
                {
                    ours.Reset();
                    Document(new JsonCalls(ours), layout);
                    return ours.Written.ToArray();
                });
                Assert.Equal(expected, actual);
            }
        }, iter: 1000);
    }

    /// <summary>The framework's writer taking the calls ResultJsonWriter makes (IndentedJson takes them through JsonCalls), so one walk drives both.</summary>
    private sealed record FrameworkWriter(Utf8JsonWriter W) : IResultWriter
    {
        public void WriteStartObject() => W.WriteStartObject();

        public void WriteEndObject() => W.WriteEndObject();

        public void WriteStartArray() => W.WriteStartArray();

        public void WriteEndArray() => W.WriteEndArray();

        public void WritePropertyName(JsonEncodedText name) => W.WritePropertyName(name);

        public void WriteString(JsonEncodedText name, string? value) => W.WriteString(name, value);

        public void WriteStringValue(string? value) => W.WriteStringValue(value);

        public void WriteNumber(JsonEncodedText name, int value) => W.WriteNumber(name, value);

        public void WriteNumber(JsonEncodedText name, decimal value) => W.WriteNumber(name, value);

        public void WriteBoolean(JsonEncodedText name, bool value) => W.WriteBoolean(name, value);

        public void WriteNull(JsonEncodedText name) => W.WriteNull(name);

        public void WriteNullValue() => W.WriteNullValue();

        // The framework's writer writes every record in full: what IndentedJson copies is held to it byte for byte.
        public void Finished(object value, bool kept)
        {
        }

        public bool TryWriteAgain(object value) => false;
    }
}
