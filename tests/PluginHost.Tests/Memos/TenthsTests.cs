using System.Globalization;
using System.Text;
using CsCheck;
using PluginHost.Memos;

namespace PluginHost.Tests.Memos;

/// <summary>A chart coordinate is written as .NET's "0.#" pattern writes it, character for character.</summary>
public sealed class TenthsTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-9)]
    [InlineData(0.04)]
    [InlineData(0.05)]
    [InlineData(0.15)]
    [InlineData(0.25)]
    [InlineData(2.675)]
    [InlineData(100.25)]
    [InlineData(123.45)]
    [InlineData(36.999999999)]
    [InlineData(999_999.95)]
    [InlineData(1_000_000.05)]
    [InlineData(-0.04)]
    [InlineData(-12.35)]
    [InlineData(1e300)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.Epsilon)]
    public void A_coordinate_reads_as_the_pattern_writes_it(double value) => AssertSame(value);

    [Fact]
    public void Generated_coordinates_read_as_the_pattern_writes_them()
    {
        var values = Gen.OneOf(
            Gen.Double[0, 1_000],
            Gen.Double[0, 2_000_000],
            Gen.Double,
            Gen.Int[0, 10_000_000].Select(n => n / 100.0 + 0.005),
            Gen.Int[0, 10_000_000].Select(Gen.Int[-20, 20], (n, nudge) => n / 20.0 + nudge * 1e-12),
            Gen.Int[0, 1_000].Select(Gen.Double[0, 1], (n, f) => 36 + n * f * 0.7));
        values.Sample(AssertSame, iter: 100_000);
    }

    private static void AssertSame(double value)
    {
        var expected = value.ToString("0.#", CultureInfo.InvariantCulture);
        Assert.Equal(expected, new Tenths(value).ToString());
        Assert.Equal($"<x y=\"{expected}\">", new StringBuilder().Append(CultureInfo.InvariantCulture, $"<x y=\"{new Tenths(value)}\">").ToString());
    }
}
