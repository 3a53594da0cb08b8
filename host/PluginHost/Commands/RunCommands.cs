using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
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
        command.SetAction((parse, cancel) => Cli.Run(parse, async services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            var folder = Path.Combine(options.SamplesDirectory, DemoFolder);
            if (!Directory.Exists(folder))
            {
                throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "the demo district is missing beside the app; rebuild the host"));
            }

            var policy = PolicyResolver.Resolve(services.GetRequiredService<InputLoader>(), null, folder);
            var formats = parse.GetValue(format)!;
            var request = new BatchRequest(BatchRunner.ProfilesIn(folder), policy, CliOptions.OutDirectory(parse.GetValue(outOption), "demo"),
                formats, CliOptions.DefaultCuts, CliOptions.ParseCulture(null), null, Environment.ProcessorCount)
            { Pdf = CliOptions.Printer(formats, options) };
            return await RunBatch(services, request, cancel);
        }));
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
        var command = new Command("district", "Evaluate every profile in a folder; per-school output plus a district summary") { dir, outOption, policy, format, cuts, culture, parallel };
        command.SetAction((parse, cancel) => Cli.Run(parse, async services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            var folder = parse.GetValue(dir) is { } given ? Places.Full(given)
                : options.Workspace?.Profiles ?? throw CliOptions.Usage("district: name a folder of school profiles (DIR), or run it inside a workspace (see init)");
            if (!Directory.Exists(folder))
            {
                throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.PathNotFound, "DIR: folder not found"));
            }

            var degree = parse.GetValue(parallel) ?? Environment.ProcessorCount;
            if (degree < 1)
            {
                throw CliOptions.Usage($"--parallel: {degree} is not allowed; use 1 or more");
            }

            var formats = parse.GetValue(format)!;
            var request = new BatchRequest(
                BatchRunner.ProfilesIn(folder),
                PolicyResolver.Resolve(services.GetRequiredService<InputLoader>(), parse.GetValue(policy) is { } p ? Places.Full(p) : null, folder, options.Workspace),
                CliOptions.OutDirectory(parse.GetValue(outOption), "district"),
                formats,
                CliOptions.CutsFor(parse, cuts, options),
                CliOptions.CultureFor(parse, culture, options),
                null,
                degree) { Import = ImportGaps.Read(folder), Pdf = CliOptions.Printer(formats, options), Workspace = options.Workspace?.Label, Overrides = options.OverrideLookup(services.GetRequiredService<JsonInputReader>()) };
            return await RunBatch(services, request, cancel, reloadRules: true);
        }));
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
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            var path = Places.Full(parse.GetValue(profile)!);
            var formats = parse.GetValue(format)!;
            var cutList = CliOptions.CutsFor(parse, cuts, options);
            var date = parse.GetValue(asOf);
            var cultureInfo = CliOptions.CultureFor(parse, culture, options);
            var outDirectory = CliOptions.OutDirectory(parse.GetValue(outOption), "plan");
            var reporter = services.GetRequiredService<Reporter>();
            var printer = CliOptions.Printer(formats, options);
            var workspace = services.GetRequiredService<WorkspaceLoader>().Load();
            reporter.Report(workspace.Warnings);
            var choice = PolicyResolver.Resolve(services.GetRequiredService<InputLoader>(), parse.GetValue(policy) is { } p ? Places.Full(p) : null, Path.GetDirectoryName(path)!, options.Workspace);
            var context = new EvaluationContext(workspace.Catalog, workspace.Rules, cutList, cultureInfo, date) { Workspace = options.Workspace?.Label, Overrides = options.OverrideLookup(services.GetRequiredService<JsonInputReader>()) };
            var outcome = services.GetRequiredService<SchoolEvaluator>().Evaluate(path, choice, context);
            reporter.Report(outcome.Diagnostics);
            if (outcome.Result is null)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }

            foreach (var written in new OutputWriter(workspace.Templates, workspace.Rules.Categories, printer).WriteSchool(outDirectory, outcome.Result, formats, cultureInfo))
            {
                reporter.Line($"wrote {DisplayPath.Of(written)}");
            }

            return Task.FromResult(outcome.Diagnostics.Any(d => d.Severity == Severity.Error) ? ExitCodes.BadInput : ExitCodes.Ok);
        }));
        return command;
    }

    private static async Task<int> RunBatch(IServiceProvider services, BatchRequest request, CancellationToken cancel, bool reloadRules = false)
    {
        var reporter = services.GetRequiredService<Reporter>();
        var loader = services.GetRequiredService<WorkspaceLoader>();
        var workspace = loader.Load();
        reporter.Report(workspace.Warnings);
        var holder = services.GetRequiredService<RuleSetHolder>();
        holder.Swap(workspace.Rules);
        using var reloader = reloadRules ? new RuleReloader(loader, workspace.Catalog, holder, services.GetRequiredService<Io.IChangeSignal>(), reporter.Line, reporter.Report) : null;
        var runner = services.GetRequiredService<BatchRunner>();
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

        reporter.Line($"{report.Succeeded} schools written, {report.Failures.Count} failed{(report.Failures.Count > 0 ? " (see failures.json)" : "")}");
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
            _reporter.Line($"evaluating {total} schools");
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

        public void Flush(Reporter reporter) => reporter.Report(_held);
    }
}
