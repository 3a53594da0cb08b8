using PluginHost.Contracts;

namespace PluginHost.Plugins.StandardsBasedGrading;

/// <summary>
/// Proficiency reporting against standards instead of letter grades (the report's schools B and E): grading
/// time for teachers and grading software are the budget lines that carry it.
/// </summary>
public sealed class StandardsBasedGradingPlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new(
        "standards-based-grading",
        "Standards-based grading",
        "Teachers report each student's progress toward specific standards rather than a letter grade, which " +
        "takes extra grading time and software that tracks proficiency.",
        [
            new DesignElement("standards-based-grading-system", "Standards-based grading system", [], ["grading-software"], ProtectedInCuts: true),
            new DesignElement("teacher-grading-time", "Additional teacher grading time", [], ["grading-time"], ProtectedInCuts: true),
        ]);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        return school.Practices.Contains("standards-based-grading")
            ? []
            : [new ProfileFinding("practices.standardsBasedGrading", "a standards-based-grading school must set practices.standardsBasedGrading to true")];
    }

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var teachers = school.Staff.Where(s => !s.Vacant && s.Category == "teaching").Sum(s => s.Fte);
        var gradingTime = Spend(school, "grading-time");
        var software = Spend(school, "grading-software");
        return
        [
            new ArchetypeMetric("grading-time-per-teacher", "Grading time paid per teacher", teachers == 0 ? 0 : Math.Round(gradingTime / teachers, 0), "dollars"),
            new ArchetypeMetric("grading-software-per-student", "Grading software per student", school.Enrollment == 0 ? 0 : Math.Round(software / school.Enrollment, 2), "dollars"),
        ];
    }

    private static decimal Spend(SchoolFacts school, string kind) =>
        school.Spending.Where(s => s.Kind == kind).Sum(s => s.Amount);
}
