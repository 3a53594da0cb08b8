using System.Reflection;

namespace PluginHost.Tests.Support;

internal static class TestPaths
{
    private static string Metadata(string key) =>
        Path.GetFullPath(typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string HostOutput { get; } = Metadata("HostOutput");

    public static string Rules => Path.Combine(RepositoryRoot, "rules");

    public static string Templates => Path.Combine(RepositoryRoot, "templates");

    public static string Schemas => Path.Combine(Rules, "schemas");

    public static string DemoDistrict => Path.Combine(RepositoryRoot, "samples", "demo-district");

    public static string ShippedPlugins => Path.Combine(HostOutput, "plugins");

    public static string Golden => Path.Combine(RepositoryRoot, "tests", "PluginHost.Tests", "Golden");
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pluginhost-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finished process; the OS temp cleaner takes it later.
        }
    }

    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
