namespace PluginHost.Contracts;

/// <summary>Describes an archetype: its identity and the design elements that make it work.</summary>
/// <param name="Archetype">The archetype id profiles use, for example <c>team-teaching</c>.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Description">One or two sentences on the model.</param>
/// <param name="DesignElements">The elements the model depends on.</param>
public sealed record ArchetypeDefinition(
    string Archetype,
    string Name,
    string Description,
    IReadOnlyList<DesignElement> DesignElements);

/// <summary>
/// Something that makes a model work, with the staff roles and spending kinds that carry it.
/// A cut that touches one of those roles or kinds hits the element.
/// </summary>
/// <param name="Id">Stable id, for example <c>teacher-leadership</c>.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Roles">Staff roles that carry the element, for example <c>teacher-leader</c>.</param>
/// <param name="SpendingKinds">Non-personnel kinds that carry the element, for example <c>grading-software</c>.</param>
/// <param name="ProtectedInCuts">True when cuts should take these roles and lines last within their category.</param>
public sealed record DesignElement(
    string Id,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> SpendingKinds,
    bool ProtectedInCuts);

/// <summary>A read-only view of one school, as the host hands it to plugins.</summary>
/// <param name="SchoolId">The profile's id.</param>
/// <param name="Name">The school's name.</param>
/// <param name="Enrollment">Students in the profile's fiscal year.</param>
/// <param name="Staff">Every position, vacant ones included.</param>
/// <param name="Spending">Every non-personnel line.</param>
/// <param name="Practices">Practice ids the school follows, for example <c>standards-based-grading</c>.</param>
public sealed record SchoolFacts(
    string SchoolId,
    string Name,
    int Enrollment,
    IReadOnlyList<StaffFact> Staff,
    IReadOnlyList<SpendingFact> Spending,
    IReadOnlyList<string> Practices);

/// <summary>One staff position.</summary>
/// <param name="Role">Role id, for example <c>co-teacher</c>.</param>
/// <param name="Category">Cut category id, for example <c>teaching</c>.</param>
/// <param name="Fte">Full-time equivalents.</param>
/// <param name="AnnualCost">Salary plus benefits plus any stipend, per year.</param>
/// <param name="FundingSource"><c>general</c>, <c>restricted</c>, <c>grant</c> or <c>one-time</c>.</param>
/// <param name="Vacant">True when nobody holds the position.</param>
public sealed record StaffFact(string Role, string Category, decimal Fte, decimal AnnualCost, string FundingSource, bool Vacant);

/// <summary>One non-personnel line.</summary>
/// <param name="Kind">Spending kind, for example <c>transportation</c>.</param>
/// <param name="Category">Cut category id.</param>
/// <param name="Amount">Amount per year.</param>
/// <param name="FundingSource"><c>general</c>, <c>restricted</c>, <c>grant</c> or <c>one-time</c>.</param>
/// <param name="Recurring">False for a one-time purchase.</param>
public sealed record SpendingFact(string Kind, string Category, decimal Amount, string FundingSource, bool Recurring);

/// <summary>Something in a profile that does not fit the archetype.</summary>
/// <param name="Field">The profile field concerned, for example <c>positions</c>.</param>
/// <param name="Message">What is wrong and what would fit.</param>
public sealed record ProfileFinding(string Field, string Message);

/// <summary>An archetype-specific measure.</summary>
/// <param name="Id">Stable id, for example <c>students-per-team</c>.</param>
/// <param name="Name">A label for people.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">Unit for people, for example <c>students</c>.</param>
public sealed record ArchetypeMetric(string Id, string Name, decimal Value, string Unit);
