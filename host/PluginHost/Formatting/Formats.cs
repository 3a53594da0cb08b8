using System.Globalization;
using System.Text;

namespace PluginHost.Formatting;

/// <summary>
/// Numbers as people read them in a memo: $1.2M, $338K, $1,135, 7.2 %, 18.6. Money is always dollars; the
/// culture decides digit grouping and the decimal mark.
/// </summary>
/// <remarks>
/// Every memo, explanation and page formats numbers many times over, so each format is written into a span with
/// .NET's standard formats (N, F), which need no format string parsed per call. What they print is the
/// custom-pattern definition kept beside them in the tests ("#,0", "0.0#", "0.#", "#,0.##"), checked on every
/// culture .NET knows.
/// </remarks>
internal static class Formats
{
    public static IReadOnlyList<string> Names { get; } = ["money", "percent", "pct", "ratio", "number", "int", "year", "text"];

    // Long enough for any decimal with group separators, a currency sign, a suffix and parentheses.
    private const int Room = 128;

    public static string Money(decimal value, CultureInfo culture)
    {
        Span<char> text = stackalloc char[Room];
        return new string(text[..WriteMoney(text, value, culture)]);
    }

    /// <summary>A fraction (0.072) as a percentage ("7.2 %").</summary>
    public static string Percent(decimal fraction, CultureInfo culture) => Pct(fraction * 100m, culture);

    /// <summary>A value already in percent (7.2) as "7.2 %".</summary>
    public static string Pct(decimal percent, CultureInfo culture)
    {
        Span<char> text = stackalloc char[Room];
        return new string(text[..WritePct(text, percent, culture)]);
    }

    public static string Ratio(decimal value, CultureInfo culture)
    {
        Span<char> text = stackalloc char[Room];
        return new string(text[..Write(text, Math.Round(value, 1, MidpointRounding.AwayFromZero), "F1", culture)]);
    }

    public static string Number(decimal value, CultureInfo culture)
    {
        Span<char> text = stackalloc char[Room];
        return new string(text[..WriteNumber(text, value, culture)]);
    }

    public static string Apply(string format, object? value, CultureInfo culture)
    {
        var text = new StringBuilder();
        Append(text, format, value, culture);
        return text.ToString();
    }

    /// <summary>Appends a value in one of the <see cref="Names"/> formats: what an explanation's placeholder shows.</summary>
    public static void Append(StringBuilder text, string format, object? value, CultureInfo culture)
    {
        if (value is null)
        {
            text.Append("none");
            return;
        }

        if (format == "text" || value is string or bool)
        {
            text.Append(value switch
            {
                bool b => b ? "yes" : "no",
                IFormattable f => f.ToString(null, culture),
                _ => value.ToString() ?? "",
            });
            return;
        }

        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        Span<char> digits = stackalloc char[Room];
        var written = format switch
        {
            "money" => WriteMoney(digits, number, culture),
            "percent" => WritePct(digits, number * 100m, culture),
            "pct" => WritePct(digits, number, culture),
            "ratio" => Write(digits, Math.Round(number, 1, MidpointRounding.AwayFromZero), "F1", culture),
            "int" => WriteInt(digits, Math.Round(number, 0, MidpointRounding.AwayFromZero), culture),
            "year" => Write(digits, Math.Round(number, 0), "F0", CultureInfo.InvariantCulture),
            _ => WriteNumber(digits, number, culture),
        };
        text.Append(digits[..written]);
    }

    private static int WriteMoney(Span<char> text, decimal value, CultureInfo culture)
    {
        // One money style everywhere, as a finance reader writes it: negatives in parentheses, never a minus sign
        // (and no parentheses round an amount that shows as $0).
        var abs = Math.Abs(value);
        var (shown, suffix) = abs switch
        {
            >= 1_000_000_000m => (abs / 1_000_000_000m, 'B'),
            >= 1_000_000m => (abs / 1_000_000m, 'M'),
            >= 10_000m => (abs / 1_000m, 'K'),
            _ => (abs, '\0'),
        };
        var negative = value < 0m && abs >= 0.5m;
        var at = 0;
        if (negative)
        {
            text[at++] = '(';
        }

        text[at++] = '$';
        at += suffix is 'B' or 'M'
            ? WriteUpToTwoDecimals(text[at..], shown, culture)
            : Write(text[at..], Math.Round(shown, 0, MidpointRounding.AwayFromZero), "N0", culture);
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

    /// <summary>"0.0#": one decimal always, a second when it is not zero, no grouping. Used for values that are never negative.</summary>
    private static int WriteUpToTwoDecimals(Span<char> text, decimal value, CultureInfo culture)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return Write(text, rounded, decimal.Truncate(rounded * 10m) == rounded * 10m ? "F1" : "F2", culture);
    }

    /// <summary>"0.# %": rounded to one decimal, shown only when it is not zero; a minus sign before a negative value.</summary>
    private static int WritePct(Span<char> text, decimal percent, CultureInfo culture)
    {
        var rounded = Math.Round(percent, 1, MidpointRounding.AwayFromZero);
        var at = Write(text, rounded, decimal.Truncate(rounded) == rounded ? "F0" : "F1", culture);
        text[at++] = ' ';
        text[at++] = '%';
        return at;
    }

    /// <summary>"#,0.##": grouped, up to two decimals shown only when they are not zero; a minus sign before a negative value.</summary>
    private static int WriteNumber(Span<char> text, decimal value, CultureInfo culture)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        var places = decimal.Truncate(rounded) == rounded ? "N0" : decimal.Truncate(rounded * 10m) == rounded * 10m ? "N1" : "N2";
        return WriteGrouped(text, rounded, places, culture);
    }

    /// <summary>"#,0" of a whole number: grouped, a minus sign before a negative value.</summary>
    private static int WriteInt(Span<char> text, decimal whole, CultureInfo culture) => WriteGrouped(text, whole, "N0", culture);

    private static int WriteGrouped(Span<char> text, decimal value, string format, CultureInfo culture)
    {
        // N writes a negative value in the culture's accounting pattern, "(n)" or "n-" in some; the pattern writes a
        // minus sign before the digits in every culture, so the digits are written for the magnitude and the sign added.
        if (value >= 0m)
        {
            return Write(text, value, format, culture);
        }

        var sign = culture.NumberFormat.NegativeSign;
        sign.CopyTo(text);
        return sign.Length + Write(text[sign.Length..], -value, format, culture);
    }

    private static int Write(Span<char> text, decimal value, string format, IFormatProvider culture) =>
        value.TryFormat(text, out var written, format, culture) ? written : throw new InvalidOperationException($"{value} does not fit in {text.Length} characters");
}
