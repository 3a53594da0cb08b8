using PluginHost.Contracts;

namespace PluginHost.Plugins.PblLabs;

/// <summary>
/// Project-based learning through lab blocks (the report's schools B and D): the lab block itself, getting
/// students to community sites, community resources and stipends for the teachers who run the labs.
/// </summary>
public sealed class PblLabsPlugin : IArchetypePlugin
{
    public ArchetypeDefinition Definition { get; } = new(
        "pbl-labs",
        "Project-based learning labs",
        "Students spend scheduled lab blocks on interdisciplinary projects, often out in the community; teachers " +
        "take on lab roles, usually for a stipend.",
        [
            new DesignElement("learning-lab-block", "Learning lab block", ["lab-teacher"], ["lab-materials"], ProtectedInCuts: true),
            new DesignElement("lab-transportation", "Transportation to community sites", [], ["transportation"], ProtectedInCuts: false),
            new DesignElement("community-resources", "Community resources and partners", [], ["community-partnerships"], ProtectedInCuts: false),
            new DesignElement("pbl-teacher-stipends", "Stipends for lab teachers", [], ["pbl-stipend"], ProtectedInCuts: true),
        ]);

    public IReadOnlyList<ProfileFinding> Validate(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var hasLab = school.Spending.Any(s => s.Kind == "lab-materials") || school.Staff.Any(s => s.Role == "lab-teacher");
        return hasLab
            ? []
            : [new ProfileFinding("nonPersonnel", "a pbl-labs school needs a non-personnel line of kind 'lab-materials' or a position with role 'lab-teacher'; found neither")];
    }

    public IReadOnlyList<ArchetypeMetric> Measure(SchoolFacts school)
    {
        ArgumentNullException.ThrowIfNull(school);
        if (school.Enrollment == 0)
        {
            return [];
        }

        var lab = school.Spending.Where(s => s.Kind is "lab-materials" or "transportation" or "community-partnerships").Sum(s => s.Amount);
        var transport = school.Spending.Where(s => s.Kind == "transportation").Sum(s => s.Amount);
        return
        [
            new ArchetypeMetric("lab-spending-per-student", "Lab spending per student", Math.Round(lab / school.Enrollment, 0), "dollars"),
            new ArchetypeMetric("transportation-per-student", "Transportation per student", Math.Round(transport / school.Enrollment, 0), "dollars"),
        ];
    }
}
