using System.Globalization;
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
}
