using System.Threading.Channels;
using PluginHost.Diagnostics;
using PluginHost.Io;

namespace PluginHost.Tests.Support;

/// <summary>
/// A change signal a test pushes by hand. <see cref="ChangeAsync"/> returns once the consumer has dealt with the
/// change (it has asked for the next one), so a test of a reload needs no sleeps and no file-system timing.
/// </summary>
internal sealed class ManualChangeSignal : IChangeSignal
{
    private readonly Channel<(IReadOnlyList<string> Paths, TaskCompletionSource Done)> _changes = Channel.CreateUnbounded<(IReadOnlyList<string>, TaskCompletionSource)>();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the consumer first waits for a change (a watch has rendered its first memo).</summary>
    public Task Listening => _listening.Task;

    public IReadOnlyList<string>? Folders { get; private set; }

    public IChangeFeed Watch(IReadOnlyList<string> folders, Func<string, bool> relevant)
    {
        Folders = folders;
        return new Feed(this);
    }

    public async Task ChangeAsync(params string[] paths)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _changes.Writer.WriteAsync((paths, done));
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    private sealed class Feed : IChangeFeed
    {
        private readonly ManualChangeSignal _owner;
        private TaskCompletionSource? _previous;

        public Feed(ManualChangeSignal owner)
        {
            _owner = owner;
        }

        public async ValueTask<IReadOnlyList<string>> NextAsync(CancellationToken cancel)
        {
            // Asking for the next change means the last one has been handled.
            _previous?.TrySetResult();
            _owner._listening.TrySetResult();
            var (paths, done) = await _owner._changes.Reader.ReadAsync(cancel);
            _previous = done;
            return paths;
        }

        public IReadOnlyList<Diagnostic> TakeProblems() => [];

        public void Dispose() => _previous?.TrySetResult();
    }
}
