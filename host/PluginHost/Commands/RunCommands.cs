using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Formatting;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Runs;
using Spectre.Console;

namespace PluginHost.Commands;

/// <summary>demo, plan and district: evaluate schools and write memos.</summary>
internal static class RunCommands
{
    public const string DemoFolder = "demo-district";

    public static Command Demo()
    {
        var outOption = CliOptions.Out();
        var format = CliOptions.Format([OutputFormats.Markdown, OutputFormats.Html, OutputFormats.Json]);
        var command = new Command("demo", "Run the shipped demo district and write every memo and the district summary") { outOption, format };
        command.SetAction((parse, cancel) => Cli.Run(parse, services =>
            Handler(services).Demo(parse.GetValue(outOption), parse.GetValue(format)!, cancel)));
        return command;
    }

    public static Command District()
    {
        var dir = new Argument<string?>("DIR") { Description = "Folder of school profiles (*.json; a *policy*.json there is used as the policy; default in a workspace: its profiles/)", Arity = ArgumentArity.ZeroOrOne };
        var outOption = CliOptions.Out();
        var policy = CliOptions.Policy();
        var format = CliOptions.Format();
        var cuts = CliOptions.Cuts();
        var culture = CliOptions.Culture();
        var parallel = new Option<int?>("--parallel") { Description = "Schools evaluated at once (default: the number of cores)" };
        var recursive = CliOptions.Recursive();
        var command = new Command("district", "Evaluate every profile in a folder; per-school output plus a district summary") { dir, outOption, policy, format, cuts, culture, parallel, recursive };
        command.SetAction((parse, cancel) => Cli.Run(parse, services => Handler(services).District(
            new RunArguments(parse.GetValue(dir), parse.GetValue(outOption), parse.GetValue(policy), parse.GetValue(format)!, CliOptions.GivenValue(parse, cuts), CliOptions.GivenValue(parse, culture), null),
            parse.GetValue(parallel), parse.GetValue(recursive), cancel)));
        return command;
    }

    public static Command Plan()
    {
        var profile = new Argument<string>("PROFILE") { Description = "The school profile (JSON)" };
        var outOption = CliOptions.Out();
        var policy = CliOptions.Policy();
        var format = CliOptions.Format();
        var cuts = CliOptions.Cuts();
        var asOf = CliOptions.AsOf();
        var culture = CliOptions.Culture();
        var command = new Command("plan", "Evaluate one school and write its memo") { profile, outOption, policy, format, cuts, asOf, culture };
        command.SetAction((parse, _) => Cli.Run(parse, services => Task.FromResult(Handler(services).Plan(
            new RunArguments(parse.GetValue(profile), parse.GetValue(outOption), parse.GetValue(policy), parse.GetValue(format)!, CliOptions.GivenValue(parse, cuts), CliOptions.GivenValue(parse, culture), parse.GetValue(asOf))))));
        return command;
    }

    private static RunHandler Handler(IServiceProvider services) => ActivatorUtilities.CreateInstance<RunHandler>(services);
}

/// <summary>What plan and district were asked, as typed: paths as written, options left null where not given.</summary>
internal sealed record RunArguments(string? Input, string? Out, string? Policy, IReadOnlyList<string> Formats, IReadOnlyList<int>? Cuts, System.Globalization.CultureInfo? Culture, DateOnly? AsOf);

/// <summary>demo, plan and district: evaluate schools and write their memos, with the run's services injected.</summary>
internal sealed class RunHandler
{
    private readonly PluginHostOptions _options;
    private readonly WorkspaceLoader _loader;
    private readonly InputLoader _inputs;
    private readonly SchoolEvaluator _evaluator;
    private readonly BatchRunner _runner;
    private readonly RuleSetHolder _holder;
    private readonly Io.IChangeSignal _signal;
    private readonly JsonInputReader _reader;
    private readonly Reporter _reporter;

    public RunHandler(PluginHostOptions options, WorkspaceLoader loader, InputLoader inputs, SchoolEvaluator evaluator, BatchRunner runner, RuleSetHolder holder,
        Io.IChangeSignal signal, JsonInputReader reader, Reporter reporter)
    {
        (_options, _loader, _inputs, _evaluator, _runner, _holder, _signal, _reader, _reporter) = (options, loader, inputs, evaluator, runner, holder, signal, reader, reporter);
    }

    public Task<int> Demo(string? outText, IReadOnlyList<string> formats, CancellationToken cancel)
    {
        var folder = Path.Combine(_options.SamplesDirectory, RunCommands.DemoFolder);
        if (!Directory.Exists(folder))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "the demo district is missing beside the app; rebuild the host"));
        }

        var request = new BatchRequest(BatchRunner.ProfilesIn(folder), PolicyResolver.Resolve(_inputs, null, folder), CliOptions.OutDirectory(outText, "demo"),
            formats, CliOptions.DefaultCuts, CliOptions.ParseCulture(null), null, Environment.ProcessorCount)
        { Pdf = CliOptions.Printer(formats, _options) };
        return RunBatch(request, reloadRules: false, cancel);
    }

    public Task<int> District(RunArguments arguments, int? parallel, bool recursive, CancellationToken cancel)
    {
        var folder = _options.ProfilesFolder(arguments.Input is { } given ? Places.Full(given) : null, "district");

        var degree = parallel ?? Environment.ProcessorCount;
        if (degree < 1)
        {
            throw CliOptions.Usage($"--parallel: {degree} is not allowed; use 1 or more");
        }

        var outDirectory = CliOptions.OutDirectory(arguments.Out, "district");
        var scan = BatchRunner.Scan(folder, recursive, outDirectory);
        Unread(folder, scan);
        var request = new BatchRequest(
            scan.Profiles,
            PolicyResolver.Resolve(_inputs, arguments.Policy is { } p ? Places.Full(p) : null, folder, _options.Workspace),
            outDirectory,
            arguments.Formats,
            Cuts(arguments),
            Culture(arguments),
            null,
            degree)
        {
            Import = ImportGaps.Read(folder),
            Pdf = CliOptions.Printer(arguments.Formats, _options),
            Workspace = _options.Workspace?.Label,
            Overrides = _options.OverrideLookup(_reader),
            Unread = scan.Unread,
        };
        return RunBatch(request, reloadRules: true, cancel);
    }

    /// <summary>
    /// Names the subfolders a run leaves unread, and refuses a folder with no .json files of its own: "0 schools written"
    /// for a district kept in elementary/ and middle/ would read as a district with no schools.
    /// </summary>
    private void Unread(string folder, ProfileScan scan)
    {
        if (scan.Profiles.Count == 0)
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, scan.Unread.Count == 0
                ? "no .json files in this folder; give the folder that holds the school profiles"
                : $"no .json files in this folder itself; its subfolders hold some: {scan.UnreadText}; add --recursive to read them, or give one of those folders"));
        }

        if (scan.UnreadWarning(folder, "district", "add --recursive to read its subfolders too (the summary names them)") is { } warning)
        {
            _reporter.Report(warning);
        }
    }

    public int Plan(RunArguments arguments)
    {
        var path = Places.Full(arguments.Input!);
        var culture = Culture(arguments);
        var printer = CliOptions.Printer(arguments.Formats, _options);
        var workspace = _loader.Load();

        // One school: its memo's templates and pipeline get ready on the other core while it is evaluated.
        var writer = new OutputWriter(workspace.Templates, workspace.Rules.Categories, printer);
        var prepared = arguments.Formats.Any(f => f != OutputFormats.Json) ? Task.Run(() => writer.Prepare(culture)) : Task.CompletedTask;
        _reporter.Report(workspace.Warnings);
        var choice = PolicyResolver.Resolve(_inputs, arguments.Policy is { } p ? Places.Full(p) : null, Path.GetDirectoryName(path)!, _options.Workspace);
        var context = new EvaluationContext(workspace.Catalog, workspace.Rules, Cuts(arguments), culture, arguments.AsOf)
        {
            Workspace = _options.Workspace?.Label,
            Overrides = _options.OverrideLookup(_reader),
        };
        var outcome = _evaluator.Evaluate(path, choice, context);
        _reporter.Report(outcome.Diagnostics);
        if (outcome.Result is null)
        {
            return ExitCodes.BadInput;
        }

        prepared.GetAwaiter().GetResult();
        foreach (var written in writer.WriteSchool(CliOptions.OutDirectory(arguments.Out, "plan"), outcome.Result, arguments.Formats, culture))
        {
            _reporter.Line($"wrote {DisplayPath.Of(written)}");
        }

        return outcome.Diagnostics.Any(d => d.Severity == Severity.Error) ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    private IReadOnlyList<int> Cuts(RunArguments arguments) => DistrictWorkspace.CutsFor(_options.Workspace, arguments.Cuts);

    private System.Globalization.CultureInfo Culture(RunArguments arguments) => DistrictWorkspace.CultureFor(_options.Workspace, arguments.Culture);

    private async Task<int> RunBatch(BatchRequest request, bool reloadRules, CancellationToken cancel)
    {
        var reporter = _reporter;
        var workspace = _loader.Load();
        reporter.Report(workspace.Warnings);
        _holder.Swap(workspace.Rules);
        using var reloader = reloadRules ? new RuleReloader(_loader, workspace.Catalog, _holder, _signal, reporter.Line, reporter.Report) : null;
        var runner = _runner;
        var holder = _holder;
        BatchReport report;
        if (CliSession.Current.Interactive)
        {
            report = await CliSession.Current.Ansi().Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("schools", maxValue: Math.Max(1, request.Profiles.Count));
                    var progress = new BarProgress(task);
                    var result = await runner.RunAsync(request, workspace, () => holder.Current, progress, cancel);
                    progress.Flush(reporter);
                    return result;
                });
        }
        else
        {
            report = await runner.RunAsync(request, workspace, () => holder.Current, new LineProgress(reporter), cancel);
        }

        foreach (var file in report.SummaryFiles)
        {
            reporter.Line($"wrote {DisplayPath.Of(file)}");
        }

        foreach (var other in report.NotProfiles)
        {
            reporter.Line($"skipped {other.File}: not a school profile ({other.Reason})");
        }

        reporter.Line($"{Formats.Count(report.Succeeded, "school", "schools", System.Globalization.CultureInfo.InvariantCulture)} written, {report.Failures.Count} failed{(report.Failures.Count > 0 ? " (see failures.json)" : "")}"
            + (report.NotProfiles.Count > 0 ? $", {Formats.Count(report.NotProfiles.Count, "file", "files", System.Globalization.CultureInfo.InvariantCulture)} not a school profile" : ""));
        reporter.Line(report.Timing.ToString());
        return report.ExitCode;
    }

    /// <summary>
    /// Plain progress when output is redirected: one line per school for a small district (where its memo went, or
    /// that it failed), then a line at every tenth of a large one so a log stays readable.
    /// </summary>
    private sealed class LineProgress : IBatchProgress
    {
        private const int PerSchoolUpTo = 100;
        private readonly Reporter _reporter;
        private int _total;
        private int _done;

        public LineProgress(Reporter reporter)
        {
            _reporter = reporter;
        }

        public void Started(int total)
        {
            _total = total;
            _reporter.Line($"evaluating {Formats.Count(total, "school", "schools", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        public void SchoolDone(SchoolOutcome outcome, IReadOnlyList<string> written)
        {
            // A file that is not a profile is named once at the end, not as dozens of schema errors.
            if (outcome.NotAProfile is null)
            {
                _reporter.Report(outcome.Diagnostics);
            }

            var done = Interlocked.Increment(ref _done);
            if (_total <= PerSchoolUpTo || outcome.Failed)
            {
                var memo = written.FirstOrDefault(w => w.EndsWith("memo.md", StringComparison.Ordinal)) ?? (written.Count > 0 ? written[0] : null);
                // A file that is not a profile is named once, at the end of the run, with its reason.
                if (outcome.NotAProfile is null)
                {
                    _reporter.Line(outcome.Failed ? $"failed {DisplayPath.Of(outcome.ProfilePath)}" : $"wrote {DisplayPath.Of(memo ?? outcome.ProfilePath)}");
                }
            }
            else if (done % Math.Max(1, _total / 10) == 0)
            {
                _reporter.Line($"{done}/{_total} schools done");
            }
        }

        public void SchoolWithdrawn(string profile)
        {
            // Done again, as failed, at the end of the run.
            Interlocked.Decrement(ref _done);
            _reporter.Line($"withdrawn {DisplayPath.Of(profile)}: a profile before it in name order has its id (named at the end of the run)");
        }
    }

    /// <summary>A Spectre.Console progress bar on a terminal; diagnostics wait until the bar is gone.</summary>
    private sealed class BarProgress : IBatchProgress
    {
        private readonly ProgressTask _task;
        private readonly System.Collections.Concurrent.ConcurrentQueue<Diagnostic> _held = new();

        public BarProgress(ProgressTask task)
        {
            _task = task;
        }

        public void Started(int total) => _task.Description = $"{total} schools";

        public void SchoolDone(SchoolOutcome outcome, IReadOnlyList<string> written)
        {
            foreach (var diagnostic in outcome.NotAProfile is null ? outcome.Diagnostics : [])
            {
                _held.Enqueue(diagnostic);
            }

            _task.Increment(1);
        }

        public void SchoolWithdrawn(string profile) => _task.Increment(-1);

        public void Flush(Reporter reporter) => reporter.Report(_held);
    }
}
