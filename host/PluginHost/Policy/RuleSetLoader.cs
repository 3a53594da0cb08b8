using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PluginHost.Diagnostics;
using PluginHost.Inputs;
using RulesEngine.Models;

namespace PluginHost.Policy;

/// <summary>A folder of rules files and, for a plugin's folder, the archetype its rules are scoped to.</summary>
internal sealed record RuleSource(string Directory, string? PluginArchetype, string Label);

internal sealed record RuleSetLoadResult(RuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => RuleSet is not null;
}

/// <summary>
/// Loads RulesEngine workflow files from the district folder and each plugin's folder, checks them against the
/// workflow schema, compiles every rule and explanation up front, and reports every problem at once as
/// <c>file(line,col): error PH2nnn: RuleName: message</c>. Only a load with no errors yields a rule set.
/// </summary>
internal sealed class RuleSetLoader
{
    public const string RecommendationsFile = "recommendations.json";
    private const string WorkflowSchemaFile = "workflow.schema.json";

    private readonly JsonInputReader _reader;

    public RuleSetLoader(JsonInputReader reader)
    {
        _reader = reader;
    }

    /// <summary>
    /// Does the one-time set-up of the libraries a load uses, on one small rule: binding a workflow, and parsing,
    /// checking and compiling an expression. The first load pays about a tenth of a second for it, which
    /// <see cref="Runs.WorkspaceLoader"/> spends on another core while plugins load.
    /// </summary>
    public static void Prepare()
    {
        var workflow = JToken.Parse("""{ "WorkflowName": "PolicyBlockers", "Rules": [ { "RuleName": "Prepare", "Expression": "school.Enrollment > 0 && !policy.StipendsAllowed" } ] }""").ToObject<Workflow>()!;
        var parameters = RuleCompiler.ParametersFor(workflow.WorkflowName);
        var body = RuleCompiler.Parse(workflow.Rules.Single().Expression, parameters, typeof(bool));
        _ = RuleCompiler.Compile<bool>(body, parameters, []);
    }

    public RuleSetLoadResult Load(IReadOnlyList<RuleSource> sources)
    {
        var diagnostics = new List<Diagnostic>();
        var rules = new List<CompiledRule>();
        var files = new List<(string Key, string Path)>();
        var district = sources.FirstOrDefault(s => s.PluginArchetype is null);
        if (district is null || !Directory.Exists(district.Directory))
        {
            diagnostics.Add(Diagnostic.Error(DisplayPath.Of(district?.Directory ?? "rules"), ErrorCodes.PathNotFound, "rules folder not found; pass --rules DIR with the district workflows"));
            return new RuleSetLoadResult(null, diagnostics);
        }

        var recommendations = LoadRecommendations(district.Directory, diagnostics, files);
        var categories = LoadCategories(district.Directory, diagnostics, files);
        var names = new Dictionary<string, RuleOrigin>(StringComparer.Ordinal);
        foreach (var source in sources.Where(s => Directory.Exists(s.Directory)))
        {
            foreach (var path in Directory.EnumerateFiles(source.Directory, "*.json").Order(StringComparer.Ordinal))
            {
                if (source.PluginArchetype is null && Path.GetFileName(path) is RecommendationsFile or CategoryCatalog.FileName)
                {
                    continue;
                }

                files.Add(($"{source.Label}/{Path.GetFileName(path)}", path));
                LoadFile(path, source, recommendations, categories, names, rules, diagnostics);
            }
        }

        if (diagnostics.Any(d => d.Severity == Severity.Error) || categories is null)
        {
            return new RuleSetLoadResult(null, diagnostics);
        }

        var hash = Hash(files);
        return new RuleSetLoadResult(new RuleSet(hash, rules, recommendations, files.Select(f => f.Key).ToList(), categories), diagnostics);
    }

    private Dictionary<string, Recommendation> LoadRecommendations(string directory, List<Diagnostic> diagnostics, List<(string, string)> files)
    {
        var path = Path.Combine(directory, RecommendationsFile);
        if (!File.Exists(path))
        {
            diagnostics.Add(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.PathNotFound, "the recommendations catalog is missing; the rules folder must hold recommendations.json"));
            return new Dictionary<string, Recommendation>();
        }

        files.Add(("rules/" + RecommendationsFile, path));
        try
        {
            var (catalog, _) = _reader.Read(path, "recommendations.schema.json", ErrorCodes.RuleSchema, RecommendationCatalog.Bind);
            return catalog.Recommendations.ToDictionary(r => r.Id, StringComparer.Ordinal);
        }
        catch (DiagnosticException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
            return new Dictionary<string, Recommendation>();
        }
    }

    private CategoryCatalog? LoadCategories(string directory, List<Diagnostic> diagnostics, List<(string, string)> files)
    {
        var path = Path.Combine(directory, CategoryCatalog.FileName);
        try
        {
            var catalog = _reader.LoadCategories(path);
            files.Add(("rules/" + CategoryCatalog.FileName, path));
            return catalog;
        }
        catch (DiagnosticException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
            return null;
        }
    }

    /// <summary>The file parsed again by System.Text.Json for the compiled schema checks; null when it cannot be (then every workflow is validated in full).</summary>
    private static System.Text.Json.JsonDocument? FastView(JsonSource json)
    {
        try
        {
            return json.Text is { } text ? System.Text.Json.JsonDocument.Parse(text, new System.Text.Json.JsonDocumentOptions { MaxDepth = Io.StrictJson.MaxDepth }) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void LoadFile(string path, RuleSource source, IReadOnlyDictionary<string, Recommendation> recommendations, CategoryCatalog? categories,
        Dictionary<string, RuleOrigin> names, List<CompiledRule> rules, List<Diagnostic> diagnostics)
    {
        JsonSource json;
        try
        {
            json = JsonInputReader.Parse(path, ErrorCodes.RuleFileInvalid);
        }
        catch (DiagnosticException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
            return;
        }

        var workflowTokens = json.Root is JArray array ? array.Children().ToList() : [json.Root];
        using var elements = FastView(json);
        for (var w = 0; w < workflowTokens.Count; w++)
        {
            var token = workflowTokens[w];
            var surelyValid = elements?.RootElement is { } view && _reader.SurelyValid(view.ValueKind == System.Text.Json.JsonValueKind.Array ? view[w] : view, WorkflowSchemaFile);
            var schemaErrors = surelyValid ? [] : _reader.Validate(json with { Root = token }, WorkflowSchemaFile, ErrorCodes.RuleSchema);
            if (schemaErrors.Count > 0)
            {
                diagnostics.AddRange(schemaErrors.Select(d => d with { Message = $"{RuleNameAt(token, d)}{d.Message}" }));
                continue;
            }

            var workflow = token.ToObject<Workflow>()!;
            var display = DisplayPath.Of(path);
            var (line, column) = LineOf(token);
            if (workflow.WorkflowsToInject?.Any() == true)
            {
                diagnostics.Add(Diagnostic.Error(display, ErrorCodes.RuleSchema, $"workflow '{workflow.WorkflowName}': WorkflowsToInject is not supported; put shared conditions in GlobalParams", line, column));
                continue;
            }

            var parameters = RuleCompiler.ParametersFor(workflow.WorkflowName);
            var globals = CompileParams(workflow.GlobalParams, parameters, [], out var globalError);
            if (globalError is not null)
            {
                diagnostics.Add(Diagnostic.Error(display, ErrorCodes.RuleCompile, $"workflow '{workflow.WorkflowName}': GlobalParams: {globalError}", line, column));
                continue;
            }

            var ruleTokens = token["Rules"]!.Children().ToList();
            var ruleModels = workflow.Rules.ToList();
            for (var i = 0; i < ruleModels.Count; i++)
            {
                var rule = ruleModels[i];
                var (ruleLine, ruleColumn) = LineOf(ruleTokens[i]);
                var origin = new RuleOrigin(display, $"{source.Label}/{Path.GetFileName(path)}", ruleLine, ruleColumn, source.PluginArchetype);
                if (names.TryGetValue(rule.RuleName, out var first))
                {
                    diagnostics.Add(origin.Error(ErrorCodes.RuleDuplicateName,
                        $"{rule.RuleName}: rule name is already defined at {first.File}({first.Line},{first.Column}); rename one of them (a plugin cannot silently override a district rule)"));
                    continue;
                }

                names[rule.RuleName] = origin;
                if (rule.Enabled == false)
                {
                    continue;
                }

                var compiled = CompileRule(rule, workflow.WorkflowName, origin, parameters, globals, recommendations, categories, diagnostics);
                if (compiled is not null)
                {
                    rules.Add(compiled);
                }
            }
        }
    }

    private static CompiledRule? CompileRule(Rule rule, string workflow, RuleOrigin origin, IReadOnlyList<ParameterExpression> parameters,
        IReadOnlyList<(ParameterExpression, Expression)> globals, IReadOnlyDictionary<string, Recommendation> recommendations, CategoryCatalog? categories, List<Diagnostic> diagnostics)
    {
        var name = rule.RuleName;
        var before = diagnostics.Count;
        if (rule.Actions is not null)
        {
            diagnostics.Add(origin.Error(ErrorCodes.RuleSchema, $"{name}: Actions are not supported; describe the outcome in Properties (category, policy, flag, explanation)"));
        }

        if (rule.WorkflowsToInject?.Any() == true)
        {
            diagnostics.Add(origin.Error(ErrorCodes.RuleSchema, $"{name}: WorkflowsToInject is not supported; put shared conditions in GlobalParams"));
        }

        var predicate = CompilePredicate(rule, origin, parameters, globals, diagnostics);
        var properties = new PropertyReader(rule.Properties, name, origin, diagnostics);
        var explanation = CompileExplanation(properties.String("explanation", required: workflow != Workflows.CutPriorities) ?? "", name, origin, parameters, globals, diagnostics);

        CutPriorityProperties? cut = null;
        FindingProperties? finding = null;
        if (workflow == Workflows.CutPriorities)
        {
            var category = properties.Choice("category", categories?.CuttableIds ?? [], required: true) ?? "";
            cut = new CutPriorityProperties(
                category,
                properties.Int("priority", 1, 20, required: true) ?? 0,
                properties.Decimal("floorShare", 0m, 1m) ?? 0m,
                properties.Strings("keepRoles"),
                properties.Strings("roleOrder"),
                properties.String("replaces", required: false),
                properties.RoleMinimums("keepMinimum"))
            {
                Label = categories?.Label(category) ?? category,
                Rank = categories?.RankOf(category) ?? int.MaxValue,
            };
        }
        else
        {
            var id = workflow == Workflows.PolicyBlockers
                ? properties.Choice("policy", PolicyAreas.All, required: true)
                : properties.String("flag", required: true);
            var linked = properties.Strings("recommendations");
            foreach (var unknown in linked.Where(r => !recommendations.ContainsKey(r)))
            {
                diagnostics.Add(origin.Error(ErrorCodes.RuleUnknownRecommendation,
                    $"{name}: recommendation '{unknown}' is not in recommendations.json; known ids: {string.Join(", ", recommendations.Keys)}"));
            }

            finding = new FindingProperties(id ?? "", properties.Choice("severity", Severities.All, required: false) ?? "medium", properties.String("designElement", required: false), linked)
            {
                Value = CompileValue(properties.String("value", required: false), name, origin, parameters, globals, diagnostics),
                LiftedBy = properties.Strings("liftedBy"),
                When = properties.Choice("when", Timings.All, required: false),
            };
            foreach (var owner in finding.LiftedBy.Where(o => !Owners.All.Contains(o)))
            {
                diagnostics.Add(origin.Error(ErrorCodes.RuleSchema, $"{name}: Properties.liftedBy names '{owner}'; valid values: {string.Join(", ", Owners.All)}"));
            }
        }

        return diagnostics.Count > before || predicate is null
            ? null
            : new CompiledRule(name, workflow, rule.Expression ?? "", origin, predicate, explanation, cut, finding);
    }

    private static Func<RuleContext, bool>? CompilePredicate(Rule rule, RuleOrigin origin, IReadOnlyList<ParameterExpression> parameters,
        IReadOnlyList<(ParameterExpression, Expression)> globals, List<Diagnostic> diagnostics)
    {
        var children = rule.Rules?.ToList() ?? [];
        if (children.Count > 0)
        {
            var compiled = children.Select(c => CompilePredicate(c, origin, parameters, globals, diagnostics)).ToList();
            if (compiled.Any(c => c is null))
            {
                return null;
            }

            var parts = compiled.Select(c => c!).ToArray();
            return rule.Operator is "Or" or "OrElse"
                ? context => parts.Any(p => p(context))
                : context => parts.All(p => p(context));
        }

        if (string.IsNullOrWhiteSpace(rule.Expression))
        {
            diagnostics.Add(origin.Error(ErrorCodes.RuleSchema, $"{rule.RuleName}: Expression is missing; write a condition such as \"policy.LetterGradesRequired && school.StandardsBasedGrading\""));
            return null;
        }

        var locals = CompileParams(rule.LocalParams, parameters, globals, out var localError);
        if (localError is not null)
        {
            diagnostics.Add(origin.Error(ErrorCodes.RuleCompile, $"{rule.RuleName}: LocalParams: {localError}"));
            return null;
        }

        try
        {
            var scope = parameters.Concat(locals.Select(l => l.Local)).ToList();
            var body = RuleCompiler.Parse(rule.Expression, scope, typeof(bool));
            return RuleCompiler.Compile<bool>(body, parameters, locals);
        }
        catch (RuleCompileException ex)
        {
            diagnostics.Add(origin.Error(ex.Refused ? ErrorCodes.RuleRefusedMember : ErrorCodes.RuleCompile, $"{rule.RuleName}: {ex.Message}"));
            return null;
        }
    }

    private static ExplanationTemplate CompileExplanation(string text, string name, RuleOrigin origin, IReadOnlyList<ParameterExpression> parameters,
        IReadOnlyList<(ParameterExpression Local, Expression Value)> globals, List<Diagnostic> diagnostics)
    {
        try
        {
            var scope = parameters.Concat(globals.Select(g => g.Local)).ToList();
            return ExplanationTemplate.Parse(text, (expression, format) =>
                CompilePlaceholder(RuleCompiler.Parse(expression, scope, typeof(object)), type => format != "text" && Placeholder.IsNumber(type), parameters, globals));
        }
        catch (RuleCompileException ex)
        {
            diagnostics.Add(origin.Error(ex.Refused ? ErrorCodes.RuleRefusedMember : ErrorCodes.RuleExplanation, $"{name}: explanation: {ex.Message}"));
        }
        catch (FormatException ex)
        {
            diagnostics.Add(origin.Error(ErrorCodes.RuleExplanation, $"{name}: explanation: {ex.Message}"));
        }

        return ExplanationTemplate.Empty;
    }

    /// <summary>
    /// A finding's dollar value: an expression over the same inputs as the rule, such as "school.StipendsOnOneTimeMoney".
    /// A decimal, whole or double expression is read as a decimal (no box per school); any other type as an object,
    /// which the finding then leaves without a value.
    /// </summary>
    private static Placeholder? CompileValue(string? expression, string name, RuleOrigin origin, IReadOnlyList<ParameterExpression> parameters,
        IReadOnlyList<(ParameterExpression Local, Expression Value)> globals, List<Diagnostic> diagnostics)
    {
        if (expression is null)
        {
            return null;
        }

        try
        {
            var scope = parameters.Concat(globals.Select(g => g.Local)).ToList();
            return CompilePlaceholder(RuleCompiler.Parse(expression, scope, typeof(object)), type => type == typeof(decimal) || type == typeof(int) || type == typeof(double), parameters, globals);
        }
        catch (RuleCompileException ex)
        {
            diagnostics.Add(origin.Error(ex.Refused ? ErrorCodes.RuleRefusedMember : ErrorCodes.RuleCompile, $"{name}: value: {ex.Message}"));
            return null;
        }
    }

    /// <summary>
    /// An expression parsed as an object, compiled to read a decimal when the type under its boxing is one
    /// <paramref name="readAsNumber"/> accepts (no box per school), and as the object otherwise.
    /// </summary>
    private static Placeholder CompilePlaceholder(Expression body, Func<Type, bool> readAsNumber, IReadOnlyList<ParameterExpression> parameters,
        IReadOnlyList<(ParameterExpression Local, Expression Value)> globals)
    {
        var value = body is UnaryExpression { NodeType: ExpressionType.Convert } boxed && boxed.Type == typeof(object) ? boxed.Operand : body;
        return readAsNumber(value.Type)
            ? new Placeholder(null, RuleCompiler.Compile<decimal>(value, parameters, globals))
            : new Placeholder(RuleCompiler.Compile<object?>(body, parameters, globals), null);
    }

    private static List<(ParameterExpression Local, Expression Value)> CompileParams(IEnumerable<ScopedParam>? scoped, IReadOnlyList<ParameterExpression> parameters,
        IReadOnlyList<(ParameterExpression Local, Expression Value)> inherited, out string? error)
    {
        error = null;
        var locals = inherited.ToList();
        if (inherited.Count + (scoped?.Count() ?? 0) > ExpressionBudget.MaxParams)
        {
            error = $"{inherited.Count + scoped!.Count()} GlobalParams and LocalParams; the limit is {ExpressionBudget.MaxParams}";
            return locals;
        }

        foreach (var param in scoped ?? [])
        {
            try
            {
                var scope = parameters.Concat(locals.Select(l => l.Local)).ToList();
                var value = RuleCompiler.Parse(param.Expression, scope, null);
                locals.Add((Expression.Variable(value.Type, param.Name), value));
            }
            catch (RuleCompileException ex)
            {
                error = $"'{param.Name}': {ex.Message}";
                return locals;
            }
        }

        return locals;
    }

    private static string RuleNameAt(JToken workflow, Diagnostic diagnostic)
    {
        foreach (var rule in workflow["Rules"]?.Children() ?? [])
        {
            var (line, _) = LineOf(rule);
            var end = rule.Next is { } next ? LineOf(next).Line : int.MaxValue;
            if (line <= diagnostic.Line && diagnostic.Line < end && rule["RuleName"] is JValue { Value: string ruleName })
            {
                return $"{ruleName}: ";
            }
        }

        return "";
    }

    private static (int? Line, int? Column) LineOf(JToken token) =>
        token is IJsonLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (null, null);

    private static string Hash(IEnumerable<(string Key, string Path)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, path) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(key + "\0"));
            sha.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
