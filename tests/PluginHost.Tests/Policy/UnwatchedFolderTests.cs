using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Diagnostics;
using PluginHost.Io;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Policy;

/// <summary>
/// Watching rule folders for edits is a convenience of a run, never the reason it fails. When the system refuses a
/// watcher (on Linux, a user's 128 inotify instances are easily held by editors and sync clients; this machine's
/// district run printed a stack trace and wrote nothing), the run goes on and each folder it cannot watch is named
/// once, with what to do about it. No watcher is started here: the refusal is the system's message, given by hand.
/// </summary>
public sealed class UnwatchedFolderTests
{
    private const string InotifyLimit = "The configured user limit (128) on the number of inotify instances has been reached, or the per-process limit on the number of open file descriptors has been reached.";

    [Fact]
    public async Task A_district_run_whose_rule_folders_cannot_be_watched_writes_every_school_and_names_each_folder_once()
    {
        using var temp = new TempDir();
        var output = new StringWriter();
        var errors = new StringWriter();
        var session = new CliSession(output, errors, temp.Path, TestPaths.HostOutput, Interactive: false)
        {
            Services = services => services.AddSingleton<IChangeSignal>(new FileChangeSignal(_ => throw new IOException(InotifyLimit))),
        };

        var exit = await Cli.RunAsync(["district", TestPaths.DemoDistrict, "--out", temp.Combine("out"), "--format", "json"], session, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(7, Directory.GetFiles(temp.Combine("out"), "result.json", SearchOption.AllDirectories).Length);
        var warnings = errors.ToString().Split('\n').Where(l => l.Contains("warning PH5007", StringComparison.Ordinal)).ToList();
        // The district's rules folder and each plugin's rules folder, each once.
        Assert.Equal(1 + Directory.GetDirectories(TestPaths.ShippedPlugins).Count(p => Directory.Exists(Path.Combine(p, "rules"))), warnings.Count);
        Assert.Equal(warnings.Count, warnings.Distinct(StringComparer.Ordinal).Count());
        Assert.All(warnings, w => Assert.EndsWith(
            ": warning PH5007: not watched for changes: the system's limit on file watchers is reached (Linux: fs.inotify.max_user_instances, 128 by default; other programs that watch files hold most of them); close some or raise the limit; rule edits there during this run take effect at the next run",
            w.TrimEnd('\r'), StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_feed_names_a_folder_it_cannot_watch_and_keeps_watching_the_others()
    {
        using var temp = new TempDir();
        var refused = Directory.CreateDirectory(temp.Combine("refused")).FullName;
        var watched = Directory.CreateDirectory(temp.Combine("watched")).FullName;
        var signal = new FileChangeSignal(watcher =>
        {
            if (watcher.Path == refused || watcher.Filter == "refused")
            {
                throw new UnauthorizedAccessException($"Access to the path '{refused}' is denied.");
            }
        });

        using var feed = signal.Watch([refused, watched], _ => true);

        var problem = Assert.Single(feed.TakeProblems());
        Assert.Empty(feed.TakeProblems());
        Assert.Equal(DisplayPath.Of(refused), problem.Path);
        Assert.Equal(Severity.Warning, problem.Severity);
        Assert.Equal($"not watched for changes: UnauthorizedAccessException: Access to the path '{refused}' is denied.", problem.Message);
    }

    [Fact]
    public async Task A_fault_that_stops_a_command_is_one_line_in_the_tool_s_format_never_a_stack_trace()
    {
        using var temp = new TempDir();
        var errors = new StringWriter();
        var session = new CliSession(new StringWriter(), errors, temp.Path, TestPaths.HostOutput, Interactive: false)
        {
            Services = services => services.AddSingleton<IChangeSignal>(new Faulty()),
        };

        var exit = await Cli.RunAsync(["district", TestPaths.DemoDistrict, "--out", temp.Combine("out"), "--format", "json"], session, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal(
            "district: error PH5005: the command stopped: InvalidOperationException: a fault planted by the test; files it had already written are whole (each is written atomically); please report this",
            errors.ToString().Trim());
    }

    private sealed class Faulty : IChangeSignal
    {
        public IChangeFeed Watch(IReadOnlyList<string> folders, Func<string, bool> relevant) => throw new InvalidOperationException("a fault planted by the test");
    }
}
