using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Diagnostics;

namespace PluginHost.Inputs.Roster;

internal sealed record RosterImportRequest(string Roster, string Enrollment, string Mapping, string? Attributes, string OutDirectory, bool Strict = false, bool Clean = false);

/// <summary>The report (null when the inputs could not be read at all) and every problem, warnings included.</summary>
internal sealed record RosterImportResult(ImportReport? Report, IReadOnlyList<Diagnostic> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);
}

/// <summary>
/// Builds school profiles from the data a finance office already has: a position roster and an enrollment file
/// joined on school id, a JSON mapping of job titles and codes to categories and roles, and optional attributes
/// (archetypes, funding, a grant). Real rosters are messy, so nothing is dropped quietly: every row is mapped, counted
/// as a unit that is not a school, listed as unmapped or rejected with its file, line and column, and every school
/// in the enrollment file is written or named with its reason in import-report.json.
/// </summary>
internal sealed class RosterImporter
{
    /// <summary>What a roster never carries; each imported profile says so, and its memo states it where it matters.</summary>
    public static readonly IReadOnlyList<string> RosterLacks = [MissingData.NonPersonnel, MissingData.Devices, MissingData.Startup];

    // Names are written as they read ("Escuela Bolívar", not "Escuela Bol\u00EDvar"): an analyst opens these files to check and edit them.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
        var problems = new List<Diagnostic>();
        var previous = CheckOutDirectory(request, problems);
        var mapping = LoadMapping(request.Mapping, problems);
        if (mapping is null || problems.Any(p => p.Severity == Severity.Error))
        {
            return new RosterImportResult(null, problems);
        }

        var c = mapping.Columns;
        var legacy = mapping.LegacyEncoding is { } encoding ? LegacyEncoding.Of(encoding) : null;
        using var rosterTable = CsvTable.Open(request.Roster, [c.Roster.PositionNumber, c.Roster.SchoolId, c.Roster.Fte, c.Roster.Salary, c.Roster.Benefits, c.Roster.JobTitle], problems, legacy);
        using var enrollmentTable = CsvTable.Open(request.Enrollment, [c.Enrollment.SchoolId, c.Enrollment.Students], problems, legacy);
        using var attributesTable = request.Attributes is null ? null : CsvTable.Open(request.Attributes, [c.Attributes.SchoolId], problems, legacy);
        if (rosterTable is null || enrollmentTable is null || (request.Attributes is not null && attributesTable is null))
        {
            // A missing file or column: whatever was written would be wrong, so nothing is.
            return new RosterImportResult(null, problems);
        }

        var rejected = new List<RejectedRow>();
        var enrollment = ReadEnrollment(enrollmentTable, c.Enrollment, problems, rejected, out var enrollmentTotal, out var duplicateStudents);
        var attributes = attributesTable is null ? [] : ReadAttributes(attributesTable, c.Attributes, problems);
        var roster = ReadRoster(rosterTable, mapping, problems, rejected);

        var byUnit = roster.Rows.GroupBy(r => r.SchoolId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var notSchools = byUnit.Where(u => !enrollment.ContainsKey(u.Key))
            .Select(u => new NonSchoolUnit(u.Key, u.Value.Select(r => r.SchoolName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? "", u.Value.Count, u.Value.Sum(r => r.Fte)))
            .OrderBy(u => u.Id, StringComparer.Ordinal)
            .Select(u => u with { SameNumberAs = SameNumber(u.Id, enrollment) })
            .ToList();
        var sameNumber = notSchools.Where(u => u.SameNumberAs is not null).ToDictionary(u => u.SameNumberAs!, StringComparer.Ordinal);

        var unmapped = byUnit.Where(u => enrollment.ContainsKey(u.Key))
            .SelectMany(u => u.Value.Where(r => r.Rule is null))
            .GroupBy(r => (r.JobTitle, r.JobCode))
            .Select(g => new UnmappedTitle(g.Key.JobTitle, g.Key.JobCode, g.Sum(r => r.Fte), g.Count(), g.Select(r => r.SchoolId).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(u => u.Fte).ThenBy(u => u.JobTitle, StringComparer.Ordinal)
            .ToList();

        var written = new List<(WrittenSchool School, string Text)>();
        var notWritten = new List<NamedSchool>(duplicateStudents);
        var repeats = new List<RepeatedPosition>();
        foreach (var (schoolId, students) in enrollment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var rows = byUnit.GetValueOrDefault(schoolId)?.Where(r => r.Rule is not null).ToList() ?? [];
            var elsewhere = sameNumber.GetValueOrDefault(schoolId);
            if (elsewhere is not null)
            {
                problems.Add(Diagnostic.Warning(DisplayPath.Of(request.Enrollment), ErrorCodes.RosterInvalid,
                    $"school '{schoolId}': {SameNumberText(elsewhere)}", students.Line, 1));
            }

            if (rows.Count == 0)
            {
                var unmappedHere = byUnit.GetValueOrDefault(schoolId)?.Count ?? 0;
                var detail = unmappedHere switch
                {
                    0 => "the roster has no row for this school id",
                    1 => "the roster's 1 row for this school is an unmapped title",
                    _ => FormattableString.Invariant($"the roster's {unmappedHere:#,0} rows for this school are all unmapped titles"),
                };
                notWritten.Add(new NamedSchool(schoolId, students.Students, NamedSchool.NoPositions, elsewhere is null ? detail : $"{detail}; {SameNumberText(elsewhere)}"));
                continue;
            }

            var positions = AssignIds(schoolId, rows, request.Strict, request.Roster, problems, rejected, repeats);
            var profile = BuildProfile(schoolId, positions, students, attributes.GetValueOrDefault(schoolId), mapping.FiscalYear, request.OutDirectory);
            var fileName = ProfileFileName(schoolId);
            var text = profile.ToJsonString(Indented) + "\n";
            try
            {
                _inputs.LoadProfile(new JsonSource(Path.Combine(request.OutDirectory, fileName), Newtonsoft.Json.Linq.JToken.Parse(text)));
            }
            catch (DiagnosticException ex)
            {
                // The profile was never written, so its errors are re-pointed at the enrollment row that asked for it.
                var reasons = string.Join("; ", ex.Diagnostics.Select(d => d.Message));
                problems.Add(Diagnostic.Error(DisplayPath.Of(request.Enrollment), ErrorCodes.RosterInvalid,
                    $"school '{schoolId}': no profile written, because the profile built from its roster rows is not valid: {reasons}", students.Line, 1));
                notWritten.Add(new NamedSchool(schoolId, students.Students, NamedSchool.InvalidProfile, reasons));
                continue;
            }

            var teaching = positions.Where(p => p.Row.Rule!.Category == Categories.Teaching && !p.Row.Vacant).Sum(p => p.Row.Fte);
            written.Add((new WrittenSchool(schoolId, (string)profile["name"]!, fileName, students.Students, positions.Count, positions.Sum(p => p.Row.Fte), teaching), text));
        }

        var insufficient = written.Select(w => w.School).Where(s => s.TeachingFte == 0m).ToList();
        foreach (var school in insufficient)
        {
            problems.Add(Diagnostic.Warning(DisplayPath.Of(request.Enrollment), ErrorCodes.RosterInvalid,
                $"school '{school.SchoolId}' ({school.Name}): no teaching staff on the roster; its profile is written and marked as insufficient staffing data (teachers paid outside this payroll, for example a charter, must be added by hand)",
                enrollment[school.SchoolId].Line, 1));
        }

        RemovePrevious(request.OutDirectory, previous);

        foreach (var (school, text) in written)
        {
            Io.AtomicFile.Write(Path.Combine(request.OutDirectory, school.File), text);
        }

        // Under --strict the later rows of a repeated position number were rejected, so they are not mapped rows.
        var strictlyRejected = request.Strict ? repeats.Sum(r => r.Lines.Count - 1) : 0;
        var mappedRows = roster.Rows.Count(r => r.Rule is not null && enrollment.ContainsKey(r.SchoolId)) - strictlyRejected;
        var report = new ImportReport
        {
            Inputs = new ImportInputs(Path.GetFileName(request.Roster), Path.GetFileName(request.Enrollment), Path.GetFileName(request.Mapping),
                request.Attributes is null ? null : Path.GetFileName(request.Attributes), request.Strict,
                new InputEncodings(rosterTable.ReadAs, enrollmentTable.ReadAs, attributesTable?.ReadAs)),
            Rows = new RowCounts(roster.Read, mappedRows, notSchools.Sum(u => u.Rows), unmapped.Sum(u => u.Rows), rejected.Count(r => r.File == DisplayPath.Of(request.Roster))),
            Students = new StudentCounts(enrollmentTotal, written.Sum(w => w.School.Students), notWritten.Sum(n => n.Students)),
            SchoolsWritten = written.Select(w => w.School).ToList(),
            SchoolsNotWritten = notWritten.OrderBy(n => n.SchoolId, StringComparer.Ordinal).ToList(),
            InsufficientStaffingData = insufficient,
            NotSchools = notSchools,
            UnmappedTitles = unmapped,
            RejectedRows = rejected.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line).ToList(),
            RepeatedPositionNumbers = repeats,
            Files = written.Select(w => w.School.File).ToList(),
        };
        Io.AtomicFile.Write(Path.Combine(request.OutDirectory, ImportReport.FileName), JsonSerializer.Serialize(report, Io.Json.Web) + "\n");
        return new RosterImportResult(report, problems);
    }

    /// <summary>A real roster repeats hundreds of numbers; the terminal shows this many, the report has them all.</summary>
    private const int RepeatsPrinted = 20;

    private static string ProfileFileName(string schoolId) => $"school-{Slug(schoolId)}.json";

    private static string Slug(string id)
    {
        var slug = new string(id.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return slug.Length == 0 ? "unnamed" : slug;
    }

    /// <summary>
    /// A non-empty output folder is refused unless <c>--clean</c>; with it, the files the previous import listed in
    /// its report are removed later (only those), so a re-import never leaves a stale profile behind.
    /// </summary>
    private static ImportReport? CheckOutDirectory(RosterImportRequest request, List<Diagnostic> problems)
    {
        var folder = request.OutDirectory;
        if (File.Exists(folder))
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.Usage, "--out: this is a file, not a folder; name a folder for the profiles"));
            return null;
        }

        if (!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return null;
        }

        var reportPath = Path.Combine(folder, ImportReport.FileName);
        if (!request.Clean)
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.Usage,
                File.Exists(reportPath)
                    ? "--out: the folder holds an earlier import; pass --clean to replace the profiles it wrote, or choose an empty folder"
                    : "--out: the folder is not empty; choose an empty folder (profiles left from elsewhere would be evaluated with the imported ones)"));
            return null;
        }

        if (!File.Exists(reportPath))
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(folder), ErrorCodes.Usage,
                $"--clean: the folder has no {ImportReport.FileName}, so nothing tells which files an earlier import wrote; choose an empty folder"));
            return null;
        }

        try
        {
            return Io.Json.ReadFile<ImportReport>(reportPath);
        }
        catch (JsonException ex)
        {
            problems.Add(Diagnostic.Error(DisplayPath.Of(reportPath), ErrorCodes.Usage, $"--clean: the earlier import's report cannot be read ({ex.Message}); choose an empty folder"));
            return null;
        }
    }

    private static void RemovePrevious(string folder, ImportReport? previous)
    {
        foreach (var name in previous?.Files ?? [])
        {
            // Only plain file names inside this folder: a report edited to name "../x" deletes nothing outside it.
            if (name != Path.GetFileName(name) || name is "." or ".." || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            File.Delete(Path.Combine(folder, name));
        }
    }

    /// <summary>The enrollment file's id that is <paramref name="unit"/> but for leading zeros, if there is one.</summary>
    private static string? SameNumber<T>(string unit, IReadOnlyDictionary<string, T> enrollment)
    {
        var number = unit.TrimStart('0');
        if (number.Length == 0)
        {
            return null;
        }

        foreach (var id in enrollment.Keys)
        {
            if (id != unit && id.Length != unit.Length && id.TrimStart('0') == number)
            {
                return id;
            }
        }

        return null;
    }

    private static string SameNumberText(NonSchoolUnit unit) =>
        FormattableString.Invariant($"the roster also has {Formatting.Formats.Count(unit.Rows, "row", "rows", System.Globalization.CultureInfo.InvariantCulture)} ({unit.Fte:#,0.0#} FTE) under '{unit.Id}'{(unit.Name.Length > 0 ? $" ({unit.Name})" : "")}, the same number with leading zeros, left out as a unit that is not a school; if {(unit.Rows == 1 ? "it is" : "they are")} this school's, write the id the same way in both files (a spreadsheet drops leading zeros from a column it reads as numbers)");

    private RosterMapping? LoadMapping(string path, List<Diagnostic> problems)
    {
        try
        {
            var (mapping, _) = _reader.Read<RosterMapping>(path, "roster-mapping.schema.json", ErrorCodes.RosterInvalid);
            var compiled = new List<PositionRule>();
            JsonSource? located = null;
            for (var i = 0; i < mapping.Positions.Count; i++)
            {
                try
                {
                    compiled.Add(mapping.Positions[i].Compile());
                }
                catch (InvalidPatternException ex)
                {
                    // The mapping was read without line numbers; read it once more with them to point at the pattern.
                    located ??= JsonInputReader.Parse(path, ErrorCodes.InputNotJson);
                    problems.Add(located.Error($"positions[{i}].{ex.Field}", ErrorCodes.RosterInvalid,
                        $"positions[{i}].{ex.Field}: '{ex.Pattern}' is not a valid regular expression ({ex.Message}); escape special characters such as ( ) [ ] with a backslash"));
                }
            }

            return mapping with { Positions = compiled };
        }
        catch (DiagnosticException ex)
        {
            problems.AddRange(ex.Diagnostics);
            return null;
        }
    }

    private sealed record RosterRow(int Line, string PositionNumber, string SchoolId, string? SchoolName, string JobTitle, string JobCode, decimal Fte, decimal Salary, decimal Benefits, bool Vacant, PositionRule? Rule);

    private sealed record RosterRead(int Read, IReadOnlyList<RosterRow> Rows);

    private sealed record PlacedPosition(string Id, RosterRow Row);

    private sealed record EnrollmentRow(int Line, int Students, int SpecialEducation);

    private sealed record GrantRow(string Name, decimal AnnualAmount, int StartYear, int EndYear);

    private sealed record AttributeRow(IReadOnlyList<string> Archetypes, decimal? GeneralFunding, decimal? RestrictedFunding, GrantRow? Grant);

    private static RosterRead ReadRoster(CsvTable table, RosterMapping mapping, List<Diagnostic> problems, List<RejectedRow> rejected)
    {
        var columns = mapping.Columns.Roster;
        var rows = new List<RosterRow>();
        var read = 0;
        foreach (var row in table.Rows())
        {
            read++;
            var schoolId = row.Get(columns.SchoolId).Trim();
            if (schoolId.Length == 0)
            {
                Reject(row, columns.SchoolId, $"{columns.SchoolId}: empty; every row needs the id of its school or department; the row was rejected", problems, rejected);
                continue;
            }

            if (!row.TryNumber(columns.Fte, 0m, 1.5m, out var fte, out var fteProblem)
                | !row.TryNumber(columns.Salary, 0m, 10_000_000m, out var salary, out var salaryProblem)
                | !row.TryNumber(columns.Benefits, 0m, 10_000_000m, out var benefits, out var benefitsProblem))
            {
                var first = fteProblem ?? salaryProblem ?? benefitsProblem!;
                problems.AddRange(new[] { fteProblem, salaryProblem, benefitsProblem }.OfType<Diagnostic>());
                rejected.Add(new RejectedRow(row.File, row.Line, first.Message));
                continue;
            }

            var title = row.Get(columns.JobTitle).Trim();
            var code = row.Optional(columns.JobCode)?.Trim() ?? "";
            PositionRule? rule;
            try
            {
                rule = mapping.Positions.FirstOrDefault(r => r.Matches(title, code));
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException ex)
            {
                Reject(row, columns.JobTitle, $"{columns.JobTitle}: the mapping pattern '{ex.Pattern}' took longer than {PositionRule.MatchTimeout.TotalSeconds:0} s on this title; simplify the pattern; the row was rejected", problems, rejected);
                continue;
            }

            var vacant = row.Optional(columns.Vacant)?.Trim().ToUpperInvariant() is "Y" or "YES" or "TRUE" or "1";
            rows.Add(new RosterRow(row.Line, row.Get(columns.PositionNumber).Trim(), schoolId, row.Optional(columns.SchoolName)?.Trim(), title, code, fte, salary, benefits, vacant, rule));
        }

        return new RosterRead(read, rows);
    }

    private static void Reject(CsvRow row, string column, string message, List<Diagnostic> problems, List<RejectedRow> rejected)
    {
        problems.Add(row.Problem(column, message));
        rejected.Add(new RejectedRow(row.File, row.Line, message));
    }

    /// <summary>
    /// Two rows with one position number are normal in a real roster (a shared post, or a repeated row): each stays
    /// its own position, the later ones numbered "-2", "-3", and one warning names every line. With --strict the
    /// repeats are errors and are left out.
    /// </summary>
    private static List<PlacedPosition> AssignIds(string schoolId, List<RosterRow> rows, bool strict, string rosterPath, List<Diagnostic> problems, List<RejectedRow> rejected, List<RepeatedPosition> repeats)
    {
        var used = new HashSet<string>(rows.Select(r => r.PositionNumber), StringComparer.Ordinal);
        var placed = new List<PlacedPosition>();
        foreach (var group in rows.GroupBy(r => r.PositionNumber.Length == 0 ? $"line-{r.Line}" : r.PositionNumber, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var ids = new List<string> { group.Key };
            placed.Add(new PlacedPosition(group.Key, members[0]));
            for (var i = 1; i < members.Count; i++)
            {
                if (strict)
                {
                    continue;
                }

                var n = i + 1;
                var id = $"{group.Key}-{n}";
                while (!used.Add(id))
                {
                    id = $"{group.Key}-{++n}";
                }

                ids.Add(id);
                placed.Add(new PlacedPosition(id, members[i]));
            }

            if (members.Count > 1)
            {
                var lines = members.Select(m => m.Line).ToList();
                var listed = string.Join(", ", lines.Take(lines.Count - 1)) + " and " + lines[^1];
                var message = strict
                    ? $"position number '{group.Key}' at school '{schoolId}' is on lines {listed}; --strict keeps only line {lines[0]} and rejects the rest"
                    : $"position number '{group.Key}' at school '{schoolId}' is on lines {listed}; each row is kept as its own position ({string.Join(", ", ids)})";
                if (repeats.Count < RepeatsPrinted)
                {
                    problems.Add(new Diagnostic(DisplayPath.Of(rosterPath), lines[1], 1, ErrorCodes.RosterInvalid, message, strict ? Severity.Error : Severity.Warning));
                }
                else if (repeats.Count == RepeatsPrinted)
                {
                    problems.Add(new Diagnostic(DisplayPath.Of(rosterPath), null, null, ErrorCodes.RosterInvalid,
                        $"more repeated position numbers than the first {RepeatsPrinted} shown; {ImportReport.FileName} lists every one with its lines", strict ? Severity.Error : Severity.Warning));
                }

                repeats.Add(new RepeatedPosition(schoolId, group.Key, lines, ids));
                if (strict)
                {
                    rejected.AddRange(lines.Skip(1).Select(l => new RejectedRow(DisplayPath.Of(rosterPath), l, $"repeated position number '{group.Key}' (--strict)")));
                }
            }
        }

        return placed;
    }

    private static Dictionary<string, EnrollmentRow> ReadEnrollment(CsvTable table, EnrollmentColumns columns, List<Diagnostic> problems, List<RejectedRow> rejected, out int total, out List<NamedSchool> duplicates)
    {
        var rows = new Dictionary<string, EnrollmentRow>(StringComparer.Ordinal);
        duplicates = [];
        total = 0;
        foreach (var row in table.Rows())
        {
            var schoolId = row.Get(columns.SchoolId).Trim();
            if (schoolId.Length == 0)
            {
                Reject(row, columns.SchoolId, $"{columns.SchoolId}: empty; the row was rejected", problems, rejected);
                continue;
            }

            if (!row.TryNumber(columns.Students, 0m, 1_000_000m, out var students, out var problem) || students != decimal.Truncate(students))
            {
                Reject(row, columns.Students, problem?.Message ?? $"{columns.Students}: {students} is not a whole number of students; the row was rejected", problems, rejected);
                continue;
            }

            var special = 0m;
            if (columns.SpecialEducation is { } specialColumn && row.Get(specialColumn).Trim().Length > 0 && !row.TryNumber(specialColumn, 0m, students, out special, out var specialProblem))
            {
                Reject(row, specialColumn, specialProblem!.Message, problems, rejected);
                continue;
            }

            total += (int)students;
            if (rows.TryGetValue(schoolId, out var first))
            {
                var message = $"{columns.SchoolId}: school '{schoolId}' is also on line {first.Line}; one row per school; this row ({(int)students} students) was rejected and the school uses line {first.Line}";
                problems.Add(row.Problem(columns.SchoolId, message));
                rejected.Add(new RejectedRow(row.File, row.Line, message));
                duplicates.Add(new NamedSchool(schoolId, (int)students, NamedSchool.DuplicateEnrollmentRow, $"line {row.Line} repeats line {first.Line}"));
                continue;
            }

            rows[schoolId] = new EnrollmentRow(row.Line, (int)students, (int)special);
        }

        return rows;
    }

    private static Dictionary<string, AttributeRow> ReadAttributes(CsvTable table, AttributeColumns columns, List<Diagnostic> problems)
    {
        var rows = new Dictionary<string, AttributeRow>(StringComparer.Ordinal);
        foreach (var row in table.Rows())
        {
            decimal? Money(string column)
            {
                if (string.IsNullOrWhiteSpace(row.Optional(column)))
                {
                    return null;
                }

                if (row.TryNumber(column, 0m, 10_000_000_000m, out var value, out var problem))
                {
                    return value;
                }

                problems.Add(problem!);
                return null;
            }

            GrantRow? grant = null;
            if (row.Optional(columns.GrantName) is { } grantName && !string.IsNullOrWhiteSpace(grantName))
            {
                var amount = Money(columns.GrantAnnualAmount);
                var start = Money(columns.GrantStartYear);
                var end = Money(columns.GrantEndYear);
                grant = amount is null || start is null || end is null ? null : new GrantRow(grantName.Trim(), amount.Value, (int)start.Value, (int)end.Value);
            }

            var archetypes = (row.Optional(columns.Archetypes) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            rows[row.Get(columns.SchoolId).Trim()] = new AttributeRow(archetypes, Money(columns.GeneralFunding), Money(columns.RestrictedFunding), grant);
        }

        return rows;
    }

    private JsonObject BuildProfile(string schoolId, List<PlacedPosition> staff, EnrollmentRow students, AttributeRow? attributes, int fiscalYear, string outDirectory)
    {
        var generalCost = staff.Where(p => !p.Row.Rule!.Restricted).Sum(p => p.Row.Salary + p.Row.Benefits);
        var restrictedCost = staff.Where(p => p.Row.Rule!.Restricted).Sum(p => p.Row.Salary + p.Row.Benefits);
        var balanced = attributes?.GeneralFunding is null;
        var schema = Path.GetRelativePath(Path.GetFullPath(outDirectory), Path.Combine(_schemasDirectory, InputLoader.ProfileSchemaFile)).Replace('\\', '/');
        var grants = new JsonArray();
        if (attributes?.Grant is { } grant)
        {
            grants.Add(new JsonObject { ["id"] = "grant", ["name"] = grant.Name, ["kind"] = "grant", ["annualAmount"] = grant.AnnualAmount, ["startYear"] = grant.StartYear, ["endYear"] = grant.EndYear });
        }

        var missing = RosterLacks.ToList();
        if (!staff.Any(p => p.Row.Rule!.Category == Categories.Teaching && !p.Row.Vacant))
        {
            missing.Add(MissingData.TeachingStaff);
        }

        var restrictedFunding = attributes?.RestrictedFunding ?? restrictedCost;
        return new JsonObject
        {
            ["$schema"] = schema,
            ["id"] = Slug(schoolId),
            ["name"] = staff.Select(p => p.Row.SchoolName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? $"School {schoolId}",
            ["fiscalYear"] = fiscalYear,
            ["balancedBudgetAssumed"] = balanced,
            ["missingData"] = new JsonArray([.. missing.Select(m => (JsonNode)JsonValue.Create(m))]),
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
                ["id"] = p.Id,
                ["title"] = p.Row.JobTitle,
                ["role"] = p.Row.Rule!.Role,
                ["category"] = p.Row.Rule.Category,
                ["fte"] = p.Row.Fte,
                ["salary"] = p.Row.Salary,
                ["benefits"] = p.Row.Benefits,
                ["funding"] = p.Row.Rule.Restricted ? FundingSources.Restricted : FundingSources.General,
                ["restricted"] = p.Row.Rule.Restricted,
                ["vacant"] = p.Row.Vacant,
            })]),
        };
    }
}
