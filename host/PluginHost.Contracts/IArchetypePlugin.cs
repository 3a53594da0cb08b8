namespace PluginHost.Contracts;

/// <summary>
/// One school-model archetype. The host creates a single instance per plugin through a public
/// parameterless constructor and calls it from several threads at once, so implementations must be stateless.
/// </summary>
public interface IArchetypePlugin
{
    /// <summary>What the archetype is and which design elements carry it.</summary>
    ArchetypeDefinition Definition { get; }

    /// <summary>Checks a school that claims this archetype; an empty list means the profile fits the model.</summary>
    IReadOnlyList<ProfileFinding> Validate(SchoolFacts school);

    /// <summary>Archetype-specific measures shown in the memo (for example students per co-teaching team).</summary>
    IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school);
}
