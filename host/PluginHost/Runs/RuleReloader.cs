using PluginHost.Catalog;
using PluginHost.Diagnostics;
using PluginHost.Policy;

using PluginHost.Evaluation;
using PluginHost.Memos;
using PluginHost.Inputs;

namespace PluginHost.Runs;

/// <summary>
/// Watches the rule folders during a run and swaps in a new rule-set snapshot when a file changes. A change that
/// does not load is reported and the last good snapshot stays; schools already being evaluated finish on the
/// snapshot they started with, so every result names exactly one rule set.
/// </summary>
internal sealed class RuleReloader : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    private readonly WorkspaceLoader _loader;
    private readonly PluginCatalog _catalog;
    private readonly RuleSetHolder _holder;
    private readonly Action<string> _report;
    private readonly Action<IReadOnlyList<Diagnostic>> _reportProblems;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Lock _gate = new();
    private Timer? _timer;

    public RuleReloader(WorkspaceLoader loader, PluginCatalog catalog, RuleSetHolder holder, Action<string> report, Action<IReadOnlyList<Diagnostic>> reportProblems)
    {
        _loader = loader;
        _catalog = catalog;
        _holder = holder;
        _report = report;
        _reportProblems = reportProblems;
        foreach (var source in loader.RuleSources(catalog).Where(s => Directory.Exists(s.Directory)))
        {
            var watcher = new FileSystemWatcher(source.Directory, "*.json") { EnableRaisingEvents = true };
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Deleted += OnChange;
            watcher.Renamed += OnChange;
            _watchers.Add(watcher);
        }
    }


    public void Dispose()
    {
        _watchers.ForEach(w => w.Dispose());
        lock (_gate)
        {
            _timer?.Dispose();
        }
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        lock (_gate)
        {
            // Editors write in bursts: restart the settle timer on every event, reload once when it goes quiet.
            _timer?.Dispose();
            _timer = new Timer(_ => Reload(), null, Settle, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reload()
    {
        var load = _loader.LoadRules(_catalog);
        if (!load.Succeeded)
        {
            _reportProblems(load.Diagnostics);
            _report($"keeping rule set {_holder.Current.ShortHash}: the changed rules did not load");
            return;
        }

        if (load.RuleSet!.Hash == _holder.Current.Hash)
        {
            return;
        }

        _holder.Swap(load.RuleSet);
        _report($"reloaded rules: rule set {load.RuleSet.ShortHash}");
    }
}
