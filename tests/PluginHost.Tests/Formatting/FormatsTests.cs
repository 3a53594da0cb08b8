using System.Globalization;
using CsCheck;
using PluginHost.Formatting;

namespace PluginHost.Tests.Formatting;

public sealed class FormatsTests
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    [Theory]
    [InlineData(4_930_000, "$4.93M")]
    [InlineData(1_200_000, "$1.2M")]
    [InlineData(780_000, "$780K")]
    [InlineData(48_000, "$48K")]
    [InlineData(10_000, "$10K")]
    [InlineData(9_999, "$9,999")]
    [InlineData(1_135, "$1,135")]
    [InlineData(0, "$0")]
    [InlineData(-30_000, "($30K)")]
    [InlineData(-79_400, "($79K)")]
    [InlineData(1_103_920_000, "$1.1B")]
    public void Money_reads_the_way_a_board_memo_would_write_it(decimal value, string expected) =>
        Assert.Equal(expected, Formats.Money(value, Us));

    [Theory]
    [InlineData(0.072, "7.2 %")]
    [InlineData(0.05, "5 %")]
    [InlineData(0.0847, "8.5 %")]
    public void A_fraction_is_shown_as_a_percentage_with_one_decimal(decimal fraction, string expected) =>
        Assert.Equal(expected, Formats.Percent(fraction, Us));

    [Fact]
    public void Ratios_keep_one_decimal_and_years_have_no_grouping()
    {
        Assert.Equal("18.6", Formats.Ratio(18.55m, Us));
        Assert.Equal("20.0", Formats.Ratio(20m, Us));
        Assert.Equal("2019", Formats.Apply("year", 2019m, Us));
        Assert.Equal("2,019", Formats.Apply("int", 2019m, Us));
        Assert.Equal("yes", Formats.Apply("text", true, Us));
        Assert.Equal("none", Formats.Apply("money", null, Us));
    }

    [Fact]
    public void Negative_percentages_and_numbers_carry_a_minus_sign_and_nothing_rounds_to_minus_zero()
    {
        Assert.Equal("-7.2 %", Formats.Pct(-7.24m, Us));
        Assert.Equal("0 %", Formats.Pct(-0.04m, Us));
        Assert.Equal("-1,234.5", Formats.Number(-1234.5m, Us));
        Assert.Equal("0", Formats.Number(-0.001m, Us));
        Assert.Equal("-2,019", Formats.Apply("int", -2019m, Us));
        Assert.Equal("$0", Formats.Money(-0.4m, Us));
        Assert.Equal("($1)", Formats.Money(-0.5m, Us));
    }

    // What each format means, written with .NET's custom patterns: the definition the fast writers are held to.
    private static string MoneyBySpecification(decimal value, CultureInfo culture)
    {
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

    private static string PctBySpecification(decimal percent, CultureInfo culture) =>
        $"{Math.Round(percent, 1, MidpointRounding.AwayFromZero).ToString("0.#", culture)} %";

    private static string RatioBySpecification(decimal value, CultureInfo culture) =>
        Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", culture);

    private static string NumberBySpecification(decimal value, CultureInfo culture) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.##", culture);

    private static string IntBySpecification(decimal value, CultureInfo culture) =>
        Math.Round(value, 0, MidpointRounding.AwayFromZero).ToString("#,0", culture);

    private static string YearBySpecification(decimal value) => Math.Round(value, 0).ToString("0", CultureInfo.InvariantCulture);

    private static readonly CultureInfo[] Cultures = CultureInfo.GetCultures(CultureTypes.AllCultures);

    /// <summary>Values of every size a memo meets, at every scale, and the edges where a format changes its unit or rounds to zero.</summary>
    private static readonly Gen<decimal> Values = Gen.OneOf(
        Gen.Long[-2_000_000_000_000L, 2_000_000_000_000L].Select(Gen.Byte[0, 6], (n, scale) => new decimal((int)(Math.Abs(n) & 0xFFFF_FFFF), (int)(Math.Abs(n) >> 32), 0, n < 0, scale)),
        Gen.Int[-99_999, 99_999].Select(Gen.Byte[0, 4], (n, scale) => new decimal(Math.Abs(n), 0, 0, n < 0, scale)),
        Gen.OneOf<decimal>(0m, -0m, 0.5m, -0.5m, 0.49m, -0.49m, 9_999.5m, 9_999.49m, 10_000m, 999_999.5m, 1_000_000m, 999_999_999.99m, 999_994_999m, 1_000_000_000m,
            -0.04m, -0.05m, 0.05m, 0.949m, 0.95m, 1.005m, 1.995m, 79_228_162_514_264_337_593_543_950_335m, -79_228_162_514_264_337_593_543_950_335m),
        Gen.Decimal);

    [Fact]
    public void Every_format_writes_what_its_pattern_writes_in_every_culture()
    {
        Gen.Select(Values, Gen.Int[0, Cultures.Length - 1]).Sample((value, c) =>
        {
            var culture = Cultures[c];
            var where = $"{value} in '{culture.Name}'";
            Assert.True(MoneyBySpecification(value, culture) == Formats.Money(value, culture), $"money: {where}: {MoneyBySpecification(value, culture)} vs {Formats.Money(value, culture)}");
            if (Math.Abs(value) < 1e26m)
            {
                Assert.True(PctBySpecification(value, culture) == Formats.Pct(value, culture), $"pct: {where}");
                Assert.True(PctBySpecification(value * 100m, culture) == Formats.Percent(value, culture), $"percent: {where}");
            }

            Assert.True(RatioBySpecification(value, culture) == Formats.Ratio(value, culture), $"ratio: {where}");
            Assert.True(NumberBySpecification(value, culture) == Formats.Number(value, culture), $"number: {where}: {NumberBySpecification(value, culture)} vs {Formats.Number(value, culture)}");
            Assert.True(IntBySpecification(value, culture) == Formats.Apply("int", value, culture), $"int: {where}");
            Assert.True(YearBySpecification(value) == Formats.Apply("year", value, culture), $"year: {where}");
        }, iter: 50_000);
    }
}
