using System.Globalization;

namespace PluginHost.Memos;

/// <summary>
/// A chart coordinate as <c>value.ToString("0.#", CultureInfo.InvariantCulture)</c> writes it, without .NET's custom
/// pattern: a chart draws dozens of coordinates, and the pattern (a 15-digit conversion, then rounding on the digits)
/// was a third of drawing one. .NET rounds the value's 15 significant digits half away from zero at the tenth; for a
/// value from 0 up to a million, those digits stand within 1e-8 of the value, so a value more than 1e-6 tenths from a
/// half rounds the same either way. Anything else (a near-half, a negative, a large or non-finite value) goes to the
/// pattern itself. TenthsTests hold the two equal on generated values, halves and near-halves included.
/// </summary>
internal readonly record struct Tenths(double Value) : ISpanFormattable
{
    private const double Largest = 1_000_000;
    private const double Margin = 1e-6;

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var scaled = Value * 10;
        var whole = Math.Floor(scaled);
        var rest = scaled - whole;
        if (!(Value >= 0 && Value < Largest) || Math.Abs(rest - 0.5) < Margin)
        {
            return Value.TryFormat(destination, out charsWritten, "0.#", CultureInfo.InvariantCulture);
        }

        var tenths = (long)whole + (rest > 0.5 ? 1 : 0);
        if (!(tenths / 10).TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        if (tenths % 10 == 0)
        {
            return true;
        }

        if (destination.Length < charsWritten + 2)
        {
            charsWritten = 0;
            return false;
        }

        destination[charsWritten] = '.';
        destination[charsWritten + 1] = (char)('0' + tenths % 10);
        charsWritten += 2;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> text = stackalloc char[64];
        return TryFormat(text, out var written, default, null) ? new string(text[..written]) : Value.ToString("0.#", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ToString(null, null);
}
