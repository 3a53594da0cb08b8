using System.Threading.Channels;

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
}

/// <summary>
/// Watches folders with <see cref="FileSystemWatcher"/>. A watched folder that is deleted and created again (a
/// checkout, a `git stash`) is watched again: its parent is watched for that one name.
/// </summary>
internal sealed class FileChangeSignal : IChangeSignal
{
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    public IChangeFeed Watch(IReadOnlyList<string> folders, Func<string, bool> relevant) => new Feed(folders, relevant);

    private sealed class Feed : IChangeFeed
    {
        private readonly Channel<string> _paths = Channel.CreateUnbounded<string>();
        private readonly Func<string, bool> _relevant;
        private readonly Dictionary<string, FileSystemWatcher> _inside = new(StringComparer.Ordinal);
        private readonly List<FileSystemWatcher> _parents = [];
        private readonly Lock _gate = new();
        private bool _disposed;

        public Feed(IReadOnlyList<string> folders, Func<string, bool> relevant)
        {
            _relevant = relevant;
            foreach (var folder in folders.Select(f => Path.GetFullPath(f).TrimEnd(Path.DirectorySeparatorChar)).Distinct(StringComparer.Ordinal))
            {
                WatchInside(folder);
                WatchForRecreation(folder);
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

                var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true };
                watcher.Changed += (_, e) => Push(e.FullPath);
                watcher.Created += (_, e) => Push(e.FullPath);
                watcher.Deleted += (_, e) => Push(e.FullPath);
                watcher.Renamed += (_, e) => Push(e.FullPath);
                watcher.EnableRaisingEvents = true;
                _inside[folder] = watcher;
            }
        }

        private void WatchForRecreation(string folder)
        {
            var parent = Path.GetDirectoryName(folder);
            if (parent is null || !Directory.Exists(parent))
            {
                return;
            }

            var watcher = new FileSystemWatcher(parent, Path.GetFileName(folder)) { NotifyFilter = NotifyFilters.DirectoryName };
            void Recreated(string path)
            {
                WatchInside(folder);
                Push(path);
            }

            watcher.Created += (_, e) => Recreated(e.FullPath);
            watcher.Renamed += (_, e) => Recreated(e.FullPath);
            watcher.Deleted += (_, e) => Push(e.FullPath);
            watcher.EnableRaisingEvents = true;
            lock (_gate)
            {
                _parents.Add(watcher);
            }
        }
    }
}
