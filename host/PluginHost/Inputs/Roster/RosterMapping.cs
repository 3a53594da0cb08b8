using System.Text.RegularExpressions;

namespace PluginHost.Inputs.Roster;

/// <summary>How a finance office's CSV columns and job titles map onto profiles. Follows rules/schemas/roster-mapping.schema.json.</summary>
internal sealed record RosterMapping
{
    public required int FiscalYear { get; init; }

    /// <summary>The code page of files that are not UTF-8 (<see cref="Roster.LegacyEncoding.Names"/>); null refuses them.</summary>
    public string? LegacyEncoding { get; init; }
    public required RosterColumns Columns { get; init; }
    public required IReadOnlyList<PositionRule> Positions { get; init; }
}

internal sealed record RosterColumns
{
    public required RosterFileColumns Roster { get; init; }
    public required EnrollmentColumns Enrollment { get; init; }
    public AttributeColumns Attributes { get; init; } = new();
}

internal sealed record RosterFileColumns
{
    public required string PositionNumber { get; init; }
    public required string SchoolId { get; init; }
    public string? SchoolName { get; init; }
    public required string Fte { get; init; }
    public required string Salary { get; init; }
    public required string Benefits { get; init; }
    public string? JobCode { get; init; }
    public required string JobTitle { get; init; }
    public string? Vacant { get; init; }
}

internal sealed record EnrollmentColumns
{
    public required string SchoolId { get; init; }
    public required string Students { get; init; }
    public string? SpecialEducation { get; init; }
}

internal sealed record AttributeColumns
{
    public string SchoolId { get; init; } = "School ID";
    public string Archetypes { get; init; } = "Archetypes";
    public string GeneralFunding { get; init; } = "General Funding";
    public string RestrictedFunding { get; init; } = "Restricted Funding";
    public string GrantName { get; init; } = "Grant Name";
    public string GrantAnnualAmount { get; init; } = "Grant Annual Amount";
    public string GrantStartYear { get; init; } = "Grant Start Year";
    public string GrantEndYear { get; init; } = "Grant End Year";
}

/// <summary>A job-title or job-code pattern and what a matching position is. The first rule that matches wins.</summary>
internal sealed record PositionRule
{
    /// <summary>A pattern that takes longer than this on one cell is a mapping problem, not a reason to hang an import.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public string? JobTitle { get; init; }
    public string? JobCode { get; init; }
    public required string Category { get; init; }
    public required string Role { get; init; }
    public bool Restricted { get; init; }

    /// <summary>Set by <see cref="Compile"/>: the patterns are built once per import, not once per row.</summary>
    private Regex? TitlePattern { get; init; }

    private Regex? CodePattern { get; init; }

    /// <summary>The rule with its patterns built; a pattern that is not a valid regular expression throws <see cref="InvalidPatternException"/> naming its field.</summary>
    public PositionRule Compile() => this with
    {
        TitlePattern = Build("jobTitle", JobTitle, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
        CodePattern = Build("jobCode", JobCode, RegexOptions.CultureInvariant),
    };

    private static Regex? Build(string field, string? pattern, RegexOptions options)
    {
        try
        {
            return pattern is null ? null : new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidPatternException(field, pattern!, ex.Message.Split(" - ", 2).Last().TrimEnd('.'));
        }
    }

    public bool Matches(string title, string code) =>
        (TitlePattern is not null || CodePattern is not null)
        && (TitlePattern is null || TitlePattern.IsMatch(title))
        && (CodePattern is null || CodePattern.IsMatch(code));
}

/// <summary>A mapping pattern that is not a valid regular expression: which field, the pattern, and the regex engine's reason.</summary>
internal sealed class InvalidPatternException : Exception
{
    public InvalidPatternException(string field, string pattern, string reason)
        : base(reason)
    {
        Field = field;
        Pattern = pattern;
    }

    public string Field { get; }

    public string Pattern { get; }
}
