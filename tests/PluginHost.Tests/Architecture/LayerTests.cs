using NetArchTest.Rules;

namespace PluginHost.Tests.Architecture;

/// <summary>
/// The host's features depend one way, the way data flows: the base (Diagnostics, Io, Formatting) on nothing of ours;
/// Inputs, Catalog and Budget on the base; Policy on Budget (it hands the budget its cut plan); the pure pipeline
/// (Evaluation) on those; Memos on the result (whose records include the budget's); Runs (batches, workspaces, reloads, fixtures) at the edge; Serve (the web
/// application) beside it; Commands
/// on top. A new back-edge fails here, naming the types that make it.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[] Layers =
    [
        "PluginHost.Diagnostics", "PluginHost.Io", "PluginHost.Formatting", "PluginHost.Inputs", "PluginHost.Catalog", "PluginHost.Budget",
        "PluginHost.Policy", "PluginHost.Evaluation", "PluginHost.Memos", "PluginHost.Runs", "PluginHost.Serve", "PluginHost.Commands",
    ];

    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "PluginHost.Diagnostics", Above("PluginHost.Formatting") },
        { "PluginHost.Io", Above("PluginHost.Formatting") },
        { "PluginHost.Formatting", Above("PluginHost.Formatting") },
        { "PluginHost.Inputs", Above("PluginHost.Inputs") },
        { "PluginHost.Catalog", Above("PluginHost.Catalog") },
        { "PluginHost.Budget", [.. Above("PluginHost.Budget"), "PluginHost.Catalog"] },
        { "PluginHost.Policy", [.. Above("PluginHost.Policy"), "PluginHost.Catalog"] },
        { "PluginHost.Evaluation", Above("PluginHost.Evaluation") },
        { "PluginHost.Memos", [.. Above("PluginHost.Memos"), "PluginHost.Catalog"] },
        { "PluginHost.Runs", Above("PluginHost.Runs") },
        { "PluginHost.Serve", Above("PluginHost.Serve") },
    };

    private static string[] Above(string layer) => Layers.SkipWhile(l => l != layer).Skip(1).ToArray();

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_layer_depends_only_on_the_layers_below_it(string layer, string[] forbidden)
    {
        var result = Types.InAssembly(typeof(PluginHost.Runs.BatchRunner).Assembly)
            .That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny(forbidden.Where(f => f != layer).ToArray())
            .GetResult();

        Assert.True(result.IsSuccessful, $"{layer} must not depend on {string.Join(", ", forbidden)}; these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_pure_pipeline_touches_no_file_system_and_no_process()
    {
        var result = Types.InAssembly(typeof(PluginHost.Runs.BatchRunner).Assembly)
            .That().ResideInNamespace("PluginHost.Budget").Or().ResideInNamespace("PluginHost.Evaluation")
            .ShouldNot().HaveDependencyOnAny("System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.Diagnostics.Process", "PluginHost.Io")
            .GetResult();

        Assert.True(result.IsSuccessful, $"these pipeline types reach the file system or processes: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
