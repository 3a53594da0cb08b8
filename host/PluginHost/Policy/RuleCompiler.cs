using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.CustomTypeProviders;
using System.Linq.Expressions;
using FastExpressionCompiler;
using PluginHost.Diagnostics;
using RulesEngine.Models;

namespace PluginHost.Policy;

/// <summary>
/// Parses rule expressions as RulesEngine's expression parser does (its Dynamic LINQ configuration and types; see
/// <see cref="Config"/>), checks every tree against the allow-list,
/// and compiles it once into a typed delegate. Evaluating a delegate costs no parsing, no result tree and no
/// boxing of inputs, which is what makes per-school evaluation cheap.
/// </summary>
internal static partial class RuleCompiler
{
    private static readonly ReSettings Settings = new()
    {
        // Inputs are typed and registered by us; RulesEngine must not widen the set of visible types.
        AutoRegisterInputType = false,
        CustomTypes = [typeof(SchoolInput), typeof(PolicyInput), typeof(OutlookInput), typeof(ScenarioInput)],
        IsExpressionCaseSensitive = true,
    };

    private static readonly RuleTypes Types = new(Settings.CustomTypes);

    /// <summary>
    /// How rules are parsed: RulesEngine's parsing configuration (its settings' case sensitivity; its custom types, which
    /// are our inputs, RulesEngine's ExpressionUtils and Enumerable, and what they derive from and implement), built once.
    /// </summary>
    /// <remarks>
    /// RulesEngine's own parser makes the same configuration with a type provider that, at its first parse, also looks
    /// through every type of every loaded assembly for types marked for Dynamic LINQ: 150-250 ms in a cold process (the
    /// framework's CoreLib alone 56 ms), a third of a one-school plan. Rules may use only our input types (the guard
    /// refuses anything else), so a marked type found there could never be used; <see cref="RuleTypes"/> gives the same
    /// types without the look, and a test holds its set equal to RulesEngine's provider's.
    /// </remarks>
    private static readonly ParsingConfig Config = Configure(systemEnums: true);

    /// <summary>
    /// The same configuration without the enumerations of the System namespace (DayOfWeek, MidpointRounding, ...), which
    /// Dynamic LINQ finds by going through every type of the framework's CoreLib at its first parse (50-110 ms in a cold
    /// process). A rule is parsed with this first; only one that does not parse so (a shipped rule never names such an
    /// enum; the guard refuses their values anyway) is parsed again with <see cref="Config"/>, so its tree or its error is
    /// RulesEngine's. Left different: a lambda parameter named exactly like a System enum, which RulesEngine's
    /// configuration reads as the enum and this one as the parameter.
    /// </summary>
    private static readonly ParsingConfig WithoutSystemEnums = Configure(systemEnums: false);

    private static ParsingConfig Configure(bool systemEnums) => new()
    {
        CustomTypeProvider = Types,
        IsCaseSensitive = Settings.IsExpressionCaseSensitive,
        SupportEnumerationsFromSystemNamespace = systemEnums,
    };

    /// <summary>Parameters a rule in this workflow may use, in order.</summary>
    public static IReadOnlyList<ParameterExpression> ParametersFor(string workflow)
    {
        var school = Expression.Parameter(typeof(SchoolInput), "school");
        var policy = Expression.Parameter(typeof(PolicyInput), "policy");
        return Workflows.IsSecondPass(workflow)
            ? [school, policy, Expression.Parameter(typeof(OutlookInput), "outlook")]
            : [school, policy];
    }

    /// <summary>Parses one expression; throws <see cref="RuleCompileException"/> with a message fit for an analyst.</summary>
    public static Expression Parse(string expression, IReadOnlyList<ParameterExpression> parameters, Type? resultType)
    {
        if (ExpressionBudget.Check(expression) is { } overBudget)
        {
            throw new RuleCompileException($"{overBudget} (in \"{Shorten(expression)}\")", refused: true);
        }

        Expression body;
        try
        {
            var parsed = ParseExpression(expression, parameters, resultType);
            body = parsed is LambdaExpression lambda ? lambda.Body : parsed;
        }
        catch (Exception ex) when (DoesNotParse(ex))
        {
            var names = string.Join(", ", parameters.Select(p => p.Name));
            throw new RuleCompileException($"expression does not compile: {ex.Message}{MemberMeant(ex.Message, parameters)} (in \"{expression}\"; inputs available: {names})", refused: false);
        }

        var refusals = ExpressionGuard.Check(body);
        if (refusals.Count > 0)
        {
            throw new RuleCompileException($"expression refused: {string.Join("; ", refusals)} (in \"{expression}\"); rules may read only the school, policy and outlook inputs", refused: true);
        }

        return body;
    }

    /// <summary>
    /// The expression's tree, as RulesEngine's RuleExpressionParser.Parse makes it (a parse error comes out as its
    /// ParseException). Parses are few, at load; they take turns, as they did through RulesEngine's one parser.
    /// </summary>
    internal static Expression ParseExpression(string expression, IReadOnlyList<ParameterExpression> parameters, Type? resultType)
    {
        lock (Config)
        {
            try
            {
                return With(WithoutSystemEnums);
            }
            catch (Exception ex) when (DoesNotParse(ex))
            {
                return With(Config);
            }
        }

        Expression With(ParsingConfig config) => new System.Linq.Dynamic.Core.Parser.ExpressionParser([.. parameters], expression, [], config).Parse(resultType);
    }

    /// <summary>How Dynamic LINQ says an expression does not parse (its own exception, or one of these from deeper in).</summary>
    private static bool DoesNotParse(Exception ex) => ex is System.Linq.Dynamic.Core.Exceptions.ParseException or InvalidOperationException or ArgumentException;

    /// <summary>
    /// For Dynamic LINQ's "No property or field 'X' exists in type 'T'" on one of the inputs, the member the rule most
    /// likely meant (" (did you mean 'CompetencyBasedProgression'?)"); otherwise nothing.
    /// </summary>
    private static string MemberMeant(string message, IReadOnlyList<ParameterExpression> parameters)
    {
        var match = MissingMember().Match(message);
        var input = match.Success ? parameters.FirstOrDefault(p => p.Type.Name == match.Groups["type"].Value)?.Type : null;
        return input is null ? "" : Suggestion.DidYouMean(match.Groups["member"].Value,
            input.GetProperties().Select(p => p.Name).Concat(input.GetMethods().Where(m => !m.IsSpecialName && m.DeclaringType == input).Select(m => m.Name)));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"No property or field '(?<member>[^']+)' exists in type '(?<type>[^']+)'")]
    private static partial System.Text.RegularExpressions.Regex MissingMember();

    private static string Shorten(string expression) => expression.Length <= 80 ? expression : expression[..77] + "...";

    /// <summary>Builds a delegate over the evaluation context from a parsed body and the locals it uses.</summary>
    public static Func<RuleContext, T> Compile<T>(Expression body, IReadOnlyList<ParameterExpression> parameters, IReadOnlyList<(ParameterExpression Local, Expression Value)> locals)
    {
        var context = Expression.Parameter(typeof(RuleContext), "context");
        var assignments = new List<Expression>();
        foreach (var parameter in parameters)
        {
            var property = parameter.Name switch
            {
                "school" => nameof(RuleContext.School),
                "policy" => nameof(RuleContext.Policy),
                _ => nameof(RuleContext.Outlook),
            };
            assignments.Add(Expression.Assign(parameter, Expression.Property(context, property)));
        }

        assignments.AddRange(locals.Select(l => (Expression)Expression.Assign(l.Local, l.Value)));
        assignments.Add(body.Type == typeof(T) ? body : Expression.Convert(body, typeof(T)));
        var block = Expression.Block(typeof(T), parameters.Concat(locals.Select(l => l.Local)), assignments);
        var lambda = Expression.Lambda<Func<RuleContext, T>>(block, context);
        return lambda.CompileFast(ifFastFailedReturnNull: true) ?? lambda.Compile();
    }
}

/// <summary>
/// The types rules are parsed with, as RulesEngine's CustomTypeProvider gives them, without its look through every loaded
/// assembly for types marked for Dynamic LINQ (see <see cref="RuleCompiler"/>): the inputs, RulesEngine's ExpressionUtils
/// and Enumerable, each type they derive from or implement, and IEnumerable.
/// </summary>
internal sealed class RuleTypes : DefaultDynamicLinqCustomTypeProvider
{
    private readonly HashSet<Type> _types;

    public RuleTypes(IEnumerable<Type> inputs)
        : base(ParsingConfig.Default)
    {
        _types = [.. inputs, typeof(RulesEngine.HelperFunctions.ExpressionUtils), typeof(Enumerable)];
        var pending = new Queue<Type>(_types);
        while (pending.TryDequeue(out var type))
        {
            foreach (var related in type.GetInterfaces().Prepend(type.BaseType))
            {
                if (related is not null && _types.Add(related))
                {
                    pending.Enqueue(related);
                }
            }
        }

        _types.Add(typeof(System.Collections.IEnumerable));
    }

    public override HashSet<Type> GetCustomTypes() => _types;
}

internal sealed class RuleCompileException : Exception
{
    public RuleCompileException(string message, bool refused)
        : base(message)
    {
        Refused = refused;
    }

    public bool Refused { get; }
}
