using System.Threading.Channels;
using PluginHost.Diagnostics;

namespace PluginHost.Io;

/// <summary>
/// Tells a long-running command (watch, a district run that reloads rules) that files changed. The product watches
/// the file system; tests push changes by hand, so a reload is tested without timing or inotify.
/// </summary>
internal interface IChangeSignal
{
    /// <summary>Starts watching at once (a change made while the caller is still busy is not lost).</summary>
    IChangeFeed Watch(IReadOnlyList<string> folders, Func<string, bool> relevant);
}

/// <summary>Changes in settled bursts: one batch per save, however many writes the editor made.</summary>
internal interface IChangeFeed : IDisposable
{
    /// <summary>The next batch of changed paths (never empty); waits until there is one.</summary>
    ValueTask<IReadOnlyList<string>> NextAsync(CancellationToken cancel);

    /// <summary>
    /// Folders that could not be watched since the last call, and why (PH5007 warnings), in the order found, each folder
    /// once for the feed's life: changes there go unseen. The feed keeps what it has handed out, so a caller names each
    /// folder once by reporting what it takes.
    /// </summary>
    IReadOnlyList<Diagnostic> TakeProblems();
}

/// <summary>
/// Watches folders with <see cref="FileSystemWatcher"/>. A watched folder that is deleted and created again (a
/// checkout, a `git stash`) is watched again: its parent is watched for that one name.
/// </summary>
/// <remarks>
/// Watching is never why a command fails: a folder the system will not watch (Linux allows each user 128 inotify
/// instances, and editors, sync clients and other .NET programs hold many) is named by <see cref="IChangeFeed.TakeProblems"/>
/// and the command goes on without seeing changes there. Nothing here throws on the threads that raise the watcher's
/// events, where an exception would end the process; a watcher that loses events (its queue overflowed) reports its
/// folder as changed, so the consumer reloads rather than miss an edit.
/// </remarks>
internal sealed class FileChangeSignal : IChangeSignal
{
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly Action<FileSystemWatcher> _start;

    public FileChangeSignal()
        : this(static watcher => watcher.EnableRaisingEvents = true)
    {
    }

    /// <param name="start">Starts a watcher (the system may refuse; tests refuse on purpose).</param>
    internal FileChangeSignal(Action<FileSystemWatcher> start)
    {
        _start = start;
    }

    public IChangeFeed Watch(IReadOnlyList<string> folders, Func<string, bool> relevant) => new Feed(folders, relevant, _start);

    /// <summary>Why a folder could not be watched, in words a user can act on.</summary>
    internal static string Reason(Exception ex) => ex.Message.Contains("inotify", StringComparison.Ordinal)
        ? "the system's limit on file watchers is reached (Linux: fs.inotify.max_user_instances, 128 by default; other programs that watch files hold most of them); close some or raise the limit"
        : $"{ex.GetType().Name}: {ex.Message}";

    private sealed class Feed : IChangeFeed
    {
        private readonly Channel<string> _paths = Channel.CreateUnbounded<string>();
        private readonly Func<string, bool> _relevant;
        private readonly Action<FileSystemWatcher> _start;
        private readonly Dictionary<string, FileSystemWatcher> _inside = new(StringComparer.Ordinal);
        private readonly List<FileSystemWatcher> _parents = [];
        private readonly List<Diagnostic> _problems = [];
        private int _problemsTaken;
        private readonly Lock _gate = new();
        private bool _disposed;

        public Feed(IReadOnlyList<string> folders, Func<string, bool> relevant, Action<FileSystemWatcher> start)
        {
            (_relevant, _start) = (relevant, start);
            foreach (var folder in folders.Select(f => Path.GetFullPath(f).TrimEnd(Path.DirectorySeparatorChar)).Distinct(StringComparer.Ordinal))
            {
                WatchInside(folder);
                WatchForRecreation(folder);
            }
        }

        public IReadOnlyList<Diagnostic> TakeProblems()
        {
            lock (_gate)
            {
                var fresh = _problems.GetRange(_problemsTaken, _problems.Count - _problemsTaken);
                _problemsTaken = _problems.Count;
                return fresh;
            }
        }

        public async ValueTask<IReadOnlyList<string>> NextAsync(CancellationToken cancel)
        {
            while (true)
            {
                await _paths.Reader.WaitToReadAsync(cancel);
                // Editors save in several writes; wait until the burst is over, then take every queued change at once.
                await Task.Delay(Settle, cancel);
                var changed = new List<string>();
                while (_paths.Reader.TryRead(out var path))
                {
                    if (!changed.Contains(path, StringComparer.Ordinal))
                    {
                        changed.Add(path);
                    }
                }

                if (changed.Count > 0)
                {
                    return changed;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                foreach (var watcher in _inside.Values.Concat(_parents))
                {
                    watcher.Dispose();
                }

                _inside.Clear();
            }
        }

        private void Push(string path)
        {
            if (_relevant(path))
            {
                _paths.Writer.TryWrite(path);
            }
        }

        private void WatchInside(string folder)
        {
            lock (_gate)
            {
                if (_disposed || !Directory.Exists(folder))
                {
                    return;
                }

                if (_inside.Remove(folder, out var old))
                {
                    old.Dispose();
                }

                if (Started(folder, () => new FileSystemWatcher(folder) { IncludeSubdirectories = true }, watcher =>
                    {
                        watcher.Changed += (_, e) => Push(e.FullPath);
                        watcher.Created += (_, e) => Push(e.FullPath);
                        watcher.Deleted += (_, e) => Push(e.FullPath);
                        watcher.Renamed += (_, e) => Push(e.FullPath);
                        watcher.Error += (_, _) => Push(folder);
                    }) is { } started)
                {
                    _inside[folder] = started;
                }
            }
        }

        private void WatchForRecreation(string folder)
        {
            var parent = Path.GetDirectoryName(folder);
            if (parent is null || !Directory.Exists(parent))
            {
                return;
            }

            void Recreated(string path)
            {
                WatchInside(folder);
                Push(path);
            }

            lock (_gate)
            {
                if (Started(folder, () => new FileSystemWatcher(parent, Path.GetFileName(folder)) { NotifyFilter = NotifyFilters.DirectoryName }, watcher =>
                    {
                        watcher.Created += (_, e) => Recreated(e.FullPath);
                        watcher.Renamed += (_, e) => Recreated(e.FullPath);
                        watcher.Deleted += (_, e) => Push(e.FullPath);
                    }) is { } started)
                {
                    _parents.Add(started);
                }
            }
        }

        /// <summary>
        /// The watcher with its handlers, started; or null, with the folder named in the problems (once), when
        /// the system refuses it or the folder went away in the meantime.
        /// </summary>
        private FileSystemWatcher? Started(string folder, Func<FileSystemWatcher> make, Action<FileSystemWatcher> handlers)
        {
            FileSystemWatcher? watcher = null;
            try
            {
                watcher = make();
                handlers(watcher);
                _start(watcher);
                return watcher;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
            {
                watcher?.Dispose();
                var problem = Diagnostic.Warning(DisplayPath.Of(folder), ErrorCodes.NotWatched, $"not watched for changes: {Reason(ex)}");
                if (!_problems.Any(p => p.Path == problem.Path))
                {
                    _problems.Add(problem);
                }

                return null;
            }
        }
    }
}
