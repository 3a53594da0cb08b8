using System.Globalization;
using System.Text;
using System.Text.Json;
using PluginHost.Evaluation;
using PluginHost.Formatting;
using PluginHost.Inputs;
using Scriban.Runtime;

namespace PluginHost.Memos;

/// <summary>
/// Builds what templates see: the result as JSON (exactly what result.json holds), turned into Scriban script
/// objects of plain values. No .NET object reaches a template, and every string from the input is escaped for
/// Markdown on the way in, so a school named "[x](javascript:…)" or "&lt;script&gt;" stays inert text.
/// </summary>
internal static class ScriptModel
{
    public static JsonSerializerOptions JsonOptions => Io.Json.Web;

    private static readonly System.Buffers.SearchValues<char> MarkdownSpecials = System.Buffers.SearchValues.Create("\\`*_[]<>|~#!&\r\n\t");

    /// <summary>
    /// What every template of a run shares, built once per renderer and culture: the format functions, the words and
    /// template_exists. Importing a function is reflection; doing it per memo cost more than rendering the memo.
    /// </summary>
    public static ScriptObject Shared(CultureInfo culture, CategoryCatalog categories, Func<string, bool> templateExists)
    {
        var shared = new ScriptObject();
        shared["words"] = Vocabulary.Build(categories);
        AddFunctions(shared, culture);
        shared["template_exists"] = TemplateFunction.OfName(templateExists);
        return shared;
    }

    /// <summary>One memo's model: the fields of a document's UTF-8 JSON (a summary's, an impact report's), and the charts this memo may place.</summary>
    /// <remarks>The JSON's tokens go to the same builder as the walk's calls in <see cref="Of"/>.</remarks>
    public static ScriptObject Build(ReadOnlySpan<byte> json, IReadOnlyCollection<string> charts)
    {
        var builder = Builder();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Io.StrictJson.MaxDepth });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    builder.Open(array: reader.TokenType == JsonTokenType.StartArray);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    builder.Close();
                    break;
                case JsonTokenType.PropertyName:
                    builder.Name = Name(ref reader);
                    break;
                case JsonTokenType.String:
                    builder.Add(Text(ref reader));
                    break;
                case JsonTokenType.Number:
                    builder.Add(reader.GetDecimal());
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    builder.Add(reader.TokenType == JsonTokenType.True ? True : False);
                    break;
                default:
                    builder.Add(null);
                    break;
            }
        }

        return WithCharts(builder.Take(), charts);
    }

    /// <summary>
    /// A school memo's model, made by the walk that writes result.json (<see cref="ResultJsonWriter"/>) without writing
    /// the bytes and reading them back: what <see cref="Build"/> makes of result.json, object for object, in the same
    /// order, with the same texts and numbers (a test holds the two equal on every demo and generated school). Reading
    /// result.json back was half of making the model: one thread, steady state, 305 -> 146 µs per school.
    /// </summary>
    public static ScriptObject Of(SchoolResult result, IReadOnlyCollection<string> charts)
    {
        var builder = Builder();
        ResultJsonWriter.Write(new ModelCalls(builder), result);
        return WithCharts(builder.Take(), charts);
    }

    /// <summary>The thread's builder, ready for a new model.</summary>
    private static ModelBuilder Builder()
    {
        var builder = t_builder ??= new ModelBuilder();
        builder.Start();
        return builder;
    }

    [ThreadStatic]
    private static ModelBuilder? t_builder;

    private static ScriptObject WithCharts(ScriptObject root, IReadOnlyCollection<string> charts)
    {
        // A template places a chart by name; the chart itself is data, drawn later for each output format.
        root["chart"] = TemplateFunction.OfName(name => charts.Contains(name)
            ? ChartBlocks.Fence(name)
            : throw new ArgumentException($"no chart named '{name}'; this template can place: {string.Join(", ", charts)}"));
        return root;
    }

    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>An object made at its final size from the members gathered for it (as they come, in order).</summary>
    private static ScriptObject Object(List<KeyValuePair<string, object?>> members)
    {
        var script = new ScriptObject(members.Count);
        foreach (var (name, value) in members)
        {
            // What the indexer stores, without its look for a read-only member of that name, which a new object has none of.
            script.SetValue(name, value, readOnly: false);
        }

        return script;
    }

    private static ScriptArray Array(List<object?> items)
    {
        var array = new ScriptArray(items.Count);
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }

    // Field names repeat in every memo, and so do most text values (outcomes, categories, rule ids and files, the
    // wording of recommendations and explanations): each distinct one is decoded (and a value cleaned and escaped)
    // once per thread and shared after, instead of made again for every memo.
    // A memo has some eighty distinct field names and a few hundred repeated texts: the tables are sized for few of them
    // to share a slot (each slot keeps one), and bound what a thread keeps (at most 4,096 texts of up to 512 bytes).
    private static string Name(ref Utf8JsonReader reader) => SharedStrings.Read(ref reader, ref t_names, 1024, 64, static name => name);

    private static string Text(ref Utf8JsonReader reader) => SharedStrings.Read(ref reader, ref t_texts, 4096, 512, Shaped);

    /// <summary>A text as templates see it: printable, and escaped for Markdown.</summary>
    private static string Shaped(string text) => EscapeMarkdown(Io.Printable.Of(text));

    [ThreadStatic]
    private static (byte[] Bytes, string Shaped)[]? t_names;

    [ThreadStatic]
    private static (byte[] Bytes, string Shaped)[]? t_texts;

    /// <summary>
    /// Strings of the model's JSON up to a length, found by their UTF-8 bytes in a table kept per thread: a hit costs a
    /// hash and a byte comparison, with no decoding and no lock (a memo reads some 1,500 of them). Each slot holds the
    /// last string that landed there, so the table is bounded however many schools have names of their own; bytes
    /// that do not match the slot's are decoded and shaped as before and take the slot.
    /// </summary>
    private static class SharedStrings
    {
        /// <param name="slots">The table's size, a power of two.</param>
        public static string Read(ref Utf8JsonReader reader, ref (byte[] Bytes, string Shaped)[]? table, int slots, int maxBytes, Func<string, string> shape)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > maxBytes)
            {
                return shape(reader.GetString()!);
            }

            var bytes = reader.ValueSpan;
            ref var entry = ref (table ??= new (byte[], string)[slots])[Hash(bytes) & (slots - 1)];
            if (entry.Bytes is { } known && bytes.SequenceEqual(known))
            {
                return entry.Shaped;
            }

            // Made as any other value is (invalid UTF-8 is refused the same way), and kept in place of what was there
            // (in its array when the lengths agree: most values seen once are a school's own, and evict one another).
            var shaped = shape(reader.GetString()!);
            var kept = entry.Bytes is { } old && old.Length == bytes.Length ? old : new byte[bytes.Length];
            bytes.CopyTo(kept);
            entry = (kept, shaped);
            return shaped;
        }

        /// <summary>A slot for the bytes from their length and up to 24 of them (first, middle, last); equal bytes always share one.</summary>
        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            ulong hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
            if (bytes.Length >= 8)
            {
                hash ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes) * 0xC2B2AE3D27D4EB4FUL;
                hash ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[((bytes.Length - 8) / 2)..]) * 0x165667B19E3779F9UL;
                hash ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]) * 0x27D4EB2F165667C5UL;
            }
            else
            {
                foreach (var b in bytes)
                {
                    hash = (hash ^ b) * 0x100000001B3UL;
                }
            }

            return (int)(hash ^ (hash >> 29) ^ (hash >> 41));
        }
    }

    /// <summary>
    /// The walk's calls turned into the model, as <see cref="Build"/> turns result.json's tokens into it: each object and
    /// array gathered while it is open and made at its final size when it closes; a text as reading it back from JSON
    /// would give it (see <see cref="AsWritten"/>), made printable and escaped for Markdown; every number a decimal, as
    /// the JSON reader reads it (an integer without a scale, a zero without a sign).
    /// </summary>
    private readonly struct ModelCalls(ModelBuilder builder) : IResultWriter
    {
        public void WriteStartObject() => builder.Open(array: false);

        public void WriteEndObject() => builder.Close();

        public void WriteStartArray() => builder.Open(array: true);

        public void WriteEndArray() => builder.Close();

        public void WritePropertyName(JsonEncodedText name) => builder.Name = name.Value;

        public void WriteString(JsonEncodedText name, string? value)
        {
            builder.Name = name.Value;
            WriteStringValue(value);
        }

        public void WriteStringValue(string? value) => builder.Add(value is null ? null : Shaped(AsWritten(value)));

        public void WriteNumber(JsonEncodedText name, int value)
        {
            builder.Name = name.Value;
            builder.Add((decimal)value);
        }

        public void WriteNumber(JsonEncodedText name, decimal value)
        {
            builder.Name = name.Value;
            builder.Add(value == 0m && decimal.IsNegative(value) ? new decimal(0, 0, 0, false, value.Scale) : value);
        }

        public void WriteBoolean(JsonEncodedText name, bool value)
        {
            builder.Name = name.Value;
            builder.Add(value ? True : False);
        }

        public void WriteNull(JsonEncodedText name)
        {
            builder.Name = name.Value;
            builder.Add(null);
        }

        public void WriteNullValue() => builder.Add(null);

        // Every record gets objects of its own: a template may change what it is given, and a change to a shared one
        // would show wherever it is used.
        public void Finished(object value, bool kept)
        {
        }

        public bool TryWriteAgain(object value) => false;
    }

    /// <summary>
    /// A text as result.json's bytes carry it: UTF-8 cannot hold half of a surrogate pair, so the writer puts U+FFFD in
    /// its place, as UTF-8's own encoding does, and a text read back from the file has it there.
    /// </summary>
    private static string AsWritten(string text) =>
        text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? text : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The objects and arrays open while a model is made, one level each, kept per thread and reused: members and items
    /// are gathered first so each object and array is made at its final size, never grown entry by entry.
    /// </summary>
    private sealed class ModelBuilder
    {
        private readonly List<Level> _levels = [];
        private int _depth;
        private ScriptObject? _root;

        /// <summary>The name the next value or container goes under, in an object.</summary>
        public string? Name { get; set; }

        /// <summary>Ready for a new model, whatever a walk cut short left behind.</summary>
        public void Start()
        {
            for (var i = 0; i < _depth; i++)
            {
                _levels[i].Members.Clear();
                _levels[i].Items.Clear();
            }

            (_depth, _root, Name) = (0, null, null);
        }

        public void Open(bool array)
        {
            if (_depth == _levels.Count)
            {
                _levels.Add(new Level());
            }

            var level = _levels[_depth++];
            (level.IsArray, level.Name) = (array, Name);
            Name = null;
        }

        public void Close()
        {
            var level = _levels[--_depth];
            object made = level.IsArray ? Array(level.Items) : Object(level.Members);
            level.Items.Clear();
            level.Members.Clear();
            Name = level.Name;
            if (_depth == 0)
            {
                _root = (ScriptObject)made;
                Name = null;
                return;
            }

            Add(made);
        }

        public void Add(object? value)
        {
            var level = _levels[_depth - 1];
            if (level.IsArray)
            {
                level.Items.Add(value);
            }
            else
            {
                level.Members.Add(new(Name!, value));
            }

            Name = null;
        }

        /// <summary>The model just made; the builder is ready for the next.</summary>
        public ScriptObject Take()
        {
            var root = _root ?? throw new InvalidOperationException("no model was made");
            _root = null;
            return root;
        }

        private sealed class Level
        {
            public bool IsArray { get; set; }

            public string? Name { get; set; }

            public List<KeyValuePair<string, object?>> Members { get; } = [];

            public List<object?> Items { get; } = [];
        }
    }

    /// <summary>Backslash-escapes what Markdown would read as markup, and folds line breaks that could end a table row.</summary>
    public static string EscapeMarkdown(string text)
    {
        // Most values (ids, names, figures) need nothing; they go through without a copy.
        if (text.AsSpan().IndexOfAny(MarkdownSpecials) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '#' or '!' or '&':
                    escaped.Append('\\').Append(c);
                    break;
                case '\r' or '\n' or '\t':
                    escaped.Append(' ');
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    private static void AddFunctions(ScriptObject root, CultureInfo culture)
    {
        root["money"] = TemplateFunction.Of(v => Formats.Money(Number(v), culture));
        root["percent"] = TemplateFunction.Of(v => Formats.Percent(Number(v), culture));
        root["pct"] = TemplateFunction.Of(v => Formats.Pct(Number(v), culture));
        root["ratio"] = TemplateFunction.Of(v => v is null ? "no staff left" : Formats.Ratio(Number(v), culture));
        root["number"] = TemplateFunction.Of(v => Formats.Number(Number(v), culture));
        root["signed_pct"] = TemplateFunction.Of(v => v is null ? "n/a" : (Number(v) > 0 ? "+" : "") + Formats.Pct(Number(v), culture));
        root["fte"] = TemplateFunction.Of(v => Number(v).ToString("0.0#", culture));
        root["year_words"] = TemplateFunction.Of((year, first) => YearWords.Of((int)Number(year), (int)Number(first)));

        // "1 purchase", "2 purchases": counts agree with their nouns.
        root["count"] = TemplateFunction.Counted((n, one, many) => Formats.Count(Number(n), one, many, culture));
    }

    private static decimal Number(object? value) => value switch
    {
        null => 0m,
        decimal d => d,
        IConvertible c => c.ToDecimal(CultureInfo.InvariantCulture),
        _ => 0m,
    };
}
