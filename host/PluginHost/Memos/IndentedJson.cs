using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PluginHost.Memos;

/// <summary>
/// Indented JSON written into one growing buffer, byte for byte as <see cref="Utf8JsonWriter"/> writes it with the same
/// options and no validation (a test holds the two equal on generated documents of every kind of value, escapes and
/// decimals of every scale included). Only what result.json needs: objects, arrays, names already encoded, strings,
/// whole numbers, decimals, booleans and null.
/// </summary>
/// <remarks>
/// Written for result.json's cost: Utf8JsonWriter spent about 33 ns on each property whatever its value, and formatting
/// a decimal cost another 70 ns (some 220 per school); here a property is a copy of its indentation, name and value,
/// and a decimal whose integer fits 64 bits is written from that integer.
/// </remarks>
internal sealed class IndentedJson
{
    private readonly JavaScriptEncoder _encoder;
    private readonly byte[] _newLine;
    private readonly byte _indentCharacter;
    private readonly int _indentSize;
    private byte[] _buffer;
    private int _at;
    private int _depth;

    // Whether the open container has an item yet (a comma goes before the next), and whether the last thing written
    // was a property name (its value follows on the same line). A container just closed is an item of the one around it.
    private bool _hasItem;
    private bool _afterName;

    public IndentedJson(JavaScriptEncoder encoder, string newLine, char indentCharacter, int indentSize, int capacity = 64 * 1024)
    {
        (_encoder, _newLine, _indentCharacter, _indentSize) = (encoder, System.Text.Encoding.UTF8.GetBytes(newLine), (byte)indentCharacter, indentSize);
        _buffer = new byte[capacity];
        _breaks = [(byte)',', .. _newLine, .. Enumerable.Repeat((byte)indentCharacter, BrokenDepth * indentSize)];
    }

    /// <summary>How deep a line break is written by one copy: result.json nests six levels deep.</summary>
    private const int BrokenDepth = 16;

    /// <summary>A comma, the new line and the indentation of <see cref="BrokenDepth"/> levels: every break up to that depth is a slice of it.</summary>
    private readonly byte[] _breaks;

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _at);

    /// <summary>How large the buffer has grown.</summary>
    public int Capacity => _buffer.Length;

    public void Reset()
    {
        (_at, _depth, _hasItem, _afterName) = (0, 0, false, false);
        _written.Clear();
    }

    // Values written once and met again: where each was written in this document, and the bytes of those shared by
    // every document (a rule's trace line for the schools it does not fire for), kept from one document to the next.
    // Keys are the values themselves, by reference: records that never change once made.
    private readonly Dictionary<object, (int Start, int Length, int Depth)> _written = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, (byte[] Bytes, int Depth)> _kept = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many values' bytes are kept between documents before they are all let go (a run keeps a few per rule).</summary>
    private const int MostKept = 4096;

    /// <summary>
    /// The object or array just closed was <paramref name="key"/>; written again at the same depth, its bytes are copied.
    /// <paramref name="kept"/>: the value is shared by every document this writer will write, and its bytes are kept for
    /// them too.
    /// </summary>
    public void Finished(object key, bool kept)
    {
        var start = _opened[_depth];
        var length = _at - start;
        _written[key] = (start, length, _depth);
        if (kept)
        {
            if (_kept.Count >= MostKept)
            {
                _kept.Clear();
            }

            _kept[key] = (_buffer.AsSpan(start, length).ToArray(), _depth);
        }
    }

    /// <summary>
    /// Writes <paramref name="key"/> again, as the bytes it was written with, when it was written before at this depth
    /// (in this document, or kept from an earlier one); false when it was not, and nothing is written.
    /// </summary>
    /// <remarks>A value's bytes, bracket to bracket, depend only on the value and its depth: the separator before it is written here.</remarks>
    public bool TryWriteAgain(object key)
    {
        if (_written.TryGetValue(key, out var here) && here.Depth == _depth)
        {
            Again(_buffer.AsSpan(here.Start, here.Length));
            return true;
        }

        if (_kept.TryGetValue(key, out var kept) && kept.Depth == _depth)
        {
            Again(kept.Bytes);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A whole value copied in after its separator, leaving the state <see cref="Close"/> leaves, as if it had been
    /// opened and closed here. Bytes from this document's buffer stay readable if it grows: the span keeps the old array.
    /// </summary>
    private void Again(ReadOnlySpan<byte> value)
    {
        var span = Room(value.Length + Indentation());
        var at = Separate(span);
        value.CopyTo(span[at..]);
        _at += at + value.Length;
        _hasItem = true;
        _afterName = false;
    }

    public void WriteStartObject() => Open((byte)'{');

    public void WriteStartArray() => Open((byte)'[');

    public void WriteEndObject() => Close((byte)'}');

    public void WriteEndArray() => Close((byte)']');

    public void WritePropertyName(JsonEncodedText name)
    {
        var encoded = name.EncodedUtf8Bytes;
        var span = Room(encoded.Length + 4 + Indentation());
        var at = Separate(span);
        span[at++] = (byte)'"';
        encoded.CopyTo(span[at..]);
        at += encoded.Length;
        span[at++] = (byte)'"';
        span[at++] = (byte)':';
        span[at++] = (byte)' ';
        _at += at;
        _afterName = true;
    }

    public void WriteString(JsonEncodedText name, string? value)
    {
        WritePropertyName(name);
        WriteStringValue(value);
    }

    /// <summary>A text as a JSON string, escaped as the encoder asks; null as the null literal.</summary>
    public void WriteStringValue(string? value)
    {
        if (value is null)
        {
            WriteNullValue();
            return;
        }

        // Most texts need no escape: they are transcoded straight into the buffer and checked there. One that needs an
        // escape, or is not valid UTF-16, is escaped by the framework's writer itself, with the same encoder.
        var span = Room((value.Length * 3) + 2 + Indentation());
        var at = Separate(span);
        if (System.Text.Unicode.Utf8.FromUtf16(value, span[(at + 1)..], out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            && _encoder.FindFirstCharacterToEncodeUtf8(span.Slice(at + 1, written)) < 0)
        {
            span[at] = (byte)'"';
            span[at + 1 + written] = (byte)'"';
            _at += at + written + 2;
            return;
        }

        var escaped = Escaped(value);
        span = Room(at + escaped.Length);
        escaped.CopyTo(span[at..]);
        _at += at + escaped.Length;
    }

    /// <summary>A text escaped, with its quotes, by the framework's writer: for the rare text that needs it.</summary>
    private ReadOnlySpan<byte> Escaped(string value)
    {
        var (buffer, writer) = _escaper ??= Escaper(_encoder);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStringValue(value);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) Escaper(JavaScriptEncoder encoder)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, SkipValidation = true }));
    }

    private (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _escaper;

    public void WriteNumber(JsonEncodedText name, long value)
    {
        WritePropertyName(name);
        value.TryFormat(Room(20), out var written, default, CultureInfo.InvariantCulture);
        ValueWritten(written);
    }

    public void WriteNumber(JsonEncodedText name, int value) => WriteNumber(name, (long)value);

    /// <summary>A decimal as the writer writes one: every digit its scale keeps, a minus sign only before a value that is not zero.</summary>
    public void WriteNumber(JsonEncodedText name, decimal value)
    {
        WritePropertyName(name);
        var span = Room(32);
        ValueWritten(Formatting.Formats.TryParts(value, out var mantissa, out var scale)
            ? Digits(span, mantissa, scale, decimal.IsNegative(value) && mantissa != 0)
            : value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("a decimal's digits did not fit"));
    }

    /// <summary>A value written straight after its property name, into the buffer's free part.</summary>
    private void ValueWritten(int bytes)
    {
        _at += bytes;
        _afterName = false;
    }

    public void WriteBoolean(JsonEncodedText name, bool value)
    {
        WritePropertyName(name);
        Value(value ? "true"u8 : "false"u8, quoted: false);
    }

    public void WriteNull(JsonEncodedText name)
    {
        WritePropertyName(name);
        WriteNullValue();
    }

    public void WriteNullValue() => Value("null"u8, quoted: false);

    /// <summary>±<paramref name="mantissa"/> / 10^<paramref name="scale"/> with all <paramref name="scale"/> decimals, no exponent.</summary>
    private static int Digits(Span<byte> span, ulong mantissa, int scale, bool negative)
    {
        var at = 0;
        if (negative)
        {
            span[at++] = (byte)'-';
        }

        mantissa.TryFormat(span[at..], out var digits, default, CultureInfo.InvariantCulture);
        if (scale == 0)
        {
            return at + digits;
        }

        if (digits > scale)
        {
            // The last `scale` digits move one place right for the point.
            var point = at + digits - scale;
            span.Slice(point, scale).CopyTo(span[(point + 1)..]);
            span[point] = (byte)'.';
            return at + digits + 1;
        }

        // Below one: "0.", the zeros the scale asks for, then the digits.
        var zeros = scale - digits;
        span.Slice(at, digits).CopyTo(span[(at + 2 + zeros)..]);
        span[at] = (byte)'0';
        span[at + 1] = (byte)'.';
        span.Slice(at + 2, zeros).Fill((byte)'0');
        return at + 2 + zeros + digits;
    }

    private void Value(ReadOnlySpan<byte> bytes, bool quoted)
    {
        var span = Room(bytes.Length + 2 + Indentation());
        var at = Separate(span);
        if (quoted)
        {
            span[at++] = (byte)'"';
        }

        bytes.CopyTo(span[at..]);
        at += bytes.Length;
        if (quoted)
        {
            span[at++] = (byte)'"';
        }

        _at += at;
    }

    private void Open(byte bracket)
    {
        var span = Room(1 + Indentation());
        var at = Separate(span);
        span[at++] = bracket;
        _at += at;
        if (_depth == _opened.Length)
        {
            Array.Resize(ref _opened, _depth * 2);
        }

        _opened[_depth++] = _at - 1;
        _hasItem = false;
    }

    /// <summary>Where each open object or array began (its bracket), by depth: after it closes, where the value just written began.</summary>
    private int[] _opened = new int[BrokenDepth];

    private void Close(byte bracket)
    {
        _depth--;
        var span = Room(1 + Indentation());
        var at = 0;
        if (_hasItem)
        {
            at = NewLine(span);
        }

        span[at++] = bracket;
        _at += at;
        _hasItem = true;
        _afterName = false;
    }

    /// <summary>
    /// What goes before an item: nothing after a property name; else a comma after an earlier item, then a new line and
    /// the indentation (none before the document's first value). The item is counted as written.
    /// </summary>
    private int Separate(Span<byte> span)
    {
        if (_afterName)
        {
            _afterName = false;
            return 0;
        }

        var comma = _hasItem;
        _hasItem = true;
        if (_depth == 0)
        {
            if (comma)
            {
                span[0] = (byte)',';
            }

            return comma ? 1 : 0;
        }

        return Break(span, comma);
    }

    private int NewLine(Span<byte> span) => Break(span, comma: false);

    /// <summary>An optional comma, a new line and the indentation of the current depth, copied in one piece where it can be.</summary>
    private int Break(Span<byte> span, bool comma)
    {
        var from = comma ? 0 : 1;
        var length = 1 - from + _newLine.Length + (_depth * _indentSize);
        if (_depth <= BrokenDepth)
        {
            _breaks.AsSpan(from, length).CopyTo(span);
            return length;
        }

        _breaks.AsSpan(from, 1 - from + _newLine.Length).CopyTo(span);
        span[(1 - from + _newLine.Length)..length].Fill(_indentCharacter);
        return length;
    }

    private int Indentation() => _newLine.Length + (_depth * _indentSize) + 1;

    /// <summary>The free part of the buffer, at least <paramref name="size"/> bytes of it.</summary>
    private Span<byte> Room(int size)
    {
        if (_buffer.Length - _at < size)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _at + size));
        }

        return _buffer.AsSpan(_at);
    }
}
