using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using PluginHost.Diagnostics;

namespace PluginHost.Inputs;

/// <summary>A JSON file read with line information kept, so later checks can point at the offending line.</summary>
internal sealed record JsonSource(string Path, JToken Root)
{
    /// <summary>The file's text when <see cref="Root"/> is the whole file; binding reads it directly instead of re-serialising.</summary>
    public string? Text { get; init; }

    public (int? Line, int? Column) Locate(string jsonPath)
    {
        var token = jsonPath.Length == 0 ? Root : Root.SelectToken(jsonPath);
        return token is IJsonLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (null, null);
    }

    public Diagnostic Error(string jsonPath, string code, string message)
    {
        var (line, column) = Locate(jsonPath);
        return Diagnostic.Error(DisplayPath.Of(Path), code, message, line, column);
    }
}

/// <summary>
/// Reads an input file, checks it against its JSON Schema and reports every violation at once, each naming
/// the field, the value found and what would be valid. Schemas are read once per process.
/// </summary>
internal sealed class JsonInputReader
{
    internal sealed record CategoryCatalogFile(IReadOnlyList<CategoryDefinition> Categories)
    {
        /// <summary>The catalog file as the serialiser reads it, or null (<see cref="Io.JsonFields"/>).</summary>
        public static CategoryCatalogFile? Bind(JsonElement root) =>
            Io.JsonFields.Fields(root, new CategoryCatalogFile(Categories: null!), (file, field) => field.Name switch
            {
                "categories" when Io.JsonFields.Items(field.Value, CategoryDefinition.Bind) is { } categories => file with { Categories = categories },
                _ => null,
            }) is { Categories: not null } made ? made : null;
    }

    internal static readonly JsonSerializerOptions ModelOptions = new(JsonSerializerDefaults.Web)
    {
    };

    /// <summary>A schema property that takes its allowed values from the category catalog: personnel, spending or all.</summary>
    private const string CategoriesKeyword = "x-categories";

    private readonly ConcurrentDictionary<string, (CategoryCatalog? Catalog, Lazy<JsonSchema> Schema, FastSchema Fast)> _schemas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTime Stamp, CategoryCatalog Catalog)> _catalogs = new(StringComparer.Ordinal);
    private readonly string _schemaDirectory;

    public JsonInputReader(string schemaDirectory)
    {
        _schemaDirectory = schemaDirectory;
    }

    private const long DefaultMaxInputBytes = 16L * 1024 * 1024;
    private static readonly AsyncLocal<long?> s_maxInputBytes = new();

    /// <summary>
    /// Files over this size are refused before parsing (default 16 MB; --max-input-mb changes it for the run that
    /// sets it, and only that run: two runs in one process keep their own limits).
    /// </summary>
    public static long MaxInputBytes
    {
        get => s_maxInputBytes.Value ?? DefaultMaxInputBytes;
        set => s_maxInputBytes.Value = value;
    }

    /// <param name="lineInfo">
    /// Keep each token's line and column. That costs an object per token (measured on a demo profile: parsing
    /// 307 µs with, 188 µs without; validating 515 µs against 450 µs), so a run reads without them first and reads
    /// the file again with them only when there is an error to point at.
    /// </param>
    public static JsonSource Parse(string path, string code, bool lineInfo = true) => Parse(ReadStrict(path, code), path, code, lineInfo);

    /// <summary>A file's bytes, once they are known to exist, to be within the size limit and to be strict JSON.</summary>
    private static byte[] ReadStrict(string path, string code)
    {
        var bytes = ReadBytes(path, code);
        Io.StrictJson.Check(bytes, path, code);
        return bytes;
    }

    /// <summary>A file's bytes, once it is known to exist and to be within the size limit.</summary>
    /// <remarks>
    /// The file is opened once and its size read from the open file: no look-ups by name beforehand (a district run
    /// reads thousands, and each look-up is a system call). A file that cannot be opened is checked by name, to say
    /// "not found" in the usual words, or let the system's own reason through as it always was.
    /// </remarks>
    private static byte[] ReadBytes(string path, string code)
    {
        var bytes = ReadFile(path, code);
        // A byte-order mark (Notepad's "UTF-8 with BOM", PowerShell's Out-File) says only that the text is UTF-8, which it
        // must be anyway; the JSON starts after it. A file of nothing, or of blanks, is named as empty rather than as the
        // reader's "does not contain any JSON tokens".
        var text = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        if (text.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), code, "the file is empty; it should hold one JSON object ({ ... })", 1, 1));
        }

        return text;
    }

    private static byte[] ReadFile(string path, string code)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && !File.Exists(path))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.PathNotFound, "file not found; check the path"));
        }

        using (file)
        {
            var size = RandomAccess.GetLength(file);
            if (size > MaxInputBytes)
            {
                throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), code,
                    $"the file is {size / (1024 * 1024):#,0} MB; input files are limited to {MaxInputBytes / (1024 * 1024)} MB (a school profile is rarely over 1 MB); raise the limit with --max-input-mb if this file is genuine"));
            }

            if (size == 0)
            {
                // Empty, or a file that tells no size (a pipe, a file of the system's own): read to its end.
                return File.ReadAllBytes(path);
            }

            // Not zeroed first: the read fills it, and a file that came up short is cut to what was read.
            var bytes = GC.AllocateUninitializedArray<byte>((int)size);
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(file, bytes.AsSpan(read), read) is var n and > 0)
            {
                read += n;
            }

            return read == bytes.Length ? bytes : bytes[..read];
        }
    }

    private static JsonSource Parse(byte[] bytes, string path, string code, bool lineInfo)
    {
        var text = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        try
        {
            var root = JToken.Parse(text, new JsonLoadSettings { LineInfoHandling = lineInfo ? LineInfoHandling.Load : LineInfoHandling.Ignore, CommentHandling = CommentHandling.Ignore });
            return new JsonSource(path, root) { Text = text };
        }
        catch (JsonReaderException ex)
        {
            var reason = ex.Message.Split(" Path '", 2)[0].Split(". Path", 2)[0].TrimEnd('.');
            throw new DiagnosticException(Diagnostic.Error(
                DisplayPath.Of(path), code, $"the file is not valid JSON: {reason}; look for a missing comma, quote or bracket just before this point", ex.LineNumber, Math.Max(1, ex.LinePosition)));
        }
    }

    /// <param name="bind">
    /// The record's own reader for a file the compiled checks accept (<see cref="Io.JsonFields"/>), for the small files a
    /// command reads at start; when it gives up, or there is none, the serialiser binds the file.
    /// </param>
    public (T Model, JsonSource Source) Read<T>(string path, string schemaFile, string schemaCode, Func<JsonElement, T?>? bind = null)
    {
        // The file is read once; every path below works from the same bytes. The fast path checks strictness and the
        // schema in one reading; anything it is unsure of is checked again here, in the order and words it always was.
        var bytes = ReadBytes(path, ErrorCodes.InputNotJson);
        Io.StrictJson.CheckText(bytes, path, ErrorCodes.InputNotJson);
        if (TryReadFast(bytes, path, schemaFile, bind) is { } quick)
        {
            return quick;
        }

        Io.StrictJson.CheckStructure(bytes, path, ErrorCodes.InputNotJson);

        var fast = Parse(bytes, path, ErrorCodes.InputNotJson, lineInfo: false);
        if (Validate(fast, schemaFile, schemaCode).Count > 0)
        {
            return Read<T>(Parse(bytes, path, ErrorCodes.InputNotJson, lineInfo: true), schemaFile, schemaCode);
        }

        try
        {
            return (Bind<T>(fast, schemaCode), fast);
        }
        catch (DiagnosticException)
        {
            // Parse again with line numbers, so the error points at the value that does not fit.
            return Read<T>(Parse(bytes, path, ErrorCodes.InputNotJson, lineInfo: true), schemaFile, schemaCode);
        }
    }

    /// <summary>
    /// The happy path, with no Newtonsoft parse and no NJsonSchema walk: strict JSON, the compiled schema's checks
    /// made while reading the bytes once, then binding from the same bytes (no document in between); a profile, read
    /// thousands of times in a district run, is checked and bound in one pass by its own reader. Anything it is not
    /// sure of returns null and the full path runs, which reports every error with its line and column exactly as
    /// before.
    /// </summary>
    private (T Model, JsonSource Source)? TryReadFast<T>(byte[] bytes, string path, string schemaFile, Func<JsonElement, T?>? bind)
    {
        try
        {
            var schema = Schemas(schemaFile).Fast;
            if (typeof(T) == typeof(SchoolProfile) && ProfileBinder.TryBind(bytes, schema) is { } profile)
            {
                return ((T)(object)profile, new JsonSource(path, JValue.CreateNull()));
            }

            if (!schema.Validate(bytes, strict: true))
            {
                return null;
            }

            var model = (bind is null ? default : Io.JsonFields.Bind(bytes, bind)) ?? System.Text.Json.JsonSerializer.Deserialize<T>(bytes, ModelOptions);
            return model is null ? null : (model, new JsonSource(path, JValue.CreateNull()));
        }
        catch (Exception ex) when (ex is DiagnosticException or System.Text.Json.JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Validates and binds JSON already read, for example a profile written inline in a rule fixture.</summary>
    public (T Model, JsonSource Source) Read<T>(JsonSource source, string schemaFile, string schemaCode)
    {
        var errors = Validate(source, schemaFile, schemaCode);
        return errors.Count > 0 ? throw new DiagnosticException(errors) : (Bind<T>(source, schemaCode), source);
    }

    private static T Bind<T>(JsonSource source, string schemaCode)
    {
        var json = source.Text is { } text && source.Root.Parent is null ? text : source.Root.ToString(Newtonsoft.Json.Formatting.None);
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(json, ModelOptions)
                ?? throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(source.Path), schemaCode, "the file is empty"));
        }
        catch (System.Text.Json.JsonException ex)
        {
            // A value the schema allows but a field cannot hold, such as 1e308 dollars or 2147483648 students.
            var field = (ex.Path ?? "$").TrimStart('$', '.');
            var (line, column) = source.Locate(field);
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(source.Path), schemaCode,
                $"{(field.Length == 0 ? "(root)" : field)}: the value is out of range for this field; use an ordinary amount (dollars below a trillion, counts below two billion)", line, column));
        }
    }

    /// <summary>The category catalog beside the schemas (rules/categories.json), read again only when the file changes.</summary>
    public CategoryCatalog Categories => LoadCategories(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_schemaDirectory.TrimEnd('/', '\\'))!, CategoryCatalog.FileName));

    public CategoryCatalog LoadCategories(string path)
    {
        // Asked once per profile read: one look-up by name when nothing changed (a missing file's time is 1601-01-01,
        // which no catalog read from a file has, so a catalog removed since is never served from the cache).
        path = System.IO.Path.GetFullPath(path);
        var stamp = File.GetLastWriteTimeUtc(path);
        if (_catalogs.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Catalog;
        }

        if (!File.Exists(path))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.PathNotFound,
                $"the category catalog is missing; the rules folder must hold {CategoryCatalog.FileName} (copy it from the shipped rules)"));
        }

        var (file, source) = Read(path, CategoryCatalog.SchemaFile, ErrorCodes.RuleSchema, CategoryCatalogFile.Bind);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = file.Categories.Select((c, i) => (c, i)).Where(x => !seen.Add(x.c.Id))
            .Select(x => source.Error($"categories[{x.i}].id", ErrorCodes.RuleSchema, $"categories[{x.i}].id: '{x.c.Id}' is defined twice; each category id must be unique"))
            .ToList();
        if (duplicates.Count > 0)
        {
            throw new DiagnosticException(duplicates);
        }

        var catalog = new CategoryCatalog(file.Categories);
        _catalogs[path] = (stamp, catalog);
        return catalog;
    }

    /// <summary>
    /// Whether the compiled checks accept an element (the same JSON as a token being validated): when they do, the
    /// schema does too, and the full validator need not be built or run. False means "not sure": validate in full.
    /// </summary>
    public bool SurelyValid(JsonElement element, string schemaFile) => Schemas(schemaFile).Fast.Validate(element);

    public IReadOnlyList<Diagnostic> Validate(JsonSource source, string schemaFile, string code)
    {
        var schema = Schema(schemaFile);
        return Flatten(schema.Validate(source.Root))
            .Select(e => ToDiagnostic(source, e, code))
            .Distinct()
            .OrderBy(d => d.Line ?? 0).ThenBy(d => d.Column ?? 0)
            .ToList();
    }

    /// <summary>
    /// A schema whose category fields list the catalog's ids. The schema files name no categories themselves, so a
    /// category added to the catalog is valid in profiles and mappings without touching a schema.
    /// </summary>
    private JsonSchema Schema(string schemaFile) => Schemas(schemaFile).Schema.Value;

    private (CategoryCatalog? Catalog, Lazy<JsonSchema> Schema, FastSchema Fast) Schemas(string schemaFile)
    {
        if (_schemas.TryGetValue(schemaFile, out var cached) && (cached.Catalog is null || ReferenceEquals(cached.Catalog, Categories)))
        {
            return cached;
        }

        var path = System.IO.Path.Combine(_schemaDirectory, schemaFile);
        if (!File.Exists(path))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.PathNotFound, $"schema '{schemaFile}' not found; --rules must name a folder with a schemas/ subfolder"));
        }

        var text = File.ReadAllText(path);
        CategoryCatalog? catalog = null;
        if (text.Contains(CategoriesKeyword, StringComparison.Ordinal))
        {
            catalog = Categories;
            var root = JObject.Parse(text);
            foreach (var field in root.DescendantsAndSelf().OfType<JObject>().Where(o => o.ContainsKey(CategoriesKeyword)).ToList())
            {
                var ids = field[CategoriesKeyword]!.ToString() switch
                {
                    "personnel" => catalog.PersonnelIds,
                    "spending" => catalog.SpendingIds,
                    _ => catalog.Ids,
                };
                field["enum"] = new JArray(ids);
            }

            text = root.ToString(Newtonsoft.Json.Formatting.None);
        }

        // The full validator is built only when an input fails the compiled checks: building it costs more than a
        // whole cold run of a good profile, and a district of good profiles never needs it.
        var schema = new Lazy<JsonSchema>(() => JsonSchema.FromJsonAsync(text, path).GetAwaiter().GetResult());
        var entry = (catalog, schema, FastSchema.Compile(text));
        _schemas[schemaFile] = entry;
        return entry;
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static Diagnostic ToDiagnostic(JsonSource source, ValidationError error, string code)
    {
        var path = error.Path is null ? "" : error.Path.TrimStart('#').TrimStart('/');
        var field = path.Length == 0 ? "(root)" : path;
        var token = path.Length == 0 ? source.Root : source.Root.SelectToken(path);
        var found = token is null ? "nothing" : Describe(token);
        var schema = error.Schema;
        var message = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"{(field.EndsWith(error.Property ?? "", StringComparison.Ordinal) ? field : Join(field, error.Property))}: required field is missing",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"{field}: unknown field{Suggestion.DidYouMean(error.Property ?? path[(path.LastIndexOfAny(['.', '/']) + 1)..], Names(error))}; valid fields here: {ValidNames(error)}",
            ValidationErrorKind.NumberTooSmall =>
                $"{field}: {found} is below the minimum {Num(schema.Minimum)}; use a value of {Num(schema.Minimum)} or more",
            ValidationErrorKind.NumberTooBig =>
                $"{field}: {found} is above the maximum {Num(schema.Maximum)}; use a value of {Num(schema.Maximum)} or less",
            ValidationErrorKind.NotInEnumeration =>
                $"{field}: {found} is not allowed{(token is JValue { Type: JTokenType.String } typed ? Suggestion.DidYouMean((string)typed!, schema.Enumeration.OfType<string>()) : "")}; valid values: {string.Join(", ", schema.Enumeration.Select(v => $"'{v}'"))}",
            ValidationErrorKind.PatternMismatch => Pattern(field, found, token, schema),
            ValidationErrorKind.StringTooShort => $"{field}: must not be empty",
            ValidationErrorKind.TooManyItems => $"{field}: has more than {schema.MaxItems} items",
            ValidationErrorKind.ItemsNotUnique => $"{field}: lists the same item twice",
            _ when error.Kind.ToString().EndsWith("Expected", StringComparison.Ordinal) =>
                $"{field}: {found} has the wrong type; expected {ExpectedType(error.Kind)}",
            _ => $"{field}: {found} is not valid ({error.Kind})",
        };
        var (line, column) = error.HasLineInfo ? (error.LineNumber, error.LinePosition) : source.Locate(path);
        return Diagnostic.Error(DisplayPath.Of(source.Path), code, message, line, column);
    }

    /// <summary>
    /// A value not in its field's form, in the words of the schema's description where it has one ("Lower-case letters,
    /// digits and hyphens") rather than as the regular expression, with the value rewritten in that form when the
    /// field is an id ("'School X' ... for example 'school-x'").
    /// </summary>
    private static string Pattern(string field, string found, JToken? token, JsonSchema schema)
    {
        if (string.IsNullOrWhiteSpace(schema.Description))
        {
            return $"{field}: {found} does not match the pattern {schema.Pattern}";
        }

        var example = "";
        if (schema.Pattern == IdPattern && token is JValue { Type: JTokenType.String } text)
        {
            var slug = string.Join('-', Regex.Split(((string)text!).ToLowerInvariant(), "[^a-z0-9]+").Where(p => p.Length > 0));
            example = slug.Length > 0 ? $"; for example '{slug}'" : "";
        }

        return $"{field}: {found} is not in the form this field takes ({schema.Description.Trim().TrimEnd('.')}){example}";
    }

    private const string IdPattern = "^[a-z0-9][a-z0-9-]*$";

    private static string ValidNames(ValidationError error) => string.Join(", ", Names(error));

    private static IEnumerable<string> Names(ValidationError error) =>
        (error.Schema?.ActualProperties.Keys ?? (IEnumerable<string>)[]).Where(n => n != "$schema");

    private static string Join(string field, string? property) =>
        field == "(root)" ? property ?? field : $"{field}.{property}";

    private static string ExpectedType(ValidationErrorKind kind) =>
        kind.ToString().Replace("Expected", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Num(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string Describe(JToken token) => token.Type switch
    {
        JTokenType.String => $"'{token}'",
        JTokenType.Object => "an object",
        JTokenType.Array => "a list",
        JTokenType.Null => "null",
        _ => Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture) ?? "?",
    };
}
