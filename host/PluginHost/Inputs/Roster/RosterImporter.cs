using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using PluginHost.Diagnostics;

namespace PluginHost.Inputs.Roster;

internal sealed record RosterImportRequest(string Roster, string Enrollment, string Mapping, string? Attributes, string OutDirectory);

/// <summary>A job title no mapping rule matched, with how much staff it stands for.</summary>
internal sealed record UnmappedTitle(string JobTitle, string JobCode, decimal Fte, int Schools);

internal sealed record RosterImportResult(IReadOnlyList<string> Written, IReadOnlyList<UnmappedTitle> Unmapped, IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// Builds school profiles from the data a finance office already has: a position roster and an enrollment file
/// joined on school id, a JSON mapping of job titles and codes to categories and roles, and optional attributes
/// (archetypes, funding, a grant). Without funding figures, general funding is taken as the cost of the
/// general-funded positions, and the profile says so. Every profile is checked against the profile schema before
/// it is written; a bad row is reported and skipped, and the rest goes on.
/// </summary>
internal sealed class RosterImporter
{
    private readonly JsonInputReader _reader;
    private readonly InputLoader _inputs;
    private readonly string _schemasDirectory;

    public RosterImporter(JsonInputReader reader, InputLoader inputs, string schemasDirectory)
    {
        _reader = reader;
        _inputs = inputs;
        _schemasDirectory = schemasDirectory;
    }

    public RosterImportResult Import(RosterImportRequest request)
    {
        var mapping = _reader.Read<RosterMapping>(request.Mapping, "roster-mapping.schema.json", ErrorCodes.RosterInvalid).Model;
        var problems = new List<Diagnostic>();
        var positions = ReadRoster(request.Roster, mapping, problems, out var unmapped);
        var enrollment = ReadEnrollment(request.Enrollment, mapping.Columns.Enrollment, problems);
        var attributes = request.Attributes is null ? new Dictionary<string, AttributeRow>() : ReadAttributes(request.Attributes, mapping.Columns.Attributes, problems);

        var written = new List<string>();
        foreach (var school in positions.GroupBy(p => p.SchoolId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!enrollment.TryGetValue(school.Key, out var students))
            {
                problems.Add(Diagnostic.Error(DisplayPath.Of(request.Enrollment), ErrorCodes.RosterInvalid,
                    $"school '{school.Key}' has {school.Count()} positions in the roster but no row in the enrollment file; add a row with {mapping.Columns.Enrollment.SchoolId} = {school.Key}"));
                continue;
            }

            var profile = BuildProfile(school.Key, school.ToList(), students, attributes.GetValueOrDefault(school.Key), mapping.FiscalYear, request.OutDirectory);
            var path = Path.Combine(request.OutDirectory, ProfileFileName(school.Key));
            try
            {
                var text = profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
                _inputs.LoadProfile(new JsonSource(path, Newtonsoft.Json.Linq.JToken.Parse(text)));
                Memos.AtomicFile.Write(path, text);
                written.Add(path);
            }
            catch (DiagnosticException ex)
            {
                problems.AddRange(ex.Diagnostics);
            }
        }

        // With no roster rows at all the roster itself is the problem, already reported; a warning per school would bury it.
        foreach (var extra in enrollment.Keys.Where(k => positions.Count > 0 && !positions.Any(p => p.SchoolId == k)).Order(StringComparer.Ordinal))
        {
            problems.Add(Diagnostic.Warning(DisplayPath.Of(request.Enrollment), ErrorCodes.RosterInvalid, $"school '{extra}' has enrollment but no positions in the roster; no profile was written for it"));
        }

        return new RosterImportResult(written, unmapped, problems);
    }

    private static string ProfileFileName(string schoolId) => $"school-{Slug(schoolId)}.json";

    private static string Slug(string id) => new(id.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    private JsonObject BuildProfile(string schoolId, List<RosterPosition> staff, EnrollmentRow students, AttributeRow? attributes, int fiscalYear, string outDirectory)
    {
        var generalCost = staff.Where(p => !p.Rule.Restricted).Sum(p => p.Salary + p.Benefits);
        var restrictedCost = staff.Where(p => p.Rule.Restricted).Sum(p => p.Salary + p.Benefits);
        var balanced = attributes?.GeneralFunding is null;
        var schema = Path.GetRelativePath(Path.GetFullPath(outDirectory), Path.Combine(_schemasDirectory, InputLoader.ProfileSchemaFile)).Replace('\\', '/');
        var grants = new JsonArray();
        if (attributes?.Grant is { } grant)
        {
            grants.Add(new JsonObject { ["id"] = "grant", ["name"] = grant.Name, ["kind"] = "grant", ["annualAmount"] = grant.AnnualAmount, ["startYear"] = grant.StartYear, ["endYear"] = grant.EndYear });
        }

        var restrictedFunding = attributes?.RestrictedFunding ?? restrictedCost;
        return new JsonObject
        {
            ["$schema"] = schema,
            ["id"] = Slug(schoolId),
            ["name"] = staff.Select(p => p.SchoolName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? $"School {schoolId}",
            ["fiscalYear"] = fiscalYear,
            ["balancedBudgetAssumed"] = balanced,
            ["archetypes"] = new JsonArray([.. (attributes?.Archetypes ?? []).Select(a => (JsonNode)JsonValue.Create(a))]),
            ["enrollment"] = new JsonObject { ["students"] = students.Students, ["specialEducation"] = students.SpecialEducation },
            ["funding"] = new JsonObject
            {
                ["general"] = attributes?.GeneralFunding ?? generalCost,
                ["restricted"] = restrictedFunding > 0m ? new JsonArray(new JsonObject { ["purpose"] = "special education", ["amount"] = restrictedFunding }) : new JsonArray(),
                ["grants"] = grants,
            },
            ["positions"] = new JsonArray([.. staff.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.PositionNumber,
                ["title"] = p.JobTitle,
                ["role"] = p.Rule.Role,
                ["category"] = p.Rule.Category,
                ["fte"] = p.Fte,
                ["salary"] = p.Salary,
                ["benefits"] = p.Benefits,
                ["funding"] = p.Rule.Restricted ? FundingSources.Restricted : FundingSources.General,
                ["restricted"] = p.Rule.Restricted,
                ["vacant"] = p.Vacant,
            })]),
        };
    }

    private static List<RosterPosition> ReadRoster(string path, RosterMapping mapping, List<Diagnostic> problems, out IReadOnlyList<UnmappedTitle> unmapped)
    {
        var columns = mapping.Columns.Roster;
        var positions = new List<RosterPosition>();
        var missing = new List<(string Title, string Code, decimal Fte, string School)>();
        foreach (var row in Rows(path, [columns.PositionNumber, columns.SchoolId, columns.Fte, columns.Salary, columns.Benefits, columns.JobTitle], problems))
        {
            var title = row.Get(columns.JobTitle);
            var code = columns.JobCode is null ? "" : row.Get(columns.JobCode);
            var fte = row.Number(columns.Fte, problems);
            var salary = row.Number(columns.Salary, problems);
            var benefits = row.Number(columns.Benefits, problems);
            if (fte is null || salary is null || benefits is null)
            {
                continue;
            }

            var rule = mapping.Positions.FirstOrDefault(r => r.Matches(title, code));
            if (rule is null)
            {
                missing.Add((title, code, fte.Value, row.Get(columns.SchoolId)));
                continue;
            }

            var vacant = columns.Vacant is not null && row.Get(columns.Vacant).Trim().ToUpperInvariant() is "Y" or "YES" or "TRUE" or "1";
            positions.Add(new RosterPosition(row.Get(columns.PositionNumber), row.Get(columns.SchoolId), columns.SchoolName is null ? null : row.Get(columns.SchoolName),
                title, fte.Value, salary.Value, benefits.Value, vacant, rule));
        }

        unmapped = missing
            .GroupBy(m => (m.Title, m.Code))
            .Select(g => new UnmappedTitle(g.Key.Title, g.Key.Code, g.Sum(m => m.Fte), g.Select(m => m.School).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(u => u.Fte).ThenBy(u => u.JobTitle, StringComparer.Ordinal)
            .ToList();
        return positions;
    }

    private static Dictionary<string, EnrollmentRow> ReadEnrollment(string path, EnrollmentColumns columns, List<Diagnostic> problems)
    {
        var rows = new Dictionary<string, EnrollmentRow>(StringComparer.Ordinal);
        foreach (var row in Rows(path, [columns.SchoolId, columns.Students], problems))
        {
            var students = row.Number(columns.Students, problems);
            var special = columns.SpecialEducation is null ? 0m : row.Number(columns.SpecialEducation, problems) ?? 0m;
            if (students is not null)
            {
                rows[row.Get(columns.SchoolId)] = new EnrollmentRow((int)students.Value, (int)special);
            }
        }

        return rows;
    }

    private static Dictionary<string, AttributeRow> ReadAttributes(string path, AttributeColumns columns, List<Diagnostic> problems)
    {
        var rows = new Dictionary<string, AttributeRow>(StringComparer.Ordinal);
        foreach (var row in Rows(path, [columns.SchoolId], problems))
        {
            var grantName = row.Optional(columns.GrantName);
            GrantRow? grant = null;
            if (!string.IsNullOrWhiteSpace(grantName))
            {
                var amount = row.Number(columns.GrantAnnualAmount, problems);
                var start = row.Number(columns.GrantStartYear, problems);
                var end = row.Number(columns.GrantEndYear, problems);
                grant = amount is null || start is null || end is null ? null : new GrantRow(grantName, amount.Value, (int)start.Value, (int)end.Value);
            }

            var archetypes = (row.Optional(columns.Archetypes) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            rows[row.Get(columns.SchoolId)] = new AttributeRow(archetypes,
                string.IsNullOrWhiteSpace(row.Optional(columns.GeneralFunding)) ? null : row.Number(columns.GeneralFunding, problems),
                string.IsNullOrWhiteSpace(row.Optional(columns.RestrictedFunding)) ? null : row.Number(columns.RestrictedFunding, problems),
                grant);
        }

        return rows;
    }

    /// <summary>Reads a CSV with a header row; a missing required column is one error for the file, not one per row.</summary>
    private static IEnumerable<CsvRowView> Rows(string path, IReadOnlyList<string> required, List<Diagnostic> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.PathNotFound, "file not found; check the path"));
            yield break;
        }

        using var text = new StreamReader(path);
        using var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
        if (!csv.Read())
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.RosterInvalid, "the file is empty; it needs a header row and data rows"));
            yield break;
        }

        var headers = csv.Headers.ToList();
        var absent = required.Where(c => !headers.Contains(c, StringComparer.Ordinal)).ToList();
        if (absent.Count > 0)
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.RosterInvalid,
                $"column {string.Join(", ", absent.Select(a => $"'{a}'"))} not found; the header has {string.Join(", ", headers.Select(h => $"'{h}'"))}; fix the file or the column names in the mapping", 1, 1));
            yield break;
        }

        do
        {
            yield return new CsvRowView(DisplayPath.Of(path), (int)csv.LineNumber, headers, headers.ToDictionary(h => h, h => csv.GetString(h) ?? "", StringComparer.Ordinal));
        }
        while (csv.Read());
    }

    private sealed record RosterPosition(string PositionNumber, string SchoolId, string? SchoolName, string JobTitle, decimal Fte, decimal Salary, decimal Benefits, bool Vacant, PositionRule Rule);

    private sealed record EnrollmentRow(int Students, int SpecialEducation);

    private sealed record GrantRow(string Name, decimal AnnualAmount, int StartYear, int EndYear);

    private sealed record AttributeRow(IReadOnlyList<string> Archetypes, decimal? GeneralFunding, decimal? RestrictedFunding, GrantRow? Grant);

    private sealed record CsvRowView(string File, int Line, IReadOnlyList<string> Headers, IReadOnlyDictionary<string, string> Values)
    {
        public string Get(string column) => Values.GetValueOrDefault(column) ?? "";

        public string? Optional(string column) => Values.GetValueOrDefault(column);

        public decimal? Number(string column, List<Diagnostic> problems)
        {
            var text = Get(column).Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0m)
            {
                return value;
            }

            var column1 = Headers.ToList().IndexOf(column) + 1;
            problems.Add(Diagnostic.Error(File, ErrorCodes.RosterInvalid, $"{column}: '{Get(column)}' is not a number of zero or more; the row was skipped", Line, column1));
            return null;
        }
    }
}
