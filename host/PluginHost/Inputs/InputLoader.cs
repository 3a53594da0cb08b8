using PluginHost.Diagnostics;

namespace PluginHost.Inputs;

/// <summary>Loads profiles and policies: schema first, then the checks a schema cannot express.</summary>
internal sealed class InputLoader
{
    public const string ProfileSchemaFile = "school-profile.schema.json";
    public const string PolicySchemaFile = "district-policy.schema.json";

    private readonly JsonInputReader _reader;

    public InputLoader(JsonInputReader reader)
    {
        _reader = reader;
    }

    public SchoolProfile LoadProfile(string path)
    {
        var (profile, source) = _reader.Read<SchoolProfile>(path, ProfileSchemaFile, ErrorCodes.ProfileSchema);

        // The fast read kept no line numbers; a profile with problems is read again so each one points at its line.
        return ProfileConsistency.Check(profile, source).Count == 0 ? profile : LoadProfile(JsonInputReader.Parse(path, ErrorCodes.InputNotJson));
    }

    public SchoolProfile LoadProfile(JsonSource json)
    {
        var (profile, source) = _reader.Read<SchoolProfile>(json, ProfileSchemaFile, ErrorCodes.ProfileSchema);
        var problems = ProfileConsistency.Check(profile, source);
        return problems.Count > 0 ? throw new DiagnosticException(problems) : profile;
    }

    public DistrictPolicy LoadPolicy(string path) =>
        _reader.Read(path, PolicySchemaFile, ErrorCodes.PolicySchema, DistrictPolicy.Bind).Model;

    public DistrictPolicy LoadPolicy(JsonSource json) =>
        _reader.Read<DistrictPolicy>(json, PolicySchemaFile, ErrorCodes.PolicySchema).Model;
}

/// <summary>Rules about a profile that hold across fields: money sources, grant years, ids.</summary>
internal static class ProfileConsistency
{
    public static IReadOnlyList<Diagnostic> Check(SchoolProfile profile, JsonSource source)
    {
        var problems = new List<Diagnostic>();
        if (Io.SafePath.WhyUnsafe(profile.Id) is { } unsafeId)
        {
            // The schema says the same, but a workspace can edit its schemas; the output folder name is decided here.
            problems.Add(source.Error("id", ErrorCodes.ProfileSchema, $"id: '{Io.Printable.Of(profile.Id)}' cannot name the school's output folder: {unsafeId}"));
        }

        var grants = profile.Funding.Grants.ToDictionary(g => g.Id, StringComparer.Ordinal);

        for (var i = 0; i < profile.Funding.Grants.Count; i++)
        {
            var grant = profile.Funding.Grants[i];
            if (grant.EndYear < grant.StartYear)
            {
                problems.Add(source.Error($"funding.grants[{i}].endYear", ErrorCodes.InputInconsistent,
                    $"funding.grants[{i}].endYear: grant '{grant.Id}' ends in {grant.EndYear}, before it starts in {grant.StartYear}; the end year must be {grant.StartYear} or later"));
            }
        }

        // Where a problem is (positions[3].stipend) is written only for a problem found: most profiles have none.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < profile.Positions.Count; i++)
        {
            var position = profile.Positions[i];
            if (!seen.Add(position.Id))
            {
                problems.Add(source.Error($"positions[{i}].id", ErrorCodes.InputInconsistent, $"positions[{i}].id: '{position.Id}' is used by an earlier position; ids must be unique"));
            }

            if (position.Restricted && position.Funding != FundingSources.Restricted)
            {
                problems.Add(source.Error($"positions[{i}].funding", ErrorCodes.InputInconsistent,
                    $"positions[{i}].funding: restricted position '{position.Id}' ({position.Title}) is paid from '{position.Funding}' money; a restricted position must have funding 'restricted'"));
            }

            CheckGrant(position.Funding, position.GrantId, ("positions", i, ""), grants, source, problems);
            if (position.Stipend is { } stipend)
            {
                CheckGrant(stipend.Funding, stipend.GrantId, ("positions", i, ".stipend"), grants, source, problems);
            }
        }

        for (var i = 0; i < profile.NonPersonnel.Count; i++)
        {
            var line = profile.NonPersonnel[i];
            CheckGrant(line.Funding, line.GrantId, ("nonPersonnel", i, ""), grants, source, problems);
        }

        if (profile.Enrollment.Projection.Count > 0 && profile.Enrollment.Projection[0] != profile.Enrollment.Students)
        {
            problems.Add(source.Error("enrollment.projection[0]", ErrorCodes.InputInconsistent,
                $"enrollment.projection[0]: year 0 projects {profile.Enrollment.Projection[0]} students but enrollment.students is {profile.Enrollment.Students}; year 0 must equal enrollment.students"));
        }

        return problems;
    }

    /// <param name="item">The item's list, index and the part of it checked: ("positions", 3, ".stipend") is positions[3].stipend.</param>
    private static void CheckGrant(string funding, string? grantId, (string List, int Index, string Part) item, Dictionary<string, Grant> grants, JsonSource source, List<Diagnostic> problems)
    {
        var needsGrant = funding is FundingSources.Grant or FundingSources.OneTime;
        if (needsGrant == (grantId is not null) && (grantId is null || grants.ContainsKey(grantId)))
        {
            return;
        }

        var at = $"{item.List}[{item.Index}]{item.Part}";
        if (needsGrant && grantId is null)
        {
            problems.Add(source.Error($"{at}.funding", ErrorCodes.InputInconsistent,
                $"{at}.grantId: funding '{funding}' needs a grantId naming one of funding.grants ({Known(grants)})"));
        }
        else if (needsGrant && !grants.ContainsKey(grantId!))
        {
            problems.Add(source.Error($"{at}.grantId", ErrorCodes.InputInconsistent,
                $"{at}.grantId: '{grantId}' is not a grant in funding.grants; known grants: {Known(grants)}"));
        }
        else if (!needsGrant && grantId is not null)
        {
            problems.Add(source.Error($"{at}.grantId", ErrorCodes.InputInconsistent,
                $"{at}.grantId: '{grantId}' is given but funding is '{funding}'; set funding to 'grant' or 'one-time', or drop grantId"));
        }
    }

    private static string Known(Dictionary<string, Grant> grants) =>
        grants.Count == 0 ? "none" : string.Join(", ", grants.Keys.Select(k => $"'{k}'"));
}
