namespace PluginHost.Inputs.Roster;

// import-report.json is this model, serialised. Every roster row and every enrollment row ends in exactly one of
// its lists or counts, so a CFO can check that nothing was lost: rows read = mapped + in units that are not
// schools + unmapped + rejected, and students in the enrollment file = students written + students named.

/// <summary>What one import did with every row it read, and the files it wrote (which <c>--clean</c> removes next time).</summary>
internal sealed record ImportReport
{
    public const string FileName = "import-report.json";

    public required ImportInputs Inputs { get; init; }
    public required RowCounts Rows { get; init; }
    public required StudentCounts Students { get; init; }
    public required IReadOnlyList<WrittenSchool> SchoolsWritten { get; init; }
    public required IReadOnlyList<NamedSchool> SchoolsNotWritten { get; init; }
    public required IReadOnlyList<WrittenSchool> InsufficientStaffingData { get; init; }
    public required IReadOnlyList<NonSchoolUnit> NotSchools { get; init; }
    public required IReadOnlyList<UnmappedTitle> UnmappedTitles { get; init; }
    public required IReadOnlyList<RejectedRow> RejectedRows { get; init; }
    public required IReadOnlyList<RepeatedPosition> RepeatedPositionNumbers { get; init; }

    /// <summary>File names (inside the output folder) this import wrote, the report itself excluded.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public bool Complete => RejectedRows.Count == 0 && SchoolsNotWritten.All(s => s.Reason == NamedSchool.NoPositions);
}

internal sealed record ImportInputs(string Roster, string Enrollment, string Mapping, string? Attributes, bool Strict, InputEncodings Encodings);

/// <summary>
/// The encoding each file was read in: "utf-8", or the mapping's <c>legacyEncoding</c> for a file that is not UTF-8
/// (a name written in one code page and read in another would be misspelled on every memo, so the report says which).
/// </summary>
internal sealed record InputEncodings(string Roster, string Enrollment, string? Attributes);

/// <summary>Roster rows by what became of them; the four parts add up to <see cref="Read"/>.</summary>
internal sealed record RowCounts(int Read, int Mapped, int NotSchools, int Unmapped, int Rejected);

/// <summary>Students in the enrollment file, written into profiles or named in the report with a reason.</summary>
internal sealed record StudentCounts(int InEnrollmentFile, int Written, int Named);

internal sealed record WrittenSchool(string SchoolId, string Name, string File, int Students, int Positions, decimal Fte, decimal TeachingFte);

/// <summary>A school in the enrollment file that got no profile, and why.</summary>
internal sealed record NamedSchool(string SchoolId, int Students, string Reason, string Detail)
{
    public const string NoPositions = "no positions in the roster";
    public const string InvalidProfile = "its profile would not be valid";
    public const string DuplicateEnrollmentRow = "a second enrollment row for the same school id";
}

/// <summary>A roster department with positions but no enrollment: a central office or other unit, not a school.</summary>
internal sealed record NonSchoolUnit(string Id, string Name, int Rows, decimal Fte)
{
    /// <summary>
    /// The enrollment file's school id with the same number but for leading zeros ("0610002" and "610002"), when there
    /// is one: most likely one school whose id a spreadsheet wrote two ways, named rather than guessed at.
    /// </summary>
    public string? SameNumberAs { get; init; }
}

/// <summary>A job title no mapping rule matched, with how much staff it stands for.</summary>
internal sealed record UnmappedTitle(string JobTitle, string JobCode, decimal Fte, int Rows, int Schools);

internal sealed record RejectedRow(string File, int Line, string Reason);

/// <summary>One position number used on several rows of one school: each row kept as its own position.</summary>
internal sealed record RepeatedPosition(string SchoolId, string PositionNumber, IReadOnlyList<int> Lines, IReadOnlyList<string> Ids);

/// <summary>The report as the lines `import roster` prints: what was read, where every row and student went.</summary>
internal static class ImportReportText
{
    /// <summary>Up to this many profiles, each written file gets its own line; past it, only the counts.</summary>
    public const int FilesListedUpTo = 20;

    /// <summary>How many units, titles or schools each list shows on the terminal; import-report.json has them all.</summary>
    public const int ListedUpTo = 10;

    public static IEnumerable<string> Lines(ImportReport report, string outDisplay)
    {
        var (inputs, encodings) = (report.Inputs, report.Inputs.Encodings);
        foreach (var (file, encoding) in new[] { (inputs.Roster, encodings.Roster), (inputs.Enrollment, encodings.Enrollment), (inputs.Attributes, encodings.Attributes) })
        {
            if (encoding is not null && encoding != CsvTable.Utf8)
            {
                yield return $"read {file} as {encoding}, as the mapping's legacyEncoding says: it is not UTF-8 text";
            }
        }

        if (report.SchoolsWritten.Count <= FilesListedUpTo)
        {
            foreach (var school in report.SchoolsWritten)
            {
                yield return $"wrote {outDisplay}/{school.File}";
            }
        }

        if (report.UnmappedTitles.Count > 0)
        {
            yield return "unmapped job titles (add a pattern to the mapping to include them):";
            foreach (var title in report.UnmappedTitles.Take(ListedUpTo))
            {
                yield return I($"  {title.JobTitle}{(title.JobCode.Length > 0 ? $" (code {title.JobCode})" : "")}: {title.Fte:0.0#} FTE in {Count(title.Schools, "school")}");
            }

            if (report.UnmappedTitles.Count > ListedUpTo)
            {
                yield return I($"  and {report.UnmappedTitles.Count - ListedUpTo} more titles ({report.UnmappedTitles.Skip(ListedUpTo).Sum(t => t.Fte):0.0#} FTE)");
            }
        }

        if (report.NotSchools.Count > 0)
        {
            yield return I($"not schools (positions but no enrollment; left out): {Count(report.NotSchools.Count, "unit")}, {report.NotSchools.Sum(u => u.Fte):#,0.0#} FTE, for example {string.Join(", ", report.NotSchools.OrderByDescending(u => u.Fte).Take(3).Select(u => u.Name.Length > 0 ? $"{u.Name} ({u.Id})" : u.Id))}");
        }

        var twoWays = report.NotSchools.Where(u => u.SameNumberAs is not null).ToList();
        if (twoWays.Count > 0)
        {
            yield return I($"ids written two ways (leading zeros): {string.Join(", ", twoWays.Take(ListedUpTo).Select(u => $"{u.Id} in the roster, {u.SameNumberAs} in the enrollment file"))}{(twoWays.Count > ListedUpTo ? $" and {twoWays.Count - ListedUpTo} more" : "")}; the roster's rows under these ids were left out (see the warnings)");
        }

        foreach (var school in report.SchoolsNotWritten.Take(ListedUpTo))
        {
            yield return I($"no profile for school {school.SchoolId} ({Count(school.Students, "student")}): {school.Reason}; {school.Detail}");
        }

        if (report.SchoolsNotWritten.Count > ListedUpTo)
        {
            yield return I($"and {report.SchoolsNotWritten.Count - ListedUpTo} more schools without a profile (see {ImportReport.FileName})");
        }

        if (report.InsufficientStaffingData.Count > 0)
        {
            yield return I($"insufficient staffing data: {Count(report.InsufficientStaffingData.Count, "school")} written with no teaching staff on the roster: {string.Join(", ", report.InsufficientStaffingData.Take(ListedUpTo).Select(s => s.SchoolId))}{(report.InsufficientStaffingData.Count > ListedUpTo ? " …" : "")}");
        }

        var rows = report.Rows;
        yield return I($"roster: {Count(rows.Read, "row")} read: {rows.Mapped:#,0} mapped into profiles, {rows.NotSchools:#,0} in units that are not schools, {rows.Unmapped:#,0} unmapped, {rows.Rejected:#,0} rejected");
        if (report.RepeatedPositionNumbers.Count > 0)
        {
            yield return I($"repeated position numbers: {Count(report.RepeatedPositionNumbers.Count, "number")} on {report.RepeatedPositionNumbers.Sum(r => r.Lines.Count):#,0} rows{(report.Inputs.Strict ? "; --strict kept the first row of each" : "; each row kept as its own position")}");
        }

        var students = report.Students;
        yield return I($"students: {students.InEnrollmentFile:#,0} in the enrollment file: {students.Written:#,0} in {Count(report.SchoolsWritten.Count, "profile")} written, {students.Named:#,0} in {Count(report.SchoolsNotWritten.Count, "school")} named without one");
        yield return I($"{Count(report.SchoolsWritten.Count, "profile")} written, {report.UnmappedTitles.Sum(u => u.Fte):#,0.0#} FTE unmapped{(report.Complete ? "; every row is accounted for" : $"; {Count(report.RejectedRows.Count, "row")} rejected{ByFile(report.RejectedRows)} (see {ImportReport.FileName})")}");
    }

    /// <summary>
    /// Which file the rejected rows are in: the roster line above counts only the roster's, so "58 rows rejected" under
    /// "51 rejected" read as a contradiction until the enrollment file's 7 were named.
    /// </summary>
    private static string ByFile(IReadOnlyList<RejectedRow> rows)
    {
        var files = rows.GroupBy(r => r.File, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        return files.Count == 1 ? $" in {files[0].Key}" : ": " + string.Join(", ", files.Select(g => I($"{g.Count():#,0} in {g.Key}")));
    }

    private static string Count(int n, string noun) => Formatting.Formats.Count(n, noun, noun + "s", System.Globalization.CultureInfo.InvariantCulture);

    private static string I(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
