using System.Text.Json;

namespace PluginHost.Tests.Support;

/// <summary>One run of the built CLI's demo, shared by the tests that read its output.</summary>
public sealed class DemoRun : IDisposable
{
    private readonly TempDir _temp = new();

    public DemoRun()
    {
        Result = CliRunner.Run(_temp.Path, "demo", "--out", _temp.Combine("out"));
        if (Result.ExitCode != 0)
        {
            throw new InvalidOperationException($"demo failed: {Result}");
        }
    }

    internal CliResult Result { get; }

    public string Out => _temp.Combine("out");

    public string Memo(string school, string file = "memo.md") => File.ReadAllText(Path.Combine(Out, school, file));

    public JsonElement ResultJson(string school) => JsonDocument.Parse(Memo(school, "result.json")).RootElement;

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DemoRunGroup : ICollectionFixture<DemoRun>
{
    public const string Name = "demo run";
}
