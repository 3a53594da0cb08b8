using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using PluginHost.Diagnostics;

namespace PluginHost.Inputs.Roster;

/// <summary>One data row of a CSV file with a header, and where it is, so every problem points at its cell.</summary>
internal sealed partial record CsvRow(string File, int Line, IReadOnlyList<string> Headers, IReadOnlyDictionary<string, string> Values)
{
    public string Get(string column) => Values.GetValueOrDefault(column) ?? "";

    public string? Optional(string? column) => column is null ? null : Values.GetValueOrDefault(column);

    public int ColumnOf(string column) => Headers.ToList().IndexOf(column) + 1;

    public Diagnostic Problem(string column, string message, Severity severity = Severity.Error) =>
        new(File, Line, ColumnOf(column), ErrorCodes.RosterInvalid, message, severity);

    /// <summary>
    /// A number as finance files write it: digits with an optional decimal point, thousands grouped by commas in
    /// threes and an optional leading dollar sign ("$142,000.50"). Anything else is refused, never guessed: "1,0" in
    /// an FTE column is a European decimal or a typo, and reading it as 10 would put ten people in one post.
    /// </summary>
    public bool TryNumber(string column, decimal min, decimal max, out decimal value, out Diagnostic? problem)
    {
        var text = Get(column).Trim();
        value = 0m;
        problem = null;
        if (!StrictNumber().IsMatch(text)
            || !decimal.TryParse(text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            var hint = text switch
            {
                ['(', .., ')'] or ['-', ..] when min >= 0m => $"; it is written as a negative amount (a minus sign or parentheses), and {column} cannot be below {min.ToString(CultureInfo.InvariantCulture)}",
                _ when text.EndsWith('%') => "; write a plain number (0.5, not 50%)",
                _ when text.Contains(',', StringComparison.Ordinal) => "; write decimals with a point (1.0, not 1,0) and group thousands in threes (1,250)",
                _ => "",
            };
            problem = Problem(column, $"{column}: '{text}' is not a number{hint}; the row was rejected");
            return false;
        }

        if (value < min || value > max)
        {
            problem = Problem(column, string.Create(CultureInfo.InvariantCulture, $"{column}: {value} is outside {min}–{max}; the row was rejected"));
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^\$?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^\$?\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictNumber();
}

/// <summary>
/// A CSV file with a header row, opened and checked before any row is read: a missing file or a missing required
/// column is one error for the file (not one per row), and the file is then not read at all.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly StreamReader _text;
    private readonly CsvReader _csv;
    private readonly string _path;
    private readonly string _display;
    private readonly List<string> _headers;

    private CsvTable(StreamReader text, CsvReader csv, string path, string display, List<string> headers, string readAs)
    {
        _text = text;
        _csv = csv;
        _path = path;
        _display = display;
        _headers = headers;
        ReadAs = readAs;
    }

    /// <summary>The encoding the file was read in: "utf-8", or the mapping's legacy encoding for a file that is not UTF-8.</summary>
    public string ReadAs { get; }

    /// <summary>The table, or null with the reason added to <paramref name="problems"/>.</summary>
    /// <param name="legacy">
    /// The mapping's legacy encoding (a spreadsheet's older "CSV" export), used only for a file that is not UTF-8: a
    /// UTF-8 file is read as UTF-8 whatever the mapping says, so "Café" never turns into "CafÃ©".
    /// </param>
    public static CsvTable? Open(string path, IReadOnlyList<string> required, List<Diagnostic> problems, LegacyEncoding? legacy = null)
    {
        var display = DisplayPath.Of(path);
        if (!File.Exists(path))
        {
            problems.Add(Diagnostic.Error(display, ErrorCodes.PathNotFound, "file not found; check the path"));
            return null;
        }

        // A roster saved in a legacy code page (Windows-1252 "Café") is refused with its line, never read with a
        // replacement character standing in for a letter of a name, unless the mapping names the code page.
        // With a legacy encoding named, the file is read once into memory to tell UTF-8 from it, and parsed from there.
        var bytes = legacy is null ? null : File.ReadAllBytes(path);
        var (encoding, readAs) = bytes is not null && !IsUtf8(bytes) ? (legacy!.Encoding, legacy.Name) : (StrictUtf8, Utf8);
        var text = bytes is null ? new StreamReader(path, encoding) : new StreamReader(new MemoryStream(bytes, writable: false), encoding);
        var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        bool any;
        try
        {
            any = ReadNext(csv, path, display, readAs);
        }
        catch (DiagnosticException ex)
        {
            problems.AddRange(ex.Diagnostics);
            Close(csv, text);
            return null;
        }

        if (!any)
        {
            problems.Add(Diagnostic.Error(display, ErrorCodes.RosterInvalid, "the file is empty; it needs a header row and data rows"));
            Close(csv, text);
            return null;
        }

        var headers = csv.Headers.ToList();
        var absent = required.Where(c => !headers.Contains(c, StringComparer.Ordinal)).ToList();
        if (absent.Count > 0)
        {
            // A header written another way ("Fte", "Annual  Salary") is the likely one: named beside the missing column.
            problems.Add(Diagnostic.Error(display, ErrorCodes.RosterInvalid,
                $"column {string.Join(", ", absent.Select(a => $"'{a}'{Suggestion.DidYouMean(a, headers)}"))} not found; the header has {string.Join(", ", headers.Select(h => $"'{h}'"))}; fix the file or the column names in the mapping", 1, 1));
            Close(csv, text);
            return null;
        }

        return new CsvTable(text, csv, path, display, headers, readAs);
    }

    /// <summary>Whether the file is UTF-8 text (or starts with a byte-order mark, which the reader follows).</summary>
    private static bool IsUtf8(byte[] bytes) => bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] || System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>How <see cref="ReadAs"/> names a file read as UTF-8.</summary>
    public const string Utf8 = "utf-8";

    public IEnumerable<CsvRow> Rows()
    {
        do
        {
            var values = new Dictionary<string, string>(_headers.Count, StringComparer.Ordinal);
            foreach (var header in _headers)
            {
                values[header] = _csv.GetString(header) ?? "";
            }

            yield return new CsvRow(_display, (int)_csv.LineNumber, _headers, values);
        }
        while (ReadNext(_csv, _path, _display, ReadAs));
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool ReadNext(CsvReader csv, string path, string display, string readAs)
    {
        try
        {
            return csv.Read();
        }
        catch (System.Text.DecoderFallbackException) when (readAs != Utf8)
        {
            throw new DiagnosticException(Diagnostic.Error(display, ErrorCodes.RosterInvalid,
                $"the file is neither UTF-8 nor {readAs} text here (a byte {readAs} does not define); save it as UTF-8, which spreadsheet exports offer as \"CSV UTF-8\"", (int)csv.LineNumber + 1, 1));
        }
        catch (System.Text.DecoderFallbackException)
        {
            // The reader decodes ahead of the row it parses; the file itself says exactly where (read only now, on the error).
            var (line, column) = Io.Utf8Text.FirstInvalid(File.ReadAllBytes(path)) ?? ((int)csv.LineNumber + 1, 1);
            throw new DiagnosticException(Diagnostic.Error(display, ErrorCodes.RosterInvalid,
                $"the file is not valid UTF-8 text here (a letter saved in another encoding, such as Windows-1252); save it as UTF-8, which spreadsheet exports offer as \"CSV UTF-8\", or, for a Windows spreadsheet's older \"CSV\" export, add \"legacyEncoding\": \"{LegacyEncoding.Windows1252}\" to the mapping", line, column));
        }
    }

    public void Dispose() => Close(_csv, _text);

    private static void Close(CsvReader csv, StreamReader text)
    {
        csv.Dispose();
        text.Dispose();
    }
}

/// <summary>A code page the mapping may name for files that are not UTF-8; decoding it never guesses at a byte it does not define.</summary>
internal sealed record LegacyEncoding(string Name, System.Text.Encoding Encoding)
{
    public const string Windows1252 = "windows-1252";

    /// <summary>The encodings the mapping's <c>legacyEncoding</c> accepts (the schema lists the same).</summary>
    public static IReadOnlyList<string> Names { get; } = [Windows1252];

    public static LegacyEncoding Of(string name)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return new(name, System.Text.Encoding.GetEncoding(name, System.Text.EncoderFallback.ExceptionFallback, System.Text.DecoderFallback.ExceptionFallback));
    }
}
