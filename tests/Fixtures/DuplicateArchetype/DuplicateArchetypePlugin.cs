using PluginHost.Contracts;

namespace PluginHost.Fixtures.DuplicateArchetype;

public sealed class DuplicateArchetypePlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new("team-teaching", "A second team-teaching plugin", "Test fixture.", []);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school) => [];

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school) => [];
}
