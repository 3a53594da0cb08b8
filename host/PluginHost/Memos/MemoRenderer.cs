using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PluginHost.Diagnostics;
using PluginHost.Formatting;
using PluginHost.Inputs;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PluginHost.Memos;

/// <summary>
/// Renders a Markdown document from a template name and its model. Templates run with strict variables,
/// strict member access and loop and recursion limits; every parse or render error becomes a PH4xxx diagnostic
/// with the template's file, line and column.
/// </summary>
internal sealed partial class MemoRenderer
{
    private const int LoopLimit = 10_000;
    private const int RecursiveLimit = 20;

    // Scriban's own functions (array, string, math, …), built once and read only: a context builds a fresh set by
    // default, which cost more than a tenth of rendering a memo. No template can change them for the next.
    private static readonly ScriptObject Builtins = Frozen(new Scriban.Functions.BuiltinFunctions());

    private readonly TemplateLibrary _library;
    private readonly CategoryCatalog _categories;

    // Parsed templates are immutable and safe to render from many threads; a district run parses each file once.
    // A new renderer (a new workspace in watch) starts with an empty cache, so edited templates are read again.
    private readonly ConcurrentDictionary<string, Template> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScriptObject> _shared = new(StringComparer.Ordinal);

    public MemoRenderer(TemplateLibrary library, CategoryCatalog categories)
    {
        _library = library;
        _categories = categories;
    }

    // A memo's Markdown is written into a builder kept per thread (Scriban empties it after each render, once the text
    // is taken).
    [ThreadStatic]
    private static StringBuilder? t_output;

    /// <summary>Renders a template on a model made for it (<see cref="ScriptModel"/>), which the render keeps as its own.</summary>
    public string Render(string templateName, ScriptObject model, CultureInfo culture)
    {
        var path = _library.Find(templateName)
            ?? throw new DiagnosticException(Diagnostic.Error(templateName + TemplateLibrary.Extension, ErrorCodes.TemplateMissing,
                $"template '{templateName}' not found in {string.Join(", ", _library.Folders.Select(DisplayPath.Of))}"));
        var template = _parsed.GetOrAdd(path, Parse);
        if (template.HasErrors)
        {
            throw new DiagnosticException(template.Messages.Select(m => ToDiagnostic(m.Span, ErrorCodes.TemplateParse, m.Message)).ToList());
        }

        var context = new TemplateContext(Builtins)
        {
            TemplateLoader = _library,
            LoopLimit = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            EnableRelaxedIndexerAccess = false,
            MemberRenamer = member => member.Name,
        };
        context.PushCulture(culture);
        context.PushOutput(new StringBuilderOutput(KeptBuilder.Take(ref t_output, 32 * 1024, 1 << 20)));
        // Functions and words are shared by every memo of the run (read only, so no template can change them for the
        // next); the memo's own model sits above them, where a template's own variables go.
        context.PushGlobal(Shared(culture));
        context.PushGlobal(model);
        foreach (var (included, parsed) in _parsed)
        {
            context.CachedTemplates[included] = parsed;
        }

        try
        {
            var text = template.Render(context).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (var (included, parsed) in context.CachedTemplates)
            {
                _parsed.TryAdd(included, parsed);
            }

            return text;
        }
        catch (ScriptParserRuntimeException ex) when (ex.ParserMessages.Count > 0)
        {
            // An included template that does not parse: each mistake at its own file, line and column, as `templates
            // check` reports it, rather than at the include that pulled it in.
            throw new DiagnosticException(ex.ParserMessages.Select(m => ToDiagnostic(m.Span, ErrorCodes.TemplateParse, m.Message)).ToList());
        }
        catch (ScriptRuntimeException ex)
        {
            throw new DiagnosticException(ToDiagnostic(ex.Span, ErrorCodes.TemplateRender,
                $"{ex.OriginalMessage.TrimEnd('.')}{NameMeant(ex.OriginalMessage, model, Shared(culture))}; templates see exactly the fields of result.json (docs/result-format.md) plus charts, words and the format functions"));
        }
    }

    /// <summary>
    /// Parses a template and the templates it includes by a literal name, and builds the functions and words for the
    /// culture, ahead of the first render: a single plan does this on the other core while it evaluates the school.
    /// Nothing is reported here; a template that cannot be read or parsed is reported by the render, as before.
    /// </summary>
    public void Prepare(string templateName, CultureInfo culture)
    {
        var pending = new Queue<string>([templateName]);
        while (pending.TryDequeue(out var name))
        {
            if (_library.Find(name) is not { } path || _parsed.ContainsKey(path))
            {
                continue;
            }

            try
            {
                // Only a template that parsed cleanly is kept: an included one is served from this cache without
                // Scriban checking it again, and one with errors must reach the render's own parse, which reports them.
                var text = File.ReadAllText(path);
                if (Template.Parse(text, path) is { HasErrors: false } template)
                {
                    _parsed.TryAdd(path, template);
                }

                foreach (System.Text.RegularExpressions.Match include in IncludedName().Matches(text))
                {
                    pending.Enqueue(include.Groups[1].Value);
                }
            }
            catch (IOException)
            {
                // Read again, and reported, when the memo is rendered.
            }
        }

        _ = Shared(culture);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"include\s+['""]([^'""]+)['""]")]
    private static partial System.Text.RegularExpressions.Regex IncludedName();

    private static Template Parse(string path) => Template.Parse(File.ReadAllText(path), path);

    /// <summary>
    /// For Scriban's "The variable or function `mony` was not found", the name the template most likely meant among the
    /// model's fields and the functions and words every template sees (" (did you mean 'money'?)"); otherwise nothing.
    /// </summary>
    /// <remarks>For "Cannot get member with name nmae" the object is not named, so the names are every field in the model.</remarks>
    private static string NameMeant(string message, ScriptObject model, ScriptObject shared)
    {
        if (MissingName().Match(message) is { Success: true } name)
        {
            return Suggestion.DidYouMean(name.Groups["name"].Value, model.Keys.Concat(shared.Keys).Concat(Builtins.Keys));
        }

        return MissingMember().Match(message) is { Success: true } member ? Suggestion.DidYouMean(member.Groups["name"].Value, FieldNames(model, new HashSet<string>(StringComparer.Ordinal), 0)) : "";
    }

    /// <summary>The field names of a model and of the objects inside it, a few levels down.</summary>
    private static HashSet<string> FieldNames(object? value, HashSet<string> names, int depth)
    {
        if (depth > 4)
        {
            return names;
        }

        if (value is ScriptObject obj)
        {
            foreach (var (key, inner) in obj)
            {
                names.Add(key);
                FieldNames(inner, names, depth + 1);
            }
        }
        else if (value is ScriptArray { Count: > 0 } array)
        {
            FieldNames(array[0], names, depth + 1);
        }

        return names;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"The variable or function `(?<name>[^`]+)` was not found")]
    private static partial System.Text.RegularExpressions.Regex MissingName();

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot get member with name (?<name>\S+)$")]
    private static partial System.Text.RegularExpressions.Regex MissingMember();

    private ScriptObject Shared(CultureInfo culture) => _shared.GetOrAdd(culture.Name, _ =>
    {
        var built = ScriptModel.Shared(culture, _categories, name => _library.Find(name) is not null);
        Freeze(built);
        return built;
    });

    private static ScriptObject Frozen(ScriptObject value)
    {
        Freeze(value);
        return value;
    }

    private static void Freeze(ScriptObject value)
    {
        foreach (var item in value.Values)
        {
            if (item is ScriptObject child)
            {
                Freeze(child);
            }
        }

        value.IsReadOnly = true;
    }

    public static IReadOnlyList<Diagnostic> Check(string path)
    {
        var template = Template.Parse(File.ReadAllText(path), path);
        return template.HasErrors
            ? template.Messages.Select(m => ToDiagnostic(m.Span, ErrorCodes.TemplateParse, m.Message)).ToList()
            : [];
    }

    private static Diagnostic ToDiagnostic(Scriban.Parsing.SourceSpan span, string code, string message) =>
        Diagnostic.Error(DisplayPath.Of(span.FileName ?? "template"), code, message, span.Start.Line + 1, span.Start.Column + 1);
}
