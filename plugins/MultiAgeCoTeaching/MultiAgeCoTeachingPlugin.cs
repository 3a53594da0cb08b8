using PluginHost.Contracts;

namespace PluginHost.Plugins.MultiAgeCoTeaching;

/// <summary>
/// Multi-age groups of up to about 80 students with co-teachers and non-teacher instructional staff (the report's
/// schools C and F). Its lower-cost instructional staff are what let it hold ratios under cuts, so they are protected.
/// </summary>
public sealed class MultiAgeCoTeachingPlugin : IArchetypePlugin
{
    private const int LargestGroup = 80;
    private static readonly string[] SupportRoles = ["resident-teacher", "intern-teacher", "student-teacher", "instructional-coach"];

    public ArchetypeDefinition Definition { get; } = new(
        "multi-age-co-teaching",
        "Multi-age co-teaching",
        "Students are grouped by need and interest rather than age, in groups of up to about 80 that several " +
        "co-teachers share with resident, intern or student teachers and coaches.",
        [
            new DesignElement("multi-age-groups", "Multi-age co-taught groups", ["co-teacher"], [], ProtectedInCuts: true),
            new DesignElement("non-teacher-instructional-staff", "Non-teacher instructional staff", SupportRoles, [], ProtectedInCuts: true),
            new DesignElement("flexible-learning-spaces", "Flexible learning spaces", [], ["furniture"], ProtectedInCuts: true),
        ]);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var coTeachers = Fte(school, ["co-teacher", "teacher-leader"]);
        if (coTeachers == 0)
        {
            return [new ProfileFinding("positions", "a multi-age co-teaching school needs positions with role 'co-teacher' or 'teacher-leader'; found none")];
        }

        var groups = Math.Ceiling(school.Enrollment / (decimal)LargestGroup);
        return coTeachers < groups
            ? [new ProfileFinding("positions", $"{school.Enrollment} students need at least {groups} co-teachers for groups of up to {LargestGroup}; found {coTeachers}")]
            : [];
    }

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var coTeachers = Fte(school, ["co-teacher", "teacher-leader"]);
        var support = Fte(school, SupportRoles);
        var groups = Math.Max(1, Math.Ceiling(school.Enrollment / (decimal)LargestGroup));
        return
        [
            new ArchetypeMetric("students-per-group", "Students per multi-age group", Math.Round(school.Enrollment / groups, 1), "students"),
            new ArchetypeMetric("adults-per-group", "Instructional adults per group", Math.Round((coTeachers + support) / groups, 1), "adults"),
            new ArchetypeMetric("support-per-co-teacher", "Non-teacher instructional staff per co-teacher", coTeachers == 0 ? 0 : Math.Round(support / coTeachers, 2), "FTE"),
        ];
    }

    private static decimal Fte(SchoolFacts school, string[] roles) =>
        school.Staff.Where(s => !s.Vacant && roles.Contains(s.Role)).Sum(s => s.Fte);
}
