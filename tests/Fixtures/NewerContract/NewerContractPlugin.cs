using PluginHost.Contracts;

namespace PluginHost.Fixtures.NewerContract;

/// <summary>Built against contract 2.0 (see FutureContract): the host must refuse it before loading.</summary>
public sealed class NewerContractPlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new("newer-contract", "Newer contract", "Test fixture.", []);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school) => [];

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school) => [];
}
