using System.Globalization;
using System.Text;
using System.Text.Json;
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
}
