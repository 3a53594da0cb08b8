using System.Globalization;

namespace PluginHost.Formatting;

/// <summary>
/// Numbers as people read them in a memo: $1.2M, $338K, $1,135, 7.2 %, 18.6. Money is always dollars; the
/// culture decides digit grouping and the decimal mark.
/// </summary>
/// <remarks>
/// Every memo, explanation and page formats numbers many times over, so each format writes the digits itself from
/// the decimal's integer and scale, where .NET's formatter would parse a pattern and fill a digit buffer per call.
/// What they write is defined by the custom patterns kept beside them in the tests ("#,0", "0.0#", "0.#", "#,0.##"),
/// and a test holds them to it in every culture .NET knows; a culture that does not group in threes, and a figure
/// beyond 64 bits, are written by the pattern itself.
/// </remarks>
internal static class Formats
{
    public static IReadOnlyList<string> Names { get; } = ["money", "percent", "pct", "ratio", "number", "int", "year", "text"];

    public static string Money(decimal value, CultureInfo culture) => Text("money", value, culture);

    /// <summary>A fraction (0.072) as a percentage ("7.2 %").</summary>
    public static string Percent(decimal fraction, CultureInfo culture) => Text("percent", fraction, culture);

    /// <summary>A value already in percent (7.2) as "7.2 %".</summary>
    public static string Pct(decimal percent, CultureInfo culture) => Text("pct", percent, culture);

    public static string Ratio(decimal value, CultureInfo culture) => Text("ratio", value, culture);

    public static string Number(decimal value, CultureInfo culture) => Text("number", value, culture);

    /// <summary>"1 school", "6,400 schools": a count written as every other number is, with the word that agrees with it.</summary>
    public static string Count(decimal count, string one, string many, CultureInfo culture) => $"{Number(count, culture)} {(count == 1m ? one : many)}";

    private static string Text(string format, decimal value, CultureInfo culture)
    {
        Span<char> text = stackalloc char[Room];
        return new string(text[..Write(text, format, value, culture)]);
    }

    public static string Apply(string format, object? value, CultureInfo culture) =>
        TextOf(format, value, culture, out var number) ?? Text(format, number, culture);

    /// <summary>
    /// What a value shows as in one of the <see cref="Names"/> formats (what an explanation's placeholder shows), when
    /// that is not a number: "none", yes or no, or the value's own text. Null when it is a number, given in
    /// <paramref name="number"/>, to be written with <see cref="Write(Span{char}, string, decimal, CultureInfo)"/>.
    /// </summary>
    public static string? TextOf(string format, object? value, CultureInfo culture, out decimal number)
    {
        number = 0m;
        if (value is null)
        {
            return "none";
        }

        if (format == "text" || value is string or bool)
        {
            return value switch
            {
                bool b => b ? "yes" : "no",
                IFormattable f => f.ToString(null, culture),
                _ => value.ToString() ?? "",
            };
        }

        number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>The room <see cref="Write(Span{char}, string, decimal, CultureInfo)"/> needs: any decimal with group separators, a currency sign, a suffix and parentheses.</summary>
    public const int Room = 128;

    /// <summary>Writes a number in one of the number formats into <paramref name="text"/> (at least <see cref="Room"/> long); returns the characters written.</summary>
    public static int Write(Span<char> text, string format, decimal number, CultureInfo culture) => Write(text, StyleOf(format), number, culture);

    /// <summary>The number formats, by name resolved once (an explanation's placeholder, when its rule loads) rather than per value.</summary>
    internal enum Style
    {
        Number,
        Money,
        Percent,
        Pct,
        Ratio,
        Int,
        Year,
    }

    /// <summary>The style a format name writes numbers in ("number" for any other name, as <see cref="Write(Span{char}, string, decimal, CultureInfo)"/> does).</summary>
    public static Style StyleOf(string format) => format switch
    {
        "money" => Style.Money,
        "percent" => Style.Percent,
        "pct" => Style.Pct,
        "ratio" => Style.Ratio,
        "int" => Style.Int,
        "year" => Style.Year,
        _ => Style.Number,
    };

    /// <summary>Writes a number in a style resolved by <see cref="StyleOf"/>; see <see cref="Write(Span{char}, string, decimal, CultureInfo)"/>.</summary>
    public static int Write(Span<char> text, Style style, decimal number, CultureInfo culture) => style switch
    {
        Style.Money => WriteMoney(text, number, culture),
        Style.Percent => WritePct(text, number, -2, culture),
        Style.Pct => WritePct(text, number, 0, culture),
        Style.Ratio => WriteFixed(text, number, 1, 1, grouped: false, culture),
        Style.Int => WriteFixed(text, number, 0, 0, grouped: true, culture),
        Style.Year => WriteFixed(text, Math.Round(number, 0), 0, 0, grouped: false, CultureInfo.InvariantCulture),
        _ => WriteFixed(text, number, 0, 2, grouped: true, culture),
    };

    private static int WriteMoney(Span<char> text, decimal value, CultureInfo culture)
    {
        // One money style everywhere, as a finance reader writes it: negatives in parentheses, never a minus sign
        // (and no parentheses round an amount that shows as $0). The decimal is taken apart once, here, and its
        // magnitude, sign and digits read from its integer and scale (a decimal comparison or Math.Abs is a call);
        // an integer past 64 bits (no school's figure has one) is compared and written as a decimal instead.
        var exact = TryParts(value, out var mantissa, out var scale);
        var abs = exact ? 0m : Math.Abs(value);
        var magnitude = exact ? Magnitude(mantissa, scale) : abs >= 1_000_000_000m ? 9 : abs >= 1_000_000m ? 6 : abs >= 10_000m ? 4 : 0;
        var (thousands, suffix) = magnitude switch
        {
            >= 9 => (9, 'B'),
            >= 6 => (6, 'M'),
            >= 4 => (3, 'K'),
            _ => (0, '\0'),
        };

        // |value| ≥ 0.5 exactly when the integer is at least half of 10^scale (at least 1 at scale 0).
        var negative = decimal.IsNegative(value) && (exact ? scale < PowersOfTen.Length && mantissa >= (PowersOfTen[scale] + 1) / 2 : abs >= 0.5m);
        var at = 0;
        if (negative)
        {
            text[at++] = '(';
        }

        text[at++] = '$';
        var (least, most, grouped) = suffix is 'B' or 'M' ? (1, 2, false) : (0, 0, true);
        at += exact
            ? WriteFixed(text[at..], mantissa, scale, negative: false, least, most, grouped, culture, thousands)
            : WriteFixed(text[at..], abs, least, most, grouped, culture, thousands);
        if (suffix != '\0')
        {
            text[at++] = suffix;
        }

        if (negative)
        {
            text[at++] = ')';
        }

        return at;
    }

    /// <summary>
    /// The largest n up to 9 with 10^n at most |value| (0 below 10), read from its integer and scale: |value| ≥ 10^n
    /// exactly when the integer is at least 10^(n + scale).
    /// </summary>
    private static int Magnitude(ulong mantissa, int scale)
    {
        var n = 9;
        while (n > 0 && (n + scale >= PowersOfTen.Length || mantissa < PowersOfTen[n + scale]))
        {
            n--;
        }

        return n;
    }

    /// <summary>"0.# %" of the value divided by 10^<paramref name="shift"/> (−2: a fraction shown in percent).</summary>
    private static int WritePct(Span<char> text, decimal value, int shift, CultureInfo culture)
    {
        var at = WriteFixed(text, value, 0, 1, grouped: false, culture, shift);
        text[at++] = ' ';
        text[at++] = '%';
        return at;
    }

    private static readonly ulong[] PowersOfTen = [.. Enumerable.Range(0, 20).Select(n => (ulong)Math.Pow(10, n))];

    /// <summary>
    /// The value divided by 10^<paramref name="shift"/>, rounded half away from zero to <paramref name="most"/> decimals
    /// and written with at least <paramref name="least"/> of them (trailing zeros beyond that dropped), grouped or not, a
    /// minus sign before a value still below zero once rounded: the custom pattern "0.0#" is (1, 2), "0.#" (0, 1),
    /// "#,0.##" (0, 2, grouped). Shifting by a power of ten is exact, so dividing first and rounding after is one step.
    /// </summary>
    private static int WriteFixed(Span<char> text, decimal value, int least, int most, bool grouped, CultureInfo culture, int shift = 0) =>
        TryParts(value, out var mantissa, out var scale)
            ? WriteFixed(text, mantissa, scale, decimal.IsNegative(value), least, most, grouped, culture, shift)
            : WritePattern(text, value, least, most, grouped, culture, shift);

    /// <summary>The same, for a decimal already taken apart: ±<paramref name="mantissa"/> / 10^<paramref name="scale"/>.</summary>
    private static int WriteFixed(Span<char> text, ulong mantissa, int scale, bool negative, int least, int most, bool grouped, CultureInfo culture, int shift = 0)
    {
        var format = culture.NumberFormat;
        if (!TryScale(mantissa, scale, most - shift, out var units) || (grouped && !InThrees(format)))
        {
            return WritePattern(text, new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)scale), least, most, grouped, culture, shift);
        }

        var at = 0;
        if (units != 0 && negative)
        {
            at = Put(text, format.NegativeSign);
        }

        var (whole, fraction) = most switch
        {
            0 => (units, 0UL),
            1 => Math.DivRem(units, 10UL),
            2 => Math.DivRem(units, 100UL),
            _ => Math.DivRem(units, PowersOfTen[most]),
        };
        at += WriteWhole(text[at..], whole, grouped ? format.NumberGroupSeparator : null);
        var places = most;
        while (places > least && fraction % 10 == 0)
        {
            fraction /= 10;
            places--;
        }

        if (places > 0)
        {
            at += Put(text[at..], format.NumberDecimalSeparator);
            for (var i = places - 1; i >= 0; i--)
            {
                text[at + i] = (char)('0' + (int)(fraction % 10));
                fraction /= 10;
            }

            at += places;
        }

        return at;
    }

    /// <summary>Beyond 64 bits (no school's figure is), or a culture that does not group digits in threes: the pattern itself.</summary>
    private static int WritePattern(Span<char> text, decimal value, int least, int most, bool grouped, CultureInfo culture, int shift)
    {
        var pattern = (grouped ? "#,0" : "0") + (most == 0 ? "" : "." + new string('0', least) + new string('#', most - least));
        var shown = shift switch { 0 => value, > 0 => value / new decimal(PowersOfTen[shift]), _ => value * new decimal(PowersOfTen[-shift]) };
        return Math.Round(shown, most, MidpointRounding.AwayFromZero).TryFormat(text, out var formatted, pattern, culture)
            ? formatted
            : throw new InvalidOperationException($"{value} does not fit in {text.Length} characters");
    }

    // The culture a run formats in, and whether it groups digits in threes (NumberGroupSizes copies its array per call).
    private sealed record Grouping(NumberFormatInfo Format, bool Threes);

    private static Grouping _grouping = new(NumberFormatInfo.InvariantInfo, true);

    private static bool InThrees(NumberFormatInfo format)
    {
        var known = _grouping;
        if (!ReferenceEquals(known.Format, format))
        {
            known = new Grouping(format, format.NumberGroupSizes is [3]);
            _grouping = known;
        }

        return known.Threes;
    }

    /// <summary>Writes a culture's sign or separator, most often one character, without a copy call for it.</summary>
    private static int Put(Span<char> text, string symbol)
    {
        if (symbol.Length == 1)
        {
            text[0] = symbol[0];
        }
        else
        {
            symbol.CopyTo(text);
        }

        return symbol.Length;
    }

    /// <summary>A whole number's digits, with the separator between groups of three when there is one.</summary>
    private static int WriteWhole(Span<char> text, ulong whole, string? separator)
    {
        // The digits as .NET writes an integer (two at a time), then spread out for the separators from the right.
        whole.TryFormat(text, out var digits, default, CultureInfo.InvariantCulture);
        if (separator is null || digits <= 3)
        {
            return digits;
        }

        var groups = (digits - 1) / 3;
        var length = digits + (groups * separator.Length);
        var from = digits;
        var at = length;
        for (var group = 0; group < groups; group++)
        {
            from -= 3;
            at -= 3;
            text.Slice(from, 3).CopyTo(text.Slice(at, 3));
            at -= separator.Length;
            Put(text[at..], separator);
        }

        return length;
    }

    /// <summary>
    /// The magnitude of a decimal (its integer and scale) in units of 10^-<paramref name="places"/> (places may be
    /// negative: 10^3 for thousands), rounded half away from zero; false when it does not fit 64 bits.
    /// </summary>
    private static bool TryScale(ulong mantissa, int scale, int places, out ulong units)
    {
        units = 0;
        if (scale <= places)
        {
            if (places - scale >= PowersOfTen.Length)
            {
                return false;
            }

            var factor = PowersOfTen[places - scale];
            if (mantissa > ulong.MaxValue / factor)
            {
                return false;
            }

            units = mantissa * factor;
            return true;
        }

        if (scale - places >= PowersOfTen.Length)
        {
            return false;
        }

        // A division by a constant is a multiplication; by a power looked up, a hardware division (tens of cycles).
        var divisor = PowersOfTen[scale - places];
        (units, var remainder) = (scale - places) switch
        {
            1 => Math.DivRem(mantissa, 10UL),
            2 => Math.DivRem(mantissa, 100UL),
            3 => Math.DivRem(mantissa, 1_000UL),
            4 => Math.DivRem(mantissa, 10_000UL),
            _ => Math.DivRem(mantissa, divisor),
        };
        if (remainder >= divisor - remainder)
        {
            units++;
        }

        return true;
    }

    /// <summary>A decimal's magnitude as its integer and scale (value = ±integer / 10^scale); false when the integer does not fit 64 bits.</summary>
    internal static bool TryParts(decimal value, out ulong mantissa, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        mantissa = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        scale = (bits[3] >> 16) & 0xFF;
        return bits[2] == 0;
    }
}
