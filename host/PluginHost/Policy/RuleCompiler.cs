using System.Linq.Expressions;
using FastExpressionCompiler;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace PluginHost.Policy;

/// <summary>
/// Parses rule expressions with RulesEngine's own expression parser, checks every tree against the allow-list,
/// and compiles it once into a typed delegate. Evaluating a delegate costs no parsing, no result tree and no
/// boxing of inputs, which is what makes per-school evaluation cheap.
/// </summary>
internal static class RuleCompiler
{
    private static readonly ReSettings Settings = new()
    {
        // Inputs are typed and registered by us; RulesEngine must not widen the set of visible types.
        AutoRegisterInputType = false,
        CustomTypes = [typeof(SchoolInput), typeof(PolicyInput), typeof(OutlookInput), typeof(ScenarioInput)],
        IsExpressionCaseSensitive = true,
    };

    /// <summary>
    /// One parser for the process. Its first parse looks through every loaded assembly for types marked for Dynamic
    /// LINQ, and a new parser looks again: a tenth of a one-school district run's time when each rule load made its own,
    /// and longer each time as plugins loaded more assemblies. Rules may use only our input types (the guard refuses
    /// anything else), so what a later look would add is never usable. Parses are few, at load; they take turns.
    /// </summary>
    private static readonly RuleExpressionParser Parser = new(Settings);

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
            Expression parsed;
            lock (Parser)
            {
                parsed = Parser.Parse(expression, [.. parameters], resultType!);
            }

            body = parsed is LambdaExpression lambda ? lambda.Body : parsed;
        }
        catch (Exception ex) when (ex is System.Linq.Dynamic.Core.Exceptions.ParseException or InvalidOperationException or ArgumentException)
        {
            var names = string.Join(", ", parameters.Select(p => p.Name));
            throw new RuleCompileException($"expression does not compile: {ex.Message} (in \"{expression}\"; inputs available: {names})", refused: false);
        }

        var refusals = ExpressionGuard.Check(body);
        if (refusals.Count > 0)
        {
            throw new RuleCompileException($"expression refused: {string.Join("; ", refusals)} (in \"{expression}\"); rules may read only the school, policy and outlook inputs", refused: true);
        }

        return body;
    }

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

internal sealed class RuleCompileException : Exception
{
    public RuleCompileException(string message, bool refused)
        : base(message)
    {
        Refused = refused;
    }

    public bool Refused { get; }
}
