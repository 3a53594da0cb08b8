using PluginHost.Contracts;

namespace PluginHost.Fixtures.InvalidManifest;

public sealed class InvalidManifestPlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new("invalid-manifest", "Invalid manifest", "Test fixture.", []);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school) => [];

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school) => [];
}
