using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Io;
using PluginHost.Memos;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>watch: re-render one school's memo whenever a rule, template, plugin, the profile or the policy changes.</summary>
internal static class WatchCommand
{
    public static Command Build()
    {
        var profile = new Argument<string>("PROFILE") { Description = "The school profile (JSON)" };
        var outOption = new Option<string>("--out") { Description = "Output folder", Required = true };
        var policy = CliOptions.Policy();
        var format = CliOptions.Format();
        var command = new Command("watch", "Re-render the memo whenever a rule, template or plugin changes (Ctrl+C stops)") { profile, outOption, policy, format };
        command.SetAction((parse, cancel) =>
        {
            var formats = parse.GetValue(format)!;
            if (formats.Contains(OutputFormats.Pdf))
            {
                // Starting a browser on every save would make watch slow; a PDF is printed once, by plan.
                CliSession.Current.Error.WriteLine(CliOptions.Usage("--format: watch writes md, html and json; print the PDF with plan --format pdf").Diagnostics[0]);
                return Task.FromResult(ExitCodes.Usage);
            }

            var request = new WatchRequest(
                Places.Full(parse.GetValue(profile)!),
                parse.GetValue(policy) is { } p ? Places.Full(p) : null,
                Places.Full(parse.GetValue(outOption)!),
                formats);
            // The watcher is a hosted service: it starts with the host and stops when Ctrl+C (or the caller) cancels.
            return Cli.Run(parse, async _ =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancel);
                }
                catch (OperationCanceledException)
                {
                }

                return ExitCodes.Ok;
            }, extra: services =>
            {
                services.AddSingleton(request);
                services.AddHostedService<MemoWatcher>();
            });
        });
        return command;
    }
}

internal sealed record WatchRequest(string Profile, string? Policy, string OutDirectory, IReadOnlyList<string> Formats);

/// <summary>
/// The hosted service behind <c>watch</c>. Each change rebuilds the whole workspace (catalog, rule set, templates)
/// as a new snapshot; a snapshot that fails to load is reported and the last good one stays in use.
/// </summary>
internal sealed class MemoWatcher : BackgroundService
{
    private readonly WatchRequest _request;
    private readonly PluginHostOptions _options;
    private readonly WorkspaceLoader _loader;
    private readonly SchoolEvaluator _evaluator;
    private readonly InputLoader _inputs;
    private readonly Reporter _reporter;
    private readonly IChangeSignal _signal;
    private readonly JsonInputReader _reader;
    private Workspace? _current;

    public MemoWatcher(WatchRequest request, PluginHostOptions options, WorkspaceLoader loader, SchoolEvaluator evaluator, InputLoader inputs, Reporter reporter, IChangeSignal signal, JsonInputReader reader)
    {
        _reader = reader;
        _signal = signal;
        _request = request;
        _options = options;
        _loader = loader;
        _evaluator = evaluator;
        _inputs = inputs;
        _reporter = reporter;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Watch before the first render, so an edit made while it runs is not lost.
        var folders = Folders().ToList();
        using var feed = _signal.Watch(folders, path => !Path.GetFileName(path).StartsWith('.') && !path.StartsWith(_request.OutDirectory, StringComparison.Ordinal));
        await Task.Yield();
        try
        {
            Render("start");
            var refused = Unwatched(feed).Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            var watched = folders.Select(f => DisplayPath.Of(Path.GetFullPath(f).TrimEnd(Path.DirectorySeparatorChar))).Where(f => !refused.Contains(f)).ToList();
            _reporter.Line(watched.Count > 0
                ? $"watching {string.Join(", ", watched)}; Ctrl+C stops"
                : "watching none of its folders (each is named above), so the memo will not be rendered again; Ctrl+C stops");
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = await feed.NextAsync(stoppingToken);
                Render(Named(changed));
                Unwatched(feed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _current?.Catalog.Dispose();
        }
    }

    /// <summary>
    /// The changed paths as the person editing them would name them: files that are there, and removed files of the
    /// kinds the workspace reads, marked "(removed)". An editor's scratch file, gone by now ("4913" from vim, "sedX1y2Z3"
    /// from sed -i, "rules.json~"), is left out; a change to nothing else is named by its folder.
    /// </summary>
    internal static string Named(IReadOnlyList<string> changed)
    {
        var named = changed
            .Select(p => File.Exists(p) || Directory.Exists(p) ? DisplayPath.Of(p) : Path.GetExtension(p) is ".json" or ".sbn" or ".dll" ? $"{DisplayPath.Of(p)} (removed)" : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return named.Count > 0
            ? string.Join(", ", named)
            : "a file in " + string.Join(", ", changed.Select(p => DisplayPath.Of(Path.GetDirectoryName(p)!)).Distinct(StringComparer.Ordinal));
    }

    /// <summary>Folders the system would not watch since the last look, each named once; returns them.</summary>
    private IReadOnlyList<Diagnostic> Unwatched(IChangeFeed feed)
    {
        var problems = feed.TakeProblems();
        _reporter.Report([.. problems.Select(p => p with { Message = $"{p.Message}; edits there do not re-render the memo" })]);
        return problems;
    }

    private IEnumerable<string> Folders()
    {
        yield return _options.RulesDirectory;
        yield return _options.TemplatesDirectory;
        if (_options.TemplateOverridesDirectory is { } overrides)
        {
            yield return overrides;
        }

        foreach (var plugins in new[] { _options.PluginsDirectory, _options.WorkspacePluginsDirectory })
        {
            if (plugins is not null && Directory.Exists(plugins))
            {
                yield return plugins;
            }
        }

        yield return Path.GetDirectoryName(_request.Profile)!;
        if (_request.Policy is { } policy)
        {
            yield return Path.GetDirectoryName(policy)!;
        }
    }

    private void Render(string reason)
    {
        var next = Reload();
        if (next is null)
        {
            if (_current is null)
            {
                return;
            }

            _reporter.Line($"keeping rule set {_current.Rules.ShortHash}: the change to {reason} did not load");
        }
        else
        {
            // The old catalog's plugins are unloaded once the new one serves, so a long watch session stays flat.
            var previous = _current;
            _current = next;
            if (previous is not null && !ReferenceEquals(previous.Catalog, next.Catalog))
            {
                previous.Catalog.Dispose();
            }
        }

        try
        {
            var policy = PolicyResolver.Resolve(_inputs, _request.Policy, Path.GetDirectoryName(_request.Profile)!, _options.Workspace);
            // The same cuts and culture as plan and district: the workspace's settings, else the defaults.
            var culture = DistrictWorkspace.CultureFor(_options.Workspace);
            var context = new EvaluationContext(_current.Catalog, _current.Rules, DistrictWorkspace.CutsFor(_options.Workspace), culture, null)
            {
                Workspace = _options.Workspace?.Label,
                Overrides = _options.OverrideLookup(_reader),
            };
            var outcome = _evaluator.Evaluate(_request.Profile, policy, context);
            _reporter.Report(outcome.Diagnostics);
            if (outcome.Result is { } result)
            {
                var written = new OutputWriter(_current.Templates, _current.Rules.Categories).WriteSchool(_request.OutDirectory, result, _request.Formats, culture);
                var memo = written.FirstOrDefault(w => w.EndsWith(".md", StringComparison.Ordinal)) ?? written[0];
                _reporter.Line($"rendered {DisplayPath.Of(memo)} under rule set {_current.Rules.ShortHash} ({reason})");
            }
        }
        catch (DiagnosticException ex)
        {
            _reporter.Report(ex.Diagnostics);
        }
    }

    private Workspace? Reload()
    {
        try
        {
            var workspace = _loader.Load();
            _reporter.Report(workspace.Warnings);
            return workspace;
        }
        catch (DiagnosticException ex)
        {
            _reporter.Report(ex.Diagnostics);
            return null;
        }
    }
}
