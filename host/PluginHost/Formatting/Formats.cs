using System.Globalization;

namespace PluginHost.Formatting;

/// <summary>
/// Numbers as people read them in a memo: $1.2M, $338K, $1,135, 7.2 %, 18.6. Money is always dollars; the
/// culture decides digit grouping and the decimal mark.
/// </summary>
internal static class Formats
{
    public static IReadOnlyList<string> Names { get; } = ["money", "percent", "pct", "ratio", "number", "int", "year", "text"];

    public static string Money(decimal value, CultureInfo culture)
    {
        // One money style everywhere, as a finance reader writes it: negatives in parentheses, never a minus sign.
        var abs = Math.Abs(value);
        var text = abs switch
        {
            >= 1_000_000_000m => $"${(abs / 1_000_000_000m).ToString("0.0#", culture)}B",
            >= 1_000_000m => $"${(abs / 1_000_000m).ToString("0.0#", culture)}M",
            >= 10_000m => $"${Math.Round(abs / 1_000m, 0, MidpointRounding.AwayFromZero).ToString("#,0", culture)}K",
            _ => $"${Math.Round(abs, 0, MidpointRounding.AwayFromZero).ToString("#,0", culture)}",
        };
        return value < 0 && text != "$0" ? $"({text})" : text;
    }

    /// <summary>A fraction (0.072) as a percentage ("7.2 %").</summary>
    public static string Percent(decimal fraction, CultureInfo culture) => Pct(fraction * 100m, culture);

    /// <summary>A value already in percent (7.2) as "7.2 %".</summary>
    public static string Pct(decimal percent, CultureInfo culture) =>
        $"{Math.Round(percent, 1, MidpointRounding.AwayFromZero).ToString("0.#", culture)} %";

    public static string Ratio(decimal value, CultureInfo culture) =>
        Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", culture);

    public static string Number(decimal value, CultureInfo culture) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.##", culture);

    public static string Apply(string format, object? value, CultureInfo culture)
    {
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

        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        return format switch
        {
            "money" => Money(number, culture),
            "percent" => Percent(number, culture),
            "pct" => Pct(number, culture),
            "ratio" => Ratio(number, culture),
            "int" => Math.Round(number, 0, MidpointRounding.AwayFromZero).ToString("#,0", culture),
            "year" => Math.Round(number, 0).ToString("0", CultureInfo.InvariantCulture),
            _ => Number(number, culture),
        };
    }
}
