using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PluginHost.Inputs;

/// <summary>
/// A JSON Schema compiled once into checks made while reading the JSON's UTF-8 once, token by token (no document is
/// built): the fast path for the inputs a district run reads thousands of times. It answers only "valid or not", and it is conservative: where it is unsure (a keyword
/// it does not implement, a number written as 1.0 for an integer) it says "not valid", and the reader then runs the
/// full NJsonSchema validation, which decides and words every error. So an input it accepts is one the schema accepts,
/// and every error message still comes from the one validator. A test holds it to the schema's verdicts on every
/// fixture and on generated broken profiles.
/// </summary>
internal sealed class FastSchema
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description", "definitions", "x-categories", "examples", "default" };

    private readonly Node _root;

    private FastSchema(Node root)
    {
        _root = root;
    }

    /// <summary>Compiles a schema (after the host has filled its category enums); never throws for an unknown keyword.</summary>
    public static FastSchema Compile(string schemaText)
    {
        using var document = JsonDocument.Parse(schemaText);
        var root = document.RootElement.Clone();
        var definitions = root.TryGetProperty("definitions", out var defs) ? defs : default;
        var compiled = new Dictionary<string, Node>(StringComparer.Ordinal);
        return new FastSchema(Compile(root, definitions, compiled));
    }

    /// <summary>Whether the schema surely accepts this JSON (UTF-8, no byte-order mark); false for anything not read as JSON.</summary>
    /// <param name="strict">
    /// Also be sure the JSON is strict, as <see cref="Io.StrictJson"/> means it: the reader already refuses comments,
    /// trailing commas, NaN, single quotes and nesting past its depth, and with this set no object may name a key twice
    /// (an object open to undeclared keys is "not sure"). A district's profiles are then read in one pass, not two.
    /// </param>
    public bool Validate(ReadOnlySpan<byte> json, bool strict = false)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Io.StrictJson.MaxDepth });
        try
        {
            return reader.Read() && _root.Accepts(ref reader, strict) && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Where a document's root sits in this schema, for a reader that checks as it binds (see <see cref="Slot"/>).</summary>
    public Slot Root => new(_root);

    /// <summary>The same for an element of a document already parsed (its raw text is read, not copied).</summary>
    public bool Validate(JsonElement instance) => Validate(JsonMarshal.GetRawUtf8Value(instance), strict: false);

    /// <summary>
    /// Where a value sits in the schema, for a reader that checks the schema's rules as it binds a model from the same
    /// tokens (one pass instead of a validation pass and a binding pass). The strict
    /// <see cref="Validate(ReadOnlySpan{byte}, bool)"/> reads objects and arrays through these same walks, so a reader
    /// that takes every value through its slot accepts what the strict validation accepts; a test holds the two to that.
    /// Anything a walk cannot be sure of answers false, and the caller falls back to the two passes.
    /// </summary>
    internal readonly struct Slot
    {
        private readonly Node _node;

        internal Slot(Node node)
        {
            _node = node;
        }

        /// <summary>The value the reader is on, checked whole (a container is read to its last token, as Skip leaves it).</summary>
        public bool Accepts(ref Utf8JsonReader reader) => _node.Accepts(ref reader, strict: true);

        /// <summary>The same, strict or not: the validator's own walks read items through slots as a binder does.</summary>
        internal bool Accepts(ref Utf8JsonReader reader, bool strict) => _node.Accepts(ref reader, strict);

        /// <summary>The number the reader is on, checked, and its value.</summary>
        public bool AcceptsNumber(ref Utf8JsonReader reader, out decimal number) => _node.AcceptsNumber(ref reader, out number);

        /// <summary>Starts on an object's opening brace; its properties then go through <see cref="ObjectWalk.TryProperty"/>.</summary>
        public bool TryObject(ref Utf8JsonReader reader, out ObjectWalk walk)
        {
            var node = _node.Container(ref reader, JsonTokenType.StartObject);
            walk = node?.Bits is { } shape ? new ObjectWalk(node, shape) : default;
            return walk.Started;
        }

        /// <summary>Starts on an array's opening bracket; its items then go through <see cref="ArrayWalk.TryItem"/>.</summary>
        public bool TryArray(ref Utf8JsonReader reader, out ArrayWalk walk)
        {
            var node = _node.Container(ref reader, JsonTokenType.StartArray);
            walk = node is null ? default : new ArrayWalk(node);
            return walk.Started;
        }
    }

    /// <summary>The names a reader of some object binds, in the order it numbers its fields.</summary>
    internal sealed class Fields
    {
        private readonly byte[][] _names;

        private Fields(IEnumerable<string> names)
        {
            _names = [.. names.Select(Encoding.UTF8.GetBytes)];
        }

        /// <summary>A reader's fields named by an enum whose members, camel-cased, are the JSON names (GrantId: "grantId").</summary>
        public static Fields Of<TField>() where TField : struct, Enum =>
            new(Enum.GetNames<TField>().Select(JsonNamingPolicy.CamelCase.ConvertName));

        public int IndexOf(byte[] name) => Node.Shape.IndexOf(_names, name);
    }

    /// <summary>A reader's fields against a schema object's declared names (one object, replaced whole, so threads see either map or the other).</summary>
    internal sealed record FieldMap(Fields For, int[] Map);

    /// <summary>An object's checks made property by property: names allowed, no key twice, every required one there.</summary>
    internal struct ObjectWalk
    {
        private readonly Node _node;
        private readonly Node.Shape _shape;
        private ulong _seen;
        private ulong _named;
        private HashSet<string>? _undeclared;
        private int _expected;

        internal ObjectWalk(Node node, Node.Shape shape)
        {
            (_node, _shape, Started) = (node, shape, true);
        }

        public bool Started { get; }

        /// <summary>The place among the schema's declared properties of the name last accepted; -1 for an undeclared one.</summary>
        public int Declared { get; private set; }

        /// <summary>
        /// For a reader of this object that knows its fields by name: each declared property's field, as
        /// <see cref="Fields"/> numbers them (-1 for a name the reader does not know), so the reader goes from
        /// <see cref="Declared"/> to its field without comparing the name again. Worked out once per schema object.
        /// </summary>
        public readonly int[] FieldsOf(Fields fields)
        {
            if (_shape.Fields is { } known && ReferenceEquals(known.For, fields))
            {
                return known.Map;
            }

            var map = Array.ConvertAll(_shape.Names, fields.IndexOf);
            _shape.Fields = new FieldMap(fields, map);
            return map;
        }

        /// <summary>The reader on a property's name: whether the object may have it here, and the slot of its value.</summary>
        public bool TryProperty(ref Utf8JsonReader reader, out Slot value)
        {
            value = default;
            if (_node.PropertyNames is { } allowed && !allowed.AcceptsName(reader.GetString()!))
            {
                return false;
            }

            // A name written with escapes is compared as the text it stands for, as the by-name reading does.
            var name = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            // Properties mostly come in the order the schema declares them: the one after the last is tried first.
            var names = _shape.Names;
            var declared = _expected < names.Length && name.SequenceEqual(names[_expected]) ? _expected : Node.Shape.IndexOf(names, name);
            if (declared >= 0)
            {
                if ((_named & (1UL << declared)) != 0)
                {
                    return false;
                }

                _expected = declared + 1;
                Declared = declared;
                _named |= 1UL << declared;
                _seen |= _shape.RequiredBits[declared];
                value = new Slot(_shape.Schemas[declared]);
                return true;
            }

            if (!(_undeclared ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString()!))
            {
                return false;
            }

            Declared = -1;
            var required = Node.Shape.IndexOf(_shape.UndeclaredRequired, name);
            _seen |= required >= 0 ? _shape.UndeclaredRequiredBits[required] : 0UL;
            value = new Slot(_node.AdditionalProperties ?? Node.Anything);
            return true;
        }

        /// <summary>At the closing brace: whether every required property was there.</summary>
        public readonly bool Complete() => (_seen & _shape.AllRequired) == _shape.AllRequired;
    }

    /// <summary>An array's checks made item by item: how many, and unique where the schema asks.</summary>
    internal struct ArrayWalk
    {
        private readonly Node _node;
        private int _count;
        private HashSet<string>? _unique;

        internal ArrayWalk(Node node)
        {
            (_node, Started) = (node, true);
        }

        public bool Started { get; }

        /// <summary>The reader on an item's first token: whether it may be here, and its slot.</summary>
        public bool TryItem(ref Utf8JsonReader reader, out Slot item)
        {
            _count++;
            item = new Slot(_node.Items ?? Node.Anything);
            // Only strings are compared for uniqueness, as the validator does; a list of anything else is left to it.
            return !_node.UniqueItems || (reader.TokenType == JsonTokenType.String && (_unique ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString()!));
        }

        /// <summary>At the closing bracket: whether the count is within the schema's bounds.</summary>
        public readonly bool Complete() => !((_node.MaxItems is { } max && _count > max) || (_node.MinItems is { } min && _count < min));
    }

    private static Node Compile(JsonElement schema, JsonElement definitions, Dictionary<string, Node> refs)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return new Node();
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return Node.Never;
        }

        var node = new Node();
        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case var name when Ignored.Contains(name):
                    break;
                case "$ref":
                    var reference = value.GetString() ?? "";
                    const string Prefix = "#/definitions/";
                    if (!reference.StartsWith(Prefix, StringComparison.Ordinal) || definitions.ValueKind != JsonValueKind.Object
                        || !definitions.TryGetProperty(reference[Prefix.Length..], out var target))
                    {
                        return Node.Never;
                    }

                    if (!refs.TryGetValue(reference, out var resolved))
                    {
                        // A recursive definition is compiled once and shared.
                        resolved = new Node();
                        refs[reference] = resolved;
                        resolved.CopyFrom(Compile(target, definitions, refs));
                    }

                    node.Ref = resolved;
                    break;
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToList() : [value.GetString()!];
                    if (types.Any(t => TypeBit(t) == 0))
                    {
                        return Node.Never;
                    }

                    node.Types = types.Aggregate(0, (bits, t) => bits | TypeBit(t));
                    break;
                case "enum":
                    if (value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                    {
                        return Node.Never;
                    }

                    node.Enum = value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
                    node.EnumUtf8 = node.Enum.Count <= 32 ? [.. node.Enum.Select(Encoding.UTF8.GetBytes)] : null;
                    break;
                case "minimum":
                    node.Minimum = value.GetDecimal();
                    break;
                case "maximum":
                    node.Maximum = value.GetDecimal();
                    break;
                case "minLength":
                    node.MinLength = value.GetInt32();
                    break;
                case "maxLength":
                    node.MaxLength = value.GetInt32();
                    break;
                case "pattern":
                    node.Pattern = new Regex(value.GetString()!, RegexOptions.CultureInvariant);
                    node.Classes = ClassPattern.Of(value.GetString()!);
                    break;
                case "maxItems":
                    node.MaxItems = value.GetInt32();
                    break;
                case "minItems":
                    node.MinItems = value.GetInt32();
                    break;
                case "uniqueItems":
                    node.UniqueItems = value.ValueKind == JsonValueKind.True;
                    break;
                case "required":
                    node.Required = value.EnumerateArray().Select(v => v.GetString()!).ToList();
                    break;
                case "properties":
                    node.Properties = value.EnumerateObject().ToDictionary(p => p.Name, p => Compile(p.Value, definitions, refs), StringComparer.Ordinal);
                    break;
                case "additionalProperties":
                    node.AdditionalProperties = value.ValueKind == JsonValueKind.False ? Node.Never : value.ValueKind == JsonValueKind.True ? null : Compile(value, definitions, refs);
                    break;
                case "propertyNames":
                    node.PropertyNames = Compile(value, definitions, refs);
                    break;
                case "items":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        return Node.Never;
                    }

                    node.Items = Compile(value, definitions, refs);
                    break;
                default:
                    // A keyword this validator does not know: never claim an input is valid; the full validator decides.
                    return Node.Never;
            }
        }

        node.OnlyRef = node.Ref is not null && node.HasNoChecksOfItsOwn;
        return node;
    }

    private const int ObjectBit = 1, ArrayBit = 2, StringBit = 4, BooleanBit = 8, NullBit = 16, NumberBit = 32, IntegerBit = 64;

    private static int TypeBit(string type) => type switch
    {
        "object" => ObjectBit,
        "array" => ArrayBit,
        "string" => StringBit,
        "boolean" => BooleanBit,
        "null" => NullBit,
        "number" => NumberBit,
        "integer" => IntegerBit,
        _ => 0,
    };

    internal sealed class Node
    {
        public static readonly Node Never = new() { Rejects = true };

        public bool Rejects { get; private set; }
        public Node? Ref { get; set; }
        /// <summary>The allowed JSON types as bits (see <see cref="TypeBit"/>); null allows any.</summary>
        public int? Types { get; set; }
        public HashSet<string>? Enum { get; set; }
        public decimal? Minimum { get; set; }
        public decimal? Maximum { get; set; }
        public int? MinLength { get; set; }
        public int? MaxLength { get; set; }
        public Regex? Pattern { get; set; }

        /// <summary>The enum's values as UTF-8, when few enough to compare a value with each as written.</summary>
        public byte[][]? EnumUtf8 { get; set; }

        /// <summary>The pattern as two character tables, when it has that simple shape (see <see cref="ClassPattern"/>).</summary>
        public ClassPattern? Classes { get; set; }
        public int? MaxItems { get; set; }
        public int? MinItems { get; set; }
        public bool UniqueItems { get; set; }
        public List<string>? Required { get; set; }
        public Dictionary<string, Node>? Properties { get; set; }
        public Node? AdditionalProperties { get; set; }
        public Node? PropertyNames { get; set; }
        public Node? Items { get; set; }

        /// <summary>
        /// A node that is nothing but a $ref (every $ref in the shipped schemas): its own checks would pass whatever the
        /// referenced schema accepts, so the value is read once, by that schema, not again here.
        /// </summary>
        public bool OnlyRef { get; set; }

        public bool HasNoChecksOfItsOwn =>
            Types is null && Enum is null && Minimum is null && Maximum is null && MinLength is null && MaxLength is null && Pattern is null
            && MaxItems is null && MinItems is null && !UniqueItems && Required is null && Properties is null && AdditionalProperties is null
            && PropertyNames is null && Items is null;

        public void CopyFrom(Node other)
        {
            (Rejects, Ref, OnlyRef, Types, Enum, EnumUtf8, Minimum, Maximum, MinLength, MaxLength, Pattern, Classes) =
                (other.Rejects, other.Ref, other.OnlyRef, other.Types, other.Enum, other.EnumUtf8, other.Minimum, other.Maximum, other.MinLength, other.MaxLength, other.Pattern, other.Classes);
            (MaxItems, MinItems, UniqueItems, Required, Properties, AdditionalProperties, PropertyNames, Items) =
                (other.MaxItems, other.MinItems, other.UniqueItems, other.Required, other.Properties, other.AdditionalProperties, other.PropertyNames, other.Items);
        }

        /// <summary>
        /// Whether the value the reader is on (its first token) is accepted; on true the reader is left on the value's
        /// last token, as <see cref="Utf8JsonReader.Skip"/> leaves it. On false the reader's position means nothing.
        /// </summary>
        public bool Accepts(ref Utf8JsonReader reader, bool strict)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                // A number is one token, the same strict or not: it is checked where a binder also takes its value.
                return AcceptsNumber(ref reader, out _);
            }

            if (Rejects)
            {
                return false;
            }

            if (OnlyRef)
            {
                return Ref!.Accepts(ref reader, strict);
            }

            if (Ref is not null)
            {
                // The referenced schema reads the value from a copy of the reader; this node's own checks read it again.
                var copy = reader;
                if (!Ref.Accepts(ref copy, strict))
                {
                    return false;
                }
            }

            if (Types is { } allowed && !OfType(allowed, ref reader))
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    // Most strings have no rule of their own: they are not read into a string at all; the rest are checked
                    // as written when that is plain ASCII (an id, a category, a funding source), as a string otherwise.
                    return (Enum is null && MinLength is null && MaxLength is null && Pattern is null)
                        || (reader.ValueIsEscaped || reader.HasValueSequence || !System.Text.Ascii.IsValid(reader.ValueSpan) ? AcceptsText(reader.GetString()!) : AcceptsAscii(reader.ValueSpan));
                case JsonTokenType.StartArray:
                    return Enum is null && AcceptsArray(ref reader, strict);
                case JsonTokenType.StartObject:
                    return Enum is null && AcceptsObject(ref reader, strict);
                default:
                    return Enum is null;
            }
        }

        private bool InRange(decimal number) => (Minimum is null || number >= Minimum) && (Maximum is null || number <= Maximum);

        /// <summary>
        /// <see cref="Accepts"/> for a number (the one place numbers are checked), giving the number it read: the reader is
        /// on a number token, and a binder that needs the value does not parse it a second time.
        /// </summary>
        public bool AcceptsNumber(ref Utf8JsonReader reader, out decimal number)
        {
            number = 0m;
            if (Rejects)
            {
                return false;
            }

            if (OnlyRef)
            {
                return Ref!.AcceptsNumber(ref reader, out number);
            }

            // The referenced schema's checks, then this node's own (a number does not move the reader).
            if (Ref is not null && !Ref.AcceptsNumber(ref reader, out _))
            {
                return false;
            }

            return (Types is not { } allowed || OfType(allowed, ref reader)) && Enum is null && ReadDecimal(ref reader, out number) && InRange(number);
        }

        /// <summary>
        /// The number the reader is on as a decimal, as <see cref="Utf8JsonReader.TryGetDecimal"/> gives it. Most figures
        /// in a profile are plain digits with perhaps a point (140000, 1.0, 0.05): those are read here, digits and scale
        /// as written (1.50 is 150 at scale 2, as the parser makes it); anything else (a sign, an exponent, more than 18
        /// digits) goes to the parser.
        /// </summary>
        internal static bool ReadDecimal(ref Utf8JsonReader reader, out decimal number)
        {
            if (!reader.HasValueSequence && PlainDecimal(reader.ValueSpan, out number))
            {
                return true;
            }

            return reader.TryGetDecimal(out number);
        }

        internal static bool PlainDecimal(ReadOnlySpan<byte> text, out decimal number)
        {
            number = 0m;
            if (text.Length is 0 or > 19)
            {
                return false;
            }

            ulong digits = 0;
            var (count, scale) = (0, -1);
            foreach (var b in text)
            {
                if ((uint)(b - '0') <= 9)
                {
                    digits = digits * 10 + (uint)(b - '0');
                    count++;
                    scale += scale >= 0 ? 1 : 0;
                }
                else if (b == '.' && scale < 0 && count > 0)
                {
                    scale = 0;
                }
                else
                {
                    return false;
                }
            }

            if (count is 0 or > 18 || scale == 0)
            {
                return false;
            }

            number = new decimal((int)(uint)digits, (int)(uint)(digits >> 32), 0, false, (byte)Math.Max(scale, 0));
            return true;
        }

        /// <summary>
        /// The node whose object or array checks a container value must pass, the reader on its first token: null when
        /// it cannot be one (wrong type, an enum), or when its checks are more than a walk makes (a $ref with checks of
        /// its own beside it), which the whole validator then decides.
        /// </summary>
        public Node? Container(ref Utf8JsonReader reader, JsonTokenType start)
        {
            var node = this;
            while (node.OnlyRef)
            {
                node = node.Ref!;
            }

            return reader.TokenType != start || node.Rejects || node.Ref is not null || node.Enum is not null
                || (node.Types is { } allowed && !OfType(allowed, ref reader)) ? null : node;
        }

        /// <summary>A property name, checked as the string it is.</summary>
        public bool AcceptsName(string name) =>
            !Rejects && (Ref is null || Ref.AcceptsName(name)) && (Types is null || (Types & StringBit) != 0) && AcceptsText(name);

        /// <summary>The same checks as <see cref="AcceptsText"/> on an unescaped ASCII value: one byte is one character.</summary>
        private bool AcceptsAscii(ReadOnlySpan<byte> text)
        {
            if (Enum is not null && (EnumUtf8 is null ? !Enum.Contains(Encoding.ASCII.GetString(text)) : Shape.IndexOf(EnumUtf8, text) < 0))
            {
                return false;
            }

            if ((MinLength is { } least && text.Length < least) || (MaxLength is { } most && text.Length > most))
            {
                return false;
            }

            return Pattern is null || (Classes is { } classes ? classes.Matches(text) : Pattern.IsMatch(Encoding.ASCII.GetString(text)));
        }

        private bool AcceptsText(string text) =>
            (Enum is null || Enum.Contains(text))
            && (MinLength is null || text.Length >= MinLength)
            && (MaxLength is null || text.Length <= MaxLength)
            && (Pattern is null || Pattern.IsMatch(text));

        /// <summary>An array item by item, through the same walk a binder uses.</summary>
        private bool AcceptsArray(ref Utf8JsonReader reader, bool strict)
        {
            var walk = new ArrayWalk(this);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!walk.TryItem(ref reader, out var item) || !item.Accepts(ref reader, strict))
                {
                    return false;
                }
            }

            return walk.Complete();
        }

        /// <summary>
        /// Moves past a value no check reads; true, so it reads as a check that passed. Strict, the value is still read
        /// for a key given twice in any object inside it.
        /// </summary>
        private static bool Skipped(ref Utf8JsonReader reader, bool strict)
        {
            if (strict)
            {
                return Anything.Accepts(ref reader, strict);
            }

            reader.Skip();
            return true;
        }

        /// <summary>A schema with no checks: any value.</summary>
        public static readonly Node Anything = new();

        /// <summary>
        /// The declared properties by their UTF-8 names and the required ones as bits, so that an object's properties are
        /// matched as written, in one pass, with no string made per name. Built on first use, once the schema is compiled.
        /// </summary>
        internal sealed class Shape
        {
            public required byte[][] Names { get; init; }
            public required Node[] Schemas { get; init; }
            public required ulong[] RequiredBits { get; init; }
            public required byte[][] UndeclaredRequired { get; init; }
            public required ulong[] UndeclaredRequiredBits { get; init; }
            public required ulong AllRequired { get; init; }

            /// <summary>False for an object with more required names than bits, which is checked name by name.</summary>
            public bool Usable { get; init; } = true;

            /// <summary>The field map of the one reader that reads objects of this shape (see <see cref="ObjectWalk.FieldsOf"/>).</summary>
            public FieldMap? Fields { get; set; }

            public static Shape Of(Node node)
            {
                var required = node.Required ?? [];
                if (required.Count > 64)
                {
                    return new Shape { Names = [], Schemas = [], RequiredBits = [], UndeclaredRequired = [], UndeclaredRequiredBits = [], AllRequired = 0, Usable = false };
                }

                ulong Bit(string name) => required.IndexOf(name) is var i and >= 0 ? 1UL << i : 0UL;
                var declared = node.Properties?.ToList() ?? [];
                var undeclared = required.Where(r => node.Properties?.ContainsKey(r) != true).Distinct(StringComparer.Ordinal).ToList();
                return new Shape
                {
                    Names = [.. declared.Select(p => Encoding.UTF8.GetBytes(p.Key))],
                    Schemas = [.. declared.Select(p => p.Value)],
                    RequiredBits = [.. declared.Select(p => Bit(p.Key))],
                    UndeclaredRequired = [.. undeclared.Select(Encoding.UTF8.GetBytes)],
                    UndeclaredRequiredBits = [.. undeclared.Select(Bit)],
                    AllRequired = required.Distinct(StringComparer.Ordinal).Aggregate(0UL, (bits, name) => bits | Bit(name)),
                };
            }

            public static int IndexOf(byte[][] names, ReadOnlySpan<byte> name)
            {
                for (var i = 0; i < names.Length; i++)
                {
                    if (name.SequenceEqual(names[i]))
                    {
                        return i;
                    }
                }

                return -1;
            }
        }

        // Two threads may both build it; they build the same thing, and a reference is written whole.
        private Shape? _shape;

        /// <summary>This object's declared names as bits (built on first use), or null when there are too many for bits.</summary>
        public Shape? Bits
        {
            get
            {
                var shape = _shape ??= Shape.Of(this);
                return shape.Usable && shape.Names.Length <= 64 ? shape : null;
            }
        }

        private bool AcceptsObject(ref Utf8JsonReader reader, bool strict)
        {
            if (strict)
            {
                // Property by property through the same walk a binder uses (no key twice); by name when the names are too many for bits.
                return Bits is { } bits ? AcceptsWalked(ref reader, new ObjectWalk(this, bits)) : AcceptsObjectByName(ref reader, strict);
            }

            var shape = _shape ??= Shape.Of(this);
            return shape.Usable ? AcceptsObject(ref reader, shape) : AcceptsObjectByName(ref reader, strict);
        }

        private static bool AcceptsWalked(ref Utf8JsonReader reader, ObjectWalk walk)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!walk.TryProperty(ref reader, out var value) || !reader.Read() || !value.Accepts(ref reader))
                {
                    return false;
                }
            }

            return walk.Complete();
        }

        /// <summary>An object read by its names' bits, not strictly (a key given twice is not looked for).</summary>
        private bool AcceptsObject(ref Utf8JsonReader reader, Shape shape)
        {
            var start = reader;
            var seen = 0UL;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped)
                {
                    // A name written with escapes is compared as the string it stands for: the object is read again by name.
                    reader = start;
                    return AcceptsObjectByName(ref reader, strict: false);
                }

                var name = reader.ValueSpan;
                if (PropertyNames is not null && !PropertyNames.AcceptsName(reader.GetString()!))
                {
                    return false;
                }

                var declared = Shape.IndexOf(shape.Names, name);
                var required = declared >= 0 ? -1 : Shape.IndexOf(shape.UndeclaredRequired, name);
                if (!reader.Read())
                {
                    return false;
                }

                if (declared >= 0)
                {
                    seen |= shape.RequiredBits[declared];
                    if (!shape.Schemas[declared].Accepts(ref reader, strict: false))
                    {
                        return false;
                    }

                    continue;
                }

                if (required >= 0)
                {
                    seen |= shape.UndeclaredRequiredBits[required];
                }

                if (AdditionalProperties is not null ? !AdditionalProperties.Accepts(ref reader, strict: false) : !Skipped(ref reader, strict: false))
                {
                    return false;
                }
            }

            return (seen & shape.AllRequired) == shape.AllRequired;
        }

        private bool AcceptsObjectByName(ref Utf8JsonReader reader, bool strict)
        {
            var names = Required is null && !strict ? null : new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (names?.Add(name) == false && strict)
                {
                    return false;
                }

                if ((PropertyNames is not null && !PropertyNames.AcceptsName(name)) || !reader.Read())
                {
                    return false;
                }

                var schema = Properties is not null && Properties.TryGetValue(name, out var declared) ? declared : AdditionalProperties;
                if (schema is not null ? !schema.Accepts(ref reader, strict) : !Skipped(ref reader, strict))
                {
                    return false;
                }
            }

            return Required is null || Required.All(names!.Contains);
        }

        /// <summary>
        /// Whether the value is of one of the allowed types (bits, see <see cref="TypeBit"/>). Conservative: a number is an
        /// integer only when it reads as a whole 64-bit number as written (no point, no exponent), so 1.0 never passes as
        /// an integer here and the full validator decides; a number is read that way only when integers are allowed and
        /// numbers are not.
        /// </summary>
        private static bool OfType(int allowed, ref Utf8JsonReader reader) => (allowed & reader.TokenType switch
        {
            JsonTokenType.StartObject => ObjectBit,
            JsonTokenType.StartArray => ArrayBit,
            JsonTokenType.String => StringBit,
            JsonTokenType.True or JsonTokenType.False => BooleanBit,
            JsonTokenType.Null => NullBit,
            JsonTokenType.Number when (allowed & NumberBit) != 0 => NumberBit,
            JsonTokenType.Number => reader.TryGetInt64(out _) ? IntegerBit : 0,
            _ => 0,
        }) != 0;
    }
}

/// <summary>
/// A pattern of the shape <c>^[first][rest]*$</c> whose two classes are plain ASCII characters and ranges (every id
/// pattern the shipped schemas have, such as <c>^[a-z0-9][a-z0-9-]*$</c>), checked on a value's UTF-8 bytes with two
/// tables instead of the regular-expression engine. Only for values written without escapes: those hold no line feed,
/// which <c>$</c> would also allow at the very end. Any other pattern is left to <see cref="Regex"/>.
/// </summary>
internal sealed class ClassPattern
{
    private readonly bool[] _first;
    private readonly bool[] _rest;

    private ClassPattern(bool[] first, bool[] rest)
    {
        (_first, _rest) = (first, rest);
    }

    public static ClassPattern? Of(string pattern)
    {
        var match = Regex.Match(pattern, @"^\^\[([^\]\\\[^][^\]\\\[]*)\]\[([^\]\\\[^][^\]\\\[]*)\]\*\$$");
        return match.Success && Table(match.Groups[1].Value) is { } first && Table(match.Groups[2].Value) is { } rest ? new ClassPattern(first, rest) : null;
    }

    /// <summary>A class's members: single characters and ranges such as a-z; a hyphen first or last is itself.</summary>
    private static bool[]? Table(string members)
    {
        var table = new bool[128];
        for (var i = 0; i < members.Length; i++)
        {
            var from = members[i];
            var to = from;
            if (i + 2 < members.Length && members[i + 1] == '-')
            {
                to = members[i + 2];
                i += 2;
            }

            if (from > to || to >= 128)
            {
                return null;
            }

            for (var c = from; c <= to; c++)
            {
                table[c] = true;
            }
        }

        return table;
    }

    public bool Matches(ReadOnlySpan<byte> ascii)
    {
        if (ascii.IsEmpty || ascii[0] >= 128 || !_first[ascii[0]])
        {
            return false;
        }

        foreach (var b in ascii[1..])
        {
            if (b >= 128 || !_rest[b])
            {
                return false;
            }
        }

        return true;
    }
}
