using System.Globalization;
using System.Text;
using System.Text.Json;
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

    /// <summary>One memo's model: the result's fields, read straight from its UTF-8 JSON, and the charts this memo may place.</summary>
    public static ScriptObject Build(ReadOnlySpan<byte> json, IReadOnlyCollection<string> charts)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Io.StrictJson.MaxDepth });
        reader.Read();
        var root = (ScriptObject)Read(ref reader)!;

        // A template places a chart by name; the chart itself is data, drawn later for each output format.
        root["chart"] = TemplateFunction.OfName(name => charts.Contains(name)
            ? ChartBlocks.Fence(name)
            : throw new ArgumentException($"no chart named '{name}'; this template can place: {string.Join(", ", charts)}"));
        return root;
    }

    private static object? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                // Members are gathered first so each object is made at its final size, never grown entry by entry.
                var members = Lists<KeyValuePair<string, object?>>.Rent();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = Name(ref reader);
                    reader.Read();
                    members.Add(new(name, Read(ref reader)));
                }

                var script = new ScriptObject(members.Count);
                foreach (var (name, value) in members)
                {
                    script[name] = value;
                }

                Lists<KeyValuePair<string, object?>>.Return(members);
                return script;
            }

            case JsonTokenType.StartArray:
            {
                var items = Lists<object?>.Rent();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader));
                }

                var array = new ScriptArray(items.Count);
                foreach (var item in items)
                {
                    array.Add(item);
                }

                Lists<object?>.Return(items);
                return array;
            }

            case JsonTokenType.String:
                return Text(ref reader);
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.True:
                return True;
            case JsonTokenType.False:
                return False;
            default:
                return null;
        }
    }

    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>Lists lent to one nesting level of the model while it is read, per thread, returned empty.</summary>
    private static class Lists<T>
    {
        [ThreadStatic]
        private static Stack<List<T>>? t_free;

        public static List<T> Rent() => (t_free ??= new()).TryPop(out var list) ? list : [];

        public static void Return(List<T> list)
        {
            list.Clear();
            t_free!.Push(list);
        }
    }

    // Field names repeat in every memo, and so do most text values (outcomes, categories, rule ids and files, the
    // wording of recommendations and explanations): each distinct one is decoded (and a value cleaned and escaped)
    // once and shared after, instead of made again for every memo.
    private static readonly SharedStrings Names = new(64, 4096, name => name);
    private static readonly SharedStrings Texts = new(512, 16_384, text => EscapeMarkdown(Io.Printable.Of(text)));

    private static string Name(ref Utf8JsonReader reader) => Names.Read(ref reader);

    private static string Text(ref Utf8JsonReader reader) => Texts.Read(ref reader);

    /// <summary>
    /// Strings of the model's JSON up to a length, each shaped once and shared. Bounded, so a run of many schools with
    /// names of their own stops adding to it rather than growing without end.
    /// </summary>
    private sealed class SharedStrings
    {
        private readonly int _maxLength;
        private readonly int _capacity;
        private readonly Func<string, string> _shape;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private int _count;

        public SharedStrings(int maxLength, int capacity, Func<string, string> shape)
        {
            (_maxLength, _capacity, _shape) = (maxLength, capacity, shape);
            _lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public string Read(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > _maxLength)
            {
                return _shape(reader.GetString()!);
            }

            // UTF-8 never takes fewer bytes than UTF-16 takes characters; sized to the value, not the limit (a stack buffer is cleared).
            Span<char> buffer = stackalloc char[reader.ValueSpan.Length];
            var raw = buffer[..reader.CopyString(buffer)];
            if (_lookup.TryGetValue(raw, out var known))
            {
                return known;
            }

            var text = new string(raw);
            var shaped = _shape(text);
            if (Volatile.Read(ref _count) < _capacity && _known.TryAdd(text, shaped))
            {
                Interlocked.Increment(ref _count);
            }

            return shaped;
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
        root["count"] = TemplateFunction.Counted((n, one, many) => $"{Formats.Number(Number(n), culture)} {(Number(n) == 1m ? one : many)}");
    }

    private static decimal Number(object? value) => value switch
    {
        null => 0m,
        decimal d => d,
        IConvertible c => c.ToDecimal(CultureInfo.InvariantCulture),
        _ => 0m,
    };
}
