using System.Globalization;
using CsCheck;
using PluginHost.Memos;
using PluginHost.Runs;
using PluginHost.Tests.Support;
using Scriban.Runtime;

namespace PluginHost.Tests.Memos;

/// <summary>
/// A school memo's model is made by the walk that writes result.json (ScriptModel.Of); it must be what reading
/// result.json back gives (ScriptModel.Build): the same objects, names in the same order, texts and numbers, scales included.
/// </summary>
public sealed class ScriptModelTests
{
    private static readonly string[] Charts = ["ratios", "cuts"];

    [Fact]
    public void A_school_model_made_from_the_result_is_what_reading_its_json_gives_for_every_demo_and_generated_school()
    {
        using var temp = new TempDir();
        var results = DemoResults.Of(BatchRunner.ProfilesIn(TestPaths.DemoDistrict).Concat(GeneratedDistrict.Write(temp.Combine("district"), 30)));

        foreach (var (file, result) in results)
        {
            AssertSame(ScriptModel.Build(ResultJson.Utf8(result), Charts), ScriptModel.Of(result, Charts), file);
        }

        Assert.Equal(37, results.Count);
    }

    [Fact]
    public void Texts_and_numbers_reach_the_model_as_result_json_carries_them()
    {
        var result = DemoResults.Of(BatchRunner.ProfilesIn(TestPaths.DemoDistrict).Take(1))[0].Result;
        var texts = Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["\\`*_[]<>|~#!&\r\n\t\u0001\u001f\u200e\u202e\ufeff\"'é—😀 aZ09"], 0, 16],
            Gen.Const("\ud800 alone"),
            Gen.Const("pair \ud83d\ude00 and \udc00 low"),
            Gen.Const(""));
        var numbers = Gen.OneOf(
            Gen.Decimal,
            Gen.Long.Select(Gen.Byte[0, 28], (n, scale) => new decimal((int)(n & 0xFFFF_FFFF), (int)((ulong)n >> 32), 0, n < 0, scale)),
            Gen.OneOf<decimal>(new decimal(0, 0, 0, true, 0), new decimal(0, 0, 0, true, 2), 79_228_162_514_264_337_593_543_950_335m, 1.50m));

        Gen.Select(texts, texts, numbers).Sample((name, detail, number) =>
        {
            var changed = result with
            {
                School = result.School with { Name = name, GeneralFunding = number, Ceiling = number },
                Trace = [.. result.Trace.Select((t, i) => i == 0 ? t with { Detail = detail } : t)],
            };

            AssertSame(ScriptModel.Build(ResultJson.Utf8(changed), Charts), ScriptModel.Of(changed, Charts), "a changed school");
        }, iter: 500);
    }

    /// <summary>Equal all the way down: kinds, names in order, texts to the character, decimals to the bit (scale and sign).</summary>
    private static void AssertSame(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case ScriptObject e when actual is ScriptObject a:
                Assert.True(e.Keys.SequenceEqual(a.Keys), $"{where}: names {string.Join(",", e.Keys)} against {string.Join(",", a.Keys)}");
                foreach (var key in e.Keys)
                {
                    // The chart function is made for each model; that both have one is what matters.
                    if (e[key] is IScriptCustomFunction)
                    {
                        Assert.IsType(e[key]!.GetType(), a[key]);
                        continue;
                    }

                    AssertSame(e[key], a[key], $"{where}.{key}");
                }

                break;
            case ScriptArray e when actual is ScriptArray a:
                Assert.True(e.Count == a.Count, $"{where}: {e.Count} items against {a.Count}");
                for (var i = 0; i < e.Count; i++)
                {
                    AssertSame(e[i], a[i], $"{where}[{i}]");
                }

                break;
            case decimal e when actual is decimal a:
                Assert.True(decimal.GetBits(e).SequenceEqual(decimal.GetBits(a)), $"{where}: {e.ToString(CultureInfo.InvariantCulture)} against {a.ToString(CultureInfo.InvariantCulture)} (scale {e.Scale} against {a.Scale})");
                break;
            case string e when actual is string a:
                Assert.True(string.Equals(e, a, StringComparison.Ordinal), $"{where}: \"{e}\" against \"{a}\"");
                break;
            case null:
                Assert.True(actual is null, $"{where}: null against {actual}");
                break;
            default:
                Assert.True(expected.GetType() == actual?.GetType() && expected.Equals(actual), $"{where}: {expected} ({expected.GetType().Name}) against {actual} ({actual?.GetType().Name})");
                break;
        }
    }
}
