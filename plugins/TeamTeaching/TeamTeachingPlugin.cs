using PluginHost.Contracts;

namespace PluginHost.Plugins.TeamTeaching;

/// <summary>
/// Team-taught classes led by teacher leaders (the report's schools C and F). Teacher leadership is what the
/// model stands on, so its roles are protected in cuts.
/// </summary>
public sealed class TeamTeachingPlugin : IArchetypePlugin
{
    private static readonly string[] TeacherRoles = ["teacher", "teacher-leader", "co-teacher"];

    public ArchetypeDefinition Definition { get; } = new(
        "team-teaching",
        "Team teaching with teacher leaders",
        "Teachers work in teams that share a larger group of students; a teacher leader plans with the team, " +
        "coaches it and takes on more responsibility, usually for a stipend.",
        [
            new DesignElement("teacher-leadership", "Teacher leadership", ["teacher-leader"], ["teacher-leader-stipend"], ProtectedInCuts: true),
            new DesignElement("team-teaching", "Team-taught classes", ["co-teacher"], [], ProtectedInCuts: true),
            new DesignElement("collaborative-planning-time", "Collaborative planning time", [], ["planning-time"], ProtectedInCuts: false),
        ]);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var leaders = Fte(school, "teacher-leader");
        return leaders > 0
            ? []
            : [new ProfileFinding("positions", "a team-teaching school needs at least one position with role 'teacher-leader'; found none")];
    }

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var leaders = Fte(school, "teacher-leader");
        var teachers = school.Staff.Where(s => !s.Vacant && TeacherRoles.Contains(s.Role)).Sum(s => s.Fte);
        if (leaders == 0)
        {
            return [];
        }

        return
        [
            new ArchetypeMetric("teachers-per-teacher-leader", "Teachers per teacher leader", Math.Round(teachers / leaders, 1), "teachers"),
            new ArchetypeMetric("students-per-team", "Students per teacher-led team", Math.Round(school.Enrollment / leaders, 1), "students"),
        ];
    }

    private static decimal Fte(SchoolFacts school, string role) =>
        school.Staff.Where(s => !s.Vacant && s.Role == role).Sum(s => s.Fte);
}
