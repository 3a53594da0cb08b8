using System.Globalization;
using PluginHost.Budget;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Runs;

namespace PluginHost.Serve;

/// <summary>One school as the server holds it: its profile and saved package, read once, and its result under the current snapshot.</summary>
internal sealed record ServedSchool(string Id, string Path, string File, SchoolProfile Profile, SchoolResult Result, LoadedOverride? Saved);

/// <summary>A school that could not be evaluated, named with its reason, as the district run names it.</summary>
internal sealed record UnservedFile(string File, string Reason);

/// <summary>
/// Everything the pages show, computed once from one rule set, one policy and the saved packages: immutable, so a
/// request reads one consistent snapshot while a save builds the next.
/// </summary>
internal sealed record ServeSnapshot(
    Workspace Workspace,
    PolicyChoice Policy,
    IReadOnlyList<ServedSchool> Schools,
    IReadOnlyList<UnservedFile> Failed,
    IReadOnlyList<UnservedFile> NotProfiles,
    IReadOnlyList<int> Cuts,
    CultureInfo Culture,
    string ProfilesFolder)
{
    /// <summary>The files read (profiles or not), and the subfolders holding .json files that serve does not read; the district page names them.</summary>
    public ProfileScan Scan { get; init; } = new([], []);

    /// <summary>Schools the roster import that made the folder named without writing a profile (its import-report.json), if any.</summary>
    public ImportGaps? Import { get; init; }

    public ServedSchool? Find(string id) => Schools.FirstOrDefault(s => s.Id == id);

    public int FilesFound => Schools.Count + Failed.Count + NotProfiles.Count;

    public string ProfilesFolderLabel => Diagnostics.DisplayPath.InMemo(ProfilesFolder);
}

/// <summary>
/// The server's state: the current snapshot, rebuilt whole after a rule or package is saved, and the one-school
/// recompute behind the slider (the same pipeline as plan, with the cut and package asked for).
/// </summary>
internal sealed class ServeState : IDisposable
{
    private readonly PluginHostOptions _options;
    private readonly WorkspaceLoader _loader;
    private readonly InputLoader _inputs;
    private readonly SchoolEvaluator _evaluator;
    private readonly JsonInputReader _reader;
    private readonly Lock _gate = new();
    private ServeSnapshot? _current;

    public ServeState(PluginHostOptions options, WorkspaceLoader loader, InputLoader inputs, SchoolEvaluator evaluator, JsonInputReader reader, ServeSettings settings)
    {
        _evaluator = evaluator;
        _options = options;
        _loader = loader;
        _inputs = inputs;
        _reader = reader;
        Settings = settings;
    }

    public ServeSettings Settings { get; }

    public ServeSnapshot Current => Volatile.Read(ref _current) ?? Reload();

    public OverrideStore? Overrides => _options.Overrides(_reader);

    public string RulesDirectory => _options.RulesDirectory;

    public PluginHostOptions Options => _options;

    public JsonInputReader Reader => _reader;

    /// <summary>Reads the workspace again (rules, plugins, templates, policy, profiles, packages) and swaps the snapshot in.</summary>
    public ServeSnapshot Reload()
    {
        lock (_gate)
        {
            var workspace = _loader.Load();
            var folder = Settings.ProfilesFolder;
            var policy = PolicyResolver.Resolve(_inputs, null, folder, _options.Workspace);
            var cuts = DistrictWorkspace.CutsFor(_options.Workspace);
            var culture = DistrictWorkspace.CultureFor(_options.Workspace);
            // Each school's saved package is read once, by its evaluation, and kept with the school for the pages.
            var store = _options.Overrides(_reader);
            var packages = new System.Collections.Concurrent.ConcurrentDictionary<string, LoadedOverride?>(StringComparer.Ordinal);
            Func<string, LoadedOverride?>? lookup = store is null ? null : id => packages.GetOrAdd(id, store.Find);
            var context = new EvaluationContext(workspace.Catalog, workspace.Rules, cuts, culture, null) { Workspace = _options.Workspace?.Label, Overrides = lookup };
            var scan = BatchRunner.Scan(folder, Settings.Recursive, null);
            var paths = scan.Profiles;
            var outcomes = new (ServedSchool? School, UnservedFile? Failed, UnservedFile? Other)[paths.Count];
            Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var path = paths[i];
                var (profile, unread) = _evaluator.Read(path);
                var outcome = unread ?? SchoolEvaluator.Evaluate(profile!, path, policy, context);
                outcomes[i] = outcome.NotAProfile is { } reason ? (null, null, new UnservedFile(DisplayPath.InMemo(path), reason))
                    : outcome.Result is { } result ? (new ServedSchool(profile!.Id, path, DisplayPath.InMemo(path), profile, result, packages.GetValueOrDefault(profile.Id)), null, null)
                    : (null, new UnservedFile(DisplayPath.InMemo(path), outcome.FirstError is { } error ? $"{error.Code}: {error.Message}" : "could not be evaluated"), null);
            });

            // Two profiles with one id are one school twice: the first in the list is served, as a district run writes it.
            foreach (var (i, repeat) in SchoolIds.RepeatsIn(paths, i => outcomes[i].School?.Id, "shown").ToList())
            {
                outcomes[i] = (null, new UnservedFile(DisplayPath.InMemo(paths[i]), $"{repeat.Code}: {repeat.Message}"), null);
            }

            var previous = _current;
            var next = new ServeSnapshot(workspace, policy,
                outcomes.Where(o => o.School is not null).Select(o => o.School!).ToList(),
                outcomes.Where(o => o.Failed is not null).Select(o => o.Failed!).ToList(),
                outcomes.Where(o => o.Other is not null).Select(o => o.Other!).ToList(),
                cuts, culture, folder) { Scan = scan, Import = ImportGaps.Read(folder) };
            Volatile.Write(ref _current, next);
            if (previous is not null && !ReferenceEquals(previous.Workspace.Catalog, next.Workspace.Catalog))
            {
                // Requests still reading the old snapshot finish on results already computed; its plugins can go.
                previous.Workspace.Catalog.Dispose();
            }

            return next;
        }
    }

    /// <summary>One school at one cut, with a package (null: the rules' order alone): what the slider shows.</summary>
    public SchoolResult? Evaluate(ServeSnapshot snapshot, ServedSchool school, int cut, SchoolOverride? package)
    {
        var context = new EvaluationContext(snapshot.Workspace.Catalog, snapshot.Workspace.Rules, [cut], snapshot.Culture, null)
        {
            Workspace = _options.Workspace?.Label,
            Overrides = package is null || package.IsEmpty ? null : _ => new LoadedOverride("your package (not saved)", package),
        };
        return SchoolEvaluator.Evaluate(school.Profile, school.Path, snapshot.Policy, context).Result;
    }

    public void Dispose() => _current?.Workspace.Catalog.Dispose();
}

/// <summary>What serve was started with.</summary>
internal sealed record ServeSettings(string ProfilesFolder, bool AllowEdit)
{
    /// <summary>Whether the profiles in the folder's subfolders are read too (--recursive).</summary>
    public bool Recursive { get; init; }
}
