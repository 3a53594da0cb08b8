using PluginHost.Contracts;

namespace PluginHost.Fixtures.ThrowsDuringEvaluation;

public sealed class ThrowsDuringEvaluationPlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new("throws-during-evaluation", "Throws during evaluation", "Test fixture.", []);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school) => [];

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school) => throw new DivideByZeroException("no groups to divide students into");
}
