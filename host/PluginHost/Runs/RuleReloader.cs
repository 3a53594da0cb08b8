using PluginHost.Catalog;
using PluginHost.Diagnostics;
using PluginHost.Io;
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
    private readonly WorkspaceLoader _loader;
    private readonly PluginCatalog _catalog;
    private readonly RuleSetHolder _holder;
    private readonly Action<string> _report;
    private readonly Action<IReadOnlyList<Diagnostic>> _reportProblems;
    private readonly IChangeFeed _feed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RuleReloader(WorkspaceLoader loader, PluginCatalog catalog, RuleSetHolder holder, IChangeSignal signal, Action<string> report, Action<IReadOnlyList<Diagnostic>> reportProblems)
    {
        _loader = loader;
        _catalog = catalog;
        _holder = holder;
        _report = report;
        _reportProblems = reportProblems;
        var folders = loader.RuleSources(catalog).Select(s => s.Directory).Where(Directory.Exists).ToList();
        _feed = signal.Watch(folders, path => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || Directory.Exists(path));
        ReportUnwatched();
        _loop = Task.Run(ListenAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
        }

        _feed.Dispose();
        _stop.Dispose();
    }

    private async Task ListenAsync()
    {
        try
        {
            while (true)
            {
                await _feed.NextAsync(_stop.Token);
                Reload();
                ReportUnwatched();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Rule folders the system would not watch, each named once: the run goes on with the rules it has, and an edit
    /// there is not picked up until the next run (it is never the reason a run fails).
    /// </summary>
    private void ReportUnwatched()
    {
        var problems = _feed.TakeProblems();
        if (problems.Count > 0)
        {
            _reportProblems([.. problems.Select(p => p with { Message = $"{p.Message}; rule edits there during this run take effect at the next run" })]);
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
