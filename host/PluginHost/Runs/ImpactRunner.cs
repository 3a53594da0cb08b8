using System.Globalization;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Policy;

namespace PluginHost.Runs;

/// <param name="AfterRules">The rule set the changed run uses; the loaded workspace's when only the policy changes.</param>
internal sealed record ImpactRequest(IReadOnlyList<string> Profiles, PolicyChoice BeforePolicy, PolicyChoice AfterPolicy, RuleSet AfterRules, ImpactChange Change,
    IReadOnlyList<int> Cuts, CultureInfo Culture, int Parallelism)
{
    public string? Workspace { get; init; }

    public Func<string, LoadedOverride?>? Overrides { get; init; }
}

/// <summary>
/// The district twice, as is and with the change: each profile is read once and evaluated under both snapshots (one
/// immutable rule set and policy each), so the two sides differ only by the change. Schools that cannot be evaluated
/// on either side are named with their reason, as a district run names them.
/// </summary>
internal sealed class ImpactRunner
{
    private readonly SchoolEvaluator _evaluator;

    public ImpactRunner(SchoolEvaluator evaluator)
    {
        _evaluator = evaluator;
    }

    public ImpactReport Run(ImpactRequest request, Workspace workspace)
    {
        var before = new EvaluationContext(workspace.Catalog, workspace.Rules, request.Cuts, request.Culture, null) { Workspace = request.Workspace, Overrides = request.Overrides };
        var after = before with { Rules = request.AfterRules };
        var outcomes = new (SchoolResult? Before, SchoolResult? After, FailureNote? Failure, string? NotAProfile)[request.Profiles.Count];
        Parallel.For(0, request.Profiles.Count, new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism }, i =>
        {
            var path = request.Profiles[i];
            var (profile, unread) = _evaluator.Read(path);
            if (unread is not null)
            {
                outcomes[i] = unread.NotAProfile is { } reason ? (null, null, null, reason) : (null, null, Note(unread), null);
                return;
            }

            var first = SchoolEvaluator.Evaluate(profile!, path, request.BeforePolicy, before);
            var second = SchoolEvaluator.Evaluate(profile!, path, request.AfterPolicy, after);
            outcomes[i] = first.Result is null ? (null, null, Note(first), null)
                : second.Result is null ? (null, null, Note(second), null)
                : (first.Result, second.Result, null, null);
        });

        // Two profiles with one id are one school twice: the first in the list is compared, as a district run writes it.
        foreach (var (i, repeat) in SchoolIds.RepeatsIn(request.Profiles, i => outcomes[i].Before?.School.Id, "compared").ToList())
        {
            outcomes[i] = (null, null, new FailureNote(DisplayPath.InMemo(request.Profiles[i]), repeat.Code, repeat.Message), null);
        }

        return ImpactComparer.Summarise(
            request.Change,
            new ImpactSide(workspace.Rules.Hash, request.BeforePolicy.Policy.Name, request.BeforePolicy.File is { } b ? DisplayPath.InMemo(b) : null),
            new ImpactSide(request.AfterRules.Hash, request.AfterPolicy.Policy.Name, request.AfterPolicy.File is { } a ? DisplayPath.InMemo(a) : null),
            outcomes.Where(o => o.Before is not null).Select(o => (o.Before!, o.After!)).ToList(),
            request.Profiles.Count,
            outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).ToList(),
            request.Profiles.Zip(outcomes).Where(x => x.Second.NotAProfile is not null).Select(x => $"{DisplayPath.InMemo(x.First)}: {x.Second.NotAProfile}").ToList());
    }

    private static FailureNote Note(SchoolOutcome outcome) =>
        new(DisplayPath.InMemo(outcome.ProfilePath), outcome.FirstError?.Code ?? ErrorCodes.Internal, outcome.FirstError?.Message ?? "the school could not be evaluated");
}
