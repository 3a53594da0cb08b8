using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Runs;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Evaluation;

/// <summary>result.json is written by hand (ResultJsonWriter); it must be byte for byte what the reflection-based serialiser writes.</summary>
public sealed class ResultJsonTests
{
    [Fact]
    public void The_result_writer_writes_the_same_bytes_as_the_reflection_serialiser_for_every_demo_and_generated_school()
    {
        using var temp = new TempDir();
        var options = new PluginHostOptions { RulesDirectory = TestPaths.Rules, PluginsDirectory = TestPaths.ShippedPlugins, TemplatesDirectory = TestPaths.Templates };
        using var host = HostFactory.Build(options);
        var workspace = host.Services.GetRequiredService<WorkspaceLoader>().Load();
        var inputs = host.Services.GetRequiredService<InputLoader>();
        var policy = new PolicyChoice(inputs.LoadPolicy(Path.Combine(TestPaths.DemoDistrict, "district-policy.json")), Path.Combine(TestPaths.DemoDistrict, "district-policy.json"));
        var context = new EvaluationContext(workspace.Catalog, workspace.Rules, [10, 20, 30], CultureInfo.GetCultureInfo("en-US"), null);
        var profiles = BatchRunner.ProfilesIn(TestPaths.DemoDistrict).Concat(GeneratedDistrict.Write(temp.Combine("district"), 30)).ToList();

        foreach (var profile in profiles)
        {
            var result = SchoolEvaluator.Evaluate(inputs.LoadProfile(profile), profile, policy, context).Result!;
            var reflection = JsonSerializer.Serialize(result, Io.Json.Web);
            var generated = Encoding.UTF8.GetString(ResultJson.Utf8(result));
            Assert.True(reflection == generated, $"{Path.GetFileName(profile)}: the result writer differs from the reflection serialiser");
            Assert.True(generated == Encoding.UTF8.GetString(ResultJson.Utf8Reused(result).Span), $"{Path.GetFileName(profile)}: the reused buffer's bytes differ");
        }

        Assert.Equal(37, profiles.Count);
    }

    /// <summary>Decimals of every scale and size, and the edges of the writer's integer path (a long's range, a zero below zero).</summary>
    private static readonly Gen<decimal> Decimals = Gen.OneOf(
        Gen.Long.Select(Gen.Byte[0, 4], (n, scale) => new decimal((int)(n & 0xFFFF_FFFF), (int)((ulong)n >> 32), 0, n < 0, scale)),
        Gen.ULong.Select(Gen.Bool, (n, negative) => new decimal((int)(n & 0xFFFF_FFFF), (int)(n >> 32), 0, negative, 0)),
        Gen.OneOf<decimal>(0m, new decimal(0, 0, 0, true, 0), new decimal(0, 0, 0, true, 2), 9_223_372_036_854_775_807m, 9_223_372_036_854_775_808m,
            -9_223_372_036_854_775_807m, -9_223_372_036_854_775_808m, -9_223_372_036_854_775_809m, 18_446_744_073_709_551_615m, 18_446_744_073_709_551_616m,
            79_228_162_514_264_337_593_543_950_335m, -79_228_162_514_264_337_593_543_950_335m, 1.50m, 100m, -100m),
        Gen.Decimal);

    [Fact]
    public void A_decimal_is_written_with_the_bytes_the_writer_gives_it_whatever_its_scale_and_size()
    {
        var name = JsonEncodedText.Encode("amount");
        Decimals.Sample(value =>
        {
            Assert.Equal(Written(w => w.WriteNumber(name, value)), Written(w => ResultJsonWriter.Number(w, name, value)));
        });

        static string Written(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
