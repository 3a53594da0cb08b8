using Xunit.Abstractions;

namespace PluginHost.Tests.Support;

/// <summary>
/// Debian's chromium, which .ci/run installs for the PDF and screenshot tests. Where it is missing outside CI the
/// tests that need it say so and stop; in CI (CI=true) a missing browser fails them.
/// </summary>
internal static class Chromium
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "chromium"))
        .FirstOrDefault(File.Exists);

    public static bool Available(ITestOutputHelper output)
    {
        if (Path is not null)
        {
            return true;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "chromium is not on PATH; .ci/run installs it with apt-get install -y chromium");
        output.WriteLine("chromium is not on PATH; install it (apt-get install -y chromium) to run this test");
        return false;
    }

    /// <summary>Where screenshots and other things a person should look at are kept after a run.</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("PLUGINHOST_ARTIFACTS") ?? System.IO.Path.Combine(TestPaths.RepositoryRoot, ".ci", "artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
