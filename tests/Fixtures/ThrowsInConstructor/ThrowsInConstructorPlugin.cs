using PluginHost.Contracts;

namespace PluginHost.Fixtures.ThrowsInConstructor;

public sealed class ThrowsInConstructorPlugin : IArchetypePlugin
{
    public ThrowsInConstructorPlugin() => throw new InvalidOperationException("configuration file missing");

    public ArchetypeDefinition Definition => throw new NotSupportedException();

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school) => [];

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school) => [];
}
