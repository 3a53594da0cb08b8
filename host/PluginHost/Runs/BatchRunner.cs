using System.Collections.Concurrent;
using System.Globalization;
using PluginHost.Diagnostics;
using PluginHost.Inputs;
using PluginHost.Memos;
using PluginHost.Policy;

using PluginHost.Evaluation;
using PluginHost.Catalog;

namespace PluginHost.Runs;

internal sealed record BatchRequest(
    IReadOnlyList<string> Profiles,
    PolicyChoice Policy,
    string OutDirectory,
    IReadOnlyList<string> Formats,
    IReadOnlyList<int> Cuts,
    CultureInfo Culture,
    DateOnly? AsOf,
    int Parallelism)
{
    /// <summary>Schools the roster import that made this folder named without a profile, so coverage counts them too.</summary>
    public ImportGaps? Import { get; init; }

    /// <summary>The printer for --format pdf, found before the run starts.</summary>
    public Io.ChromiumPdf? Pdf { get; init; }

    /// <summary>The workspace the run is in, as provenance names it.</summary>
    public string? Workspace { get; init; }

    /// <summary>Each school's saved cut package, if the workspace has one.</summary>
    public Func<string, LoadedOverride?>? Overrides { get; init; }

    /// <summary>Subfolders of the profiles folder with .json files the run does not read (no --recursive); the summary names them.</summary>
    public IReadOnlyList<UnreadFolder> Unread { get; init; } = [];
}

/// <summary>Schools in an import's enrollment file that got no profile (from its import-report.json), and their students.</summary>
internal sealed record ImportGaps(int Schools, int Students)
{
    public static ImportGaps? Read(string folder)
    {
        var path = Path.Combine(folder, Inputs.Roster.ImportReport.FileName);
        try
        {
            var report = Io.Json.ReadFile<Inputs.Roster.ImportReport>(path);
            return report is null ? null : new ImportGaps(report.SchoolsNotWritten.Count, report.SchoolsNotWritten.Sum(s => s.Students));
        }
        catch (System.Text.Json.JsonException)
        {
            // A damaged report is named as "not a school profile" by the run itself; coverage then counts profiles only.
            return null;
        }
    }
}

internal sealed record BatchReport(int Succeeded, IReadOnlyList<FailureEntry> Failures, int Problems, IReadOnlyList<string> SummaryFiles, BatchTiming Timing, IReadOnlyList<NotAProfileEntry> NotProfiles)
{
    public int ExitCode => Failures.Count > 0 || Problems > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
}

/// <summary>How long a batch took, how soon the first school was written, and the process's peak memory.</summary>
internal sealed record BatchTiming(TimeSpan Elapsed, TimeSpan? FirstResult, long PeakWorkingSetBytes, int Schools)
{
    public double SchoolsPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Schools / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"time: {Elapsed.TotalSeconds:0.00} s, {SchoolsPerSecond:0.0} schools/s, first result after {FirstResult?.TotalSeconds ?? 0:0.00} s, peak memory {PeakWorkingSetBytes / (1024 * 1024)} MB");
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
}

/// <summary>What a batch reports as it goes: each school done or failed.</summary>
internal interface IBatchProgress
{
    void Started(int total);

    void SchoolDone(SchoolOutcome outcome, IReadOnlyList<string> written);

    /// <summary>A school reported done is refused after all: a profile earlier in the list has its id (named, as it is done, at the end of the run).</summary>
    void SchoolWithdrawn(string profile);
}

/// <summary>
/// Evaluates many schools in parallel against one rule-set snapshot per school, writes each school's outputs as
/// soon as it is done and keeps only a small digest for the summary. A bad school is listed and the run goes on.
/// </summary>
internal sealed class BatchRunner
{
    private readonly SchoolEvaluator _evaluator;

    public BatchRunner(SchoolEvaluator evaluator)
    {
        _evaluator = evaluator;
    }

    public async Task<BatchReport> RunAsync(BatchRequest request, Workspace workspace, Func<RuleSet> currentRules, IBatchProgress progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        Io.RunRecord.Prepare(request.OutDirectory);

        // Until the run finishes, run.json says it has not: a killed run is detectable, never mistaken for a whole one.
        new Io.RunRecord("PluginHost", SchoolEvaluator.ToolVersion, started, null, Complete: false, [], request.Cuts, request.Profiles.Count, 0, 0, []).Write(request.OutDirectory);
        var writtenFiles = new ConcurrentBag<string>();
        using var summaryBuilder = new DistrictSummaryBuilder(request.OutDirectory, request.Cuts.Count == 0 ? 0 : request.Cuts.Max());
        var succeeded = 0;
        var failures = new ConcurrentBag<FailureEntry>();
        var notProfiles = new ConcurrentBag<NotAProfileEntry>();
        var owners = new ConcurrentDictionary<string, IdOwner>(StringComparer.Ordinal);
        var repeats = new ConcurrentBag<RepeatedId>();
        var hashes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var problems = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long firstResultTicks = -1;
        var writer = new OutputWriter(workspace.Templates, workspace.Rules.Categories, request.Pdf);
        progress.Started(request.Profiles.Count);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(request.Profiles.Select((path, index) => (path, index)), options, (item, _) =>
        {
            var (profile, index) = item;
            // One snapshot per school: a reload during the run never mixes two rule sets in one result.
            var rules = currentRules();
            hashes.AddOrUpdate(rules.Hash, 1, (_, n) => n + 1);
            var context = new EvaluationContext(workspace.Catalog, rules, request.Cuts, request.Culture, request.AsOf) { Workspace = request.Workspace, Overrides = request.Overrides };
            var outcome = EvaluateGuarded(profile, request.Policy, context);
            // A profile whose id an earlier one in the list has too is refused: one id writes one folder. Which file is
            // written must not depend on which thread finished first, so the first in the list always is: a later file
            // that got there first is withdrawn, its folder written over and its place in the summary emptied. Refused
            // files are named once the run is over, against the profile that holds the id by then (the first).
            IReadOnlyList<string> written = [];
            if (outcome.Result is { } evaluated)
            {
                var owner = owners.GetOrAdd(evaluated.School.Id, _ => new IdOwner());
                lock (owner)
                {
                    if (owner.Path is not null && owner.Index < index)
                    {
                        summaryBuilder.Add(index, null);
                        repeats.Add(new RepeatedId(index, profile, evaluated.School.Id, outcome.Diagnostics));
                        return ValueTask.CompletedTask;
                    }

                    if (owner.Path is { } later)
                    {
                        // Its digest is still waiting (the summary counts schools in list order, and this one comes first).
                        summaryBuilder.Add(owner.Index, null);
                        Interlocked.Decrement(ref succeeded);
                        if (owner.CountedProblem)
                        {
                            Interlocked.Decrement(ref problems);
                        }

                        repeats.Add(new RepeatedId(owner.Index, later, evaluated.School.Id, []));
                        progress.SchoolWithdrawn(later);
                    }

                    (owner.Index, owner.Path) = (index, profile);
                    (outcome, written) = Write(outcome, index);
                    owner.CountedProblem = outcome.Result is not null && outcome.Diagnostics.Any(d => d.Severity == Severity.Error);
                }
            }

            if (outcome.NotAProfile is { } reason)
            {
                summaryBuilder.Add(index, null);
                notProfiles.Add(new NotAProfileEntry(DisplayPath.Of(profile), reason));
            }
            else if (outcome.Failed)
            {
                var first = outcome.FirstError
                    ?? Diagnostic.Error(DisplayPath.Of(profile), ErrorCodes.InputInconsistent, "the school could not be evaluated");
                summaryBuilder.Add(index, null);
                failures.Add(FailureEntry.Of(DisplayPath.Of(profile), [.. outcome.Diagnostics.Where(d => d.Severity == Severity.Error)], first, ProfileShape.Students(profile)));
            }

            progress.SchoolDone(outcome, written);
            return ValueTask.CompletedTask;
        });

        // A school's files, its digest and its counts; a write that fails fails the school, named with its reason.
        (SchoolOutcome Outcome, IReadOnlyList<string> Written) Write(SchoolOutcome outcome, int index)
        {
            var result = outcome.Result!;
            try
            {
                var written = writer.WriteSchool(request.OutDirectory, result, request.Formats, request.Culture);
                foreach (var file in written)
                {
                    writtenFiles.Add(file);
                }

                summaryBuilder.Add(index, SchoolDigest.Of(result));
                Interlocked.Increment(ref succeeded);
                Interlocked.CompareExchange(ref firstResultTicks, clock.Elapsed.Ticks, -1);
                if (outcome.Diagnostics.Any(d => d.Severity == Severity.Error))
                {
                    Interlocked.Increment(ref problems);
                }

                return (outcome, written);
            }
            catch (DiagnosticException ex)
            {
                return (outcome with { Result = null, Diagnostics = [.. outcome.Diagnostics, .. ex.Diagnostics] }, []);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk or a vanished folder fails this school, named with its reason; the run goes on.
                return (outcome with
                {
                    Result = null,
                    Diagnostics = [.. outcome.Diagnostics, Diagnostic.Error(DisplayPath.Of(request.OutDirectory), ErrorCodes.WriteFailed, $"the school's files could not be written: {ex.Message}")],
                }, []);
            }
        }

        foreach (var repeat in repeats.OrderBy(r => r.Index))
        {
            var holder = owners[repeat.Id].Path!;
            var refused = SchoolIds.Repeated(repeat.Profile, repeat.Id, holder, "written");
            var outcome = new SchoolOutcome(repeat.Profile, null, [.. repeat.Diagnostics, refused]);
            failures.Add(FailureEntry.Of(DisplayPath.Of(repeat.Profile), [.. outcome.Diagnostics.Where(d => d.Severity == Severity.Error)], outcome.FirstError!, ProfileShape.Students(repeat.Profile))
                with { Repeats = DisplayPath.Of(holder) });
            progress.SchoolDone(outcome, []);
        }

        var failureList = failures.OrderBy(f => f.File, StringComparer.Ordinal).ToList();
        var notProfileList = notProfiles.OrderBy(n => n.File, StringComparer.Ordinal).ToList();
        var (summary, csv) = summaryBuilder.Build(request.Profiles.Count, request.Import is { } gaps ? (gaps.Schools, gaps.Students) : null, failureList, notProfileList, hashes.Keys.Order(StringComparer.Ordinal).ToList());
        // The summary says which policy judged every school, as each memo does: "no policy rule fired" reads very
        // differently when no district policy was given at all.
        summary = summary with { Policy = request.Policy.Policy.Name, PolicyFile = request.Policy.File is { } file ? DisplayPath.InMemo(file) : null, UnreadFolders = request.Unread };
        var summaryFiles = new List<string> { csv };
        summaryFiles.AddRange(writer.WriteSummary(request.OutDirectory, summary, request.Formats, request.Culture));
        summaryFiles.Add(OutputWriter.WriteFailures(request.OutDirectory, failureList));
        clock.Stop();
        new Io.RunRecord("PluginHost", SchoolEvaluator.ToolVersion, started, DateTimeOffset.UtcNow, Complete: true, hashes.Keys.Order(StringComparer.Ordinal).ToList(),
            request.Cuts, request.Profiles.Count, succeeded, failureList.Count, [.. writtenFiles.Distinct(), .. summaryFiles]).Write(request.OutDirectory);
        summaryFiles.Add(Path.Combine(request.OutDirectory, Io.RunRecord.FileName));
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var timing = new BatchTiming(clock.Elapsed, firstResultTicks < 0 ? null : TimeSpan.FromTicks(firstResultTicks), process.PeakWorkingSet64, request.Profiles.Count);
        return new BatchReport(succeeded, failureList, problems, summaryFiles, timing, notProfileList);
    }

    /// <summary>
    /// One school, whatever goes wrong: a fault the pipeline did not foresee fails this school (PH5005, named in
    /// failures.json) instead of the whole district run.
    /// </summary>
    private SchoolOutcome EvaluateGuarded(string profile, PolicyChoice policy, EvaluationContext context)
    {
        try
        {
            return _evaluator.Evaluate(profile, policy, context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return new SchoolOutcome(profile, null, [Diagnostic.Error(DisplayPath.Of(profile), ErrorCodes.Internal,
                $"the school could not be evaluated because of a fault in PluginHost ({ex.GetType().Name}: {ex.Message}); the rest of the run went on; please report it with this file")]);
        }
    }

    /// <summary>Profiles in a folder: its own .json files but the policy beside them (see <see cref="Scan"/>).</summary>
    public static IReadOnlyList<string> ProfilesIn(string directory) => Scan(directory, recursive: false, null).Profiles;

    /// <summary>
    /// The profiles in a folder: its .json files (".JSON" too), each but the policy beside them, and with
    /// <paramref name="recursive"/> those of its subfolders; without it, the subfolders that hold .json files are named,
    /// so a district kept in elementary/ and middle/ is not read as a district of no schools. Hidden folders, the
    /// run's own output folder and the output of earlier runs (a run.json or impact.json in it) are neither read nor named.
    /// </summary>
    public static ProfileScan Scan(string directory, bool recursive, string? outDirectory)
    {
        var outside = outDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDirectory));
        var profiles = Directory.EnumerateFiles(directory, "*.json", TopLevel).Order(StringComparer.Ordinal).ToList();
        // The policy beside the profiles (PolicyBeside's choice: the folder's first *policy*.json) is not one of them.
        if (profiles.FirstOrDefault(IsPolicyFile) is { } policy)
        {
            profiles.Remove(policy);
        }

        var unread = new List<UnreadFolder>();
        foreach (var folder in Subfolders(directory, outside).Order(StringComparer.Ordinal))
        {
            var below = JsonBelow(folder, outside).ToList();
            if (recursive)
            {
                profiles.AddRange(below.Order(StringComparer.Ordinal));
            }
            else if (below.Count > 0)
            {
                unread.Add(new UnreadFolder(DisplayPath.Of(folder), below.Count));
            }
        }

        return new ProfileScan(profiles, unread);
    }

    /// <summary>A folder's subfolders that may hold profiles: not hidden, not a link, not the run's output, not an earlier run's.</summary>
    private static IEnumerable<string> Subfolders(string folder, string? outside) =>
        Directory.EnumerateDirectories(folder, "*", Folders)
            .Where(d => !IsOutput(d) && (outside is null || Path.GetFullPath(d) is var full && !(full == outside || full.StartsWith(outside + Path.DirectorySeparatorChar, StringComparison.Ordinal))));

    /// <summary>The .json files in a folder and its subfolders, those <see cref="Subfolders"/> passes.</summary>
    private static IEnumerable<string> JsonBelow(string folder, string? outside) =>
        Directory.EnumerateFiles(folder, "*.json", TopLevel).Concat(Subfolders(folder, outside).SelectMany(d => JsonBelow(d, outside)));

    /// <summary>A folder a district or impact run wrote (its run.json or impact.json is there): results, not profiles.</summary>
    private static bool IsOutput(string folder) =>
        File.Exists(Path.Combine(folder, Io.RunRecord.FileName)) || File.Exists(Path.Combine(folder, "impact.json"));

    private static readonly EnumerationOptions TopLevel = new() { MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true };

    // A linked folder is not walked into: a link back up the tree would be walked for ever.
    private static readonly EnumerationOptions Folders = new() { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint };

    /// <summary>A *policy*.json beside the profile or in the folder, as SPEC's default.</summary>
    /// <remarks>A folder that does not exist has none: the profile that names it is then reported missing as any other (PH5002).</remarks>
    public static string? PolicyBeside(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.json", TopLevel).Where(IsPolicyFile).Order(StringComparer.Ordinal).FirstOrDefault() : null;

    private static bool IsPolicyFile(string path) => Path.GetFileName(path).Contains("policy", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Which profile in the list holds a school id: the first one to, in list order, once every profile is read.</summary>
internal sealed class IdOwner
{
    public int Index { get; set; }

    public string? Path { get; set; }

    /// <summary>Whether the run counted the school among those written with problems.</summary>
    public bool CountedProblem { get; set; }
}

/// <summary>A profile refused because one earlier in the list has its id, with what its evaluation said.</summary>
internal sealed record RepeatedId(int Index, string Profile, string Id, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>The one rule for two profiles with one school id, in every command that reads a folder: the first in the list is the school.</summary>
internal static class SchoolIds
{
    /// <param name="what">What the command does not do with the later profile: "written", "compared", "shown".</param>
    public static Diagnostic Repeated(string profile, string id, string first, string what) =>
        Diagnostic.Error(DisplayPath.Of(profile), ErrorCodes.InputInconsistent,
            $"id: '{id}' is also the id of {DisplayPath.Of(first)}, which comes first; ids must be unique in a district, so this profile was not {what}");

    /// <summary>
    /// For a run that holds every outcome in list order (impact, serve): each position whose id an earlier profile has,
    /// with the diagnostic refusing it.
    /// </summary>
    public static IEnumerable<(int Index, Diagnostic Refused)> RepeatsIn(IReadOnlyList<string> profiles, Func<int, string?> idAt, string what)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < profiles.Count; i++)
        {
            if (idAt(i) is { } id && !first.TryAdd(id, profiles[i]))
            {
                yield return (i, Repeated(profiles[i], id, first[id], what));
            }
        }
    }
}

/// <summary>What a folder holds for a run: its profiles, and the subfolders with .json files that the run leaves unread.</summary>
internal sealed record ProfileScan(IReadOnlyList<string> Profiles, IReadOnlyList<UnreadFolder> Unread)
{
    /// <summary>The unread subfolders as a message names them: "district/elementary (1 .json file), district/middle (2 .json files)".</summary>
    public string UnreadText => string.Join(", ", Unread.Select(u => $"{u.Folder} ({Formatting.Formats.Count(u.JsonFiles, ".json file", ".json files", CultureInfo.InvariantCulture)})"));

    /// <summary>The warning a command that reads only the folder's own files gives for its unread subfolders; null when there are none.</summary>
    public Diagnostic? UnreadWarning(string folder, string command, string remedy) => Unread.Count == 0 ? null
        : Diagnostic.Warning(DisplayPath.Of(folder), ErrorCodes.PathNotFound, $"not read: {UnreadText}; {command} reads only this folder's own files; {remedy}");
}

internal static class PolicyResolver
{
    /// <summary>--policy, else a *policy*.json beside the profiles, else the workspace's policy.json, else the neutral policy.</summary>
    public static PolicyChoice Resolve(InputLoader inputs, string? explicitPolicy, string folder, DistrictWorkspace? workspace = null)
    {
        var path = explicitPolicy ?? BatchRunner.PolicyBeside(folder) ?? (workspace is not null && File.Exists(workspace.Policy) ? workspace.Policy : null);
        return path is null ? PolicyChoice.Neutral : new PolicyChoice(inputs.LoadPolicy(path), path);
    }
}
