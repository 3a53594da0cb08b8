using PluginHost.Contracts;

namespace PluginHost.Fixtures.RotationModel;

/// <summary>A fifth archetype, station rotation, dropped in without rebuilding the host.</summary>
public sealed class RotationModelPlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new(
        "station-rotation",
        "Station rotation",
        "Students rotate between teacher-led, collaborative and online stations within a class period.",
        [new DesignElement("rotation-stations", "Rotation stations", ["station-aide"], ["station-software"], ProtectedInCuts: true)]);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school) => [];

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var aides = school.Staff.Where(s => s.Role == "station-aide" && !s.Vacant).Sum(s => s.Fte);
        return [new ArchetypeMetric("students-per-station-aide", "Students per station aide", aides == 0 ? 0 : Math.Round(school.Enrollment / aides, 1), "students")];
    }
}
