namespace PluginHost.Policy;

/// <summary>
/// What one rule expression may cost, checked on its text before any parser sees it. Dynamic LINQ and
/// FastExpressionCompiler recurse on nesting, so a few thousand parentheses overflow the stack, and nested lambdas over
/// a collection multiply their cost; bounding length, nesting and lambda depth up front keeps every rule cheap to
/// parse and to run. The limits are far above what a policy rule needs (the shipped ones stay under 200 characters,
/// 4 levels of parentheses and 1 lambda) and are listed in the README.
/// </summary>
internal static class ExpressionBudget
{
    public const int MaxLength = 2_000;
    public const int MaxNesting = 12;
    public const int MaxLambdaNesting = 2;
    public const int MaxLogicalOperators = 100;

    /// <summary>GlobalParams of a workflow plus LocalParams of a rule: each may build on the last, so their number is bounded too.</summary>
    public const int MaxParams = 16;

    /// <summary>Null when the expression fits the budget; otherwise what exceeds it and by how much.</summary>
    public static string? Check(string expression)
    {
        if (expression.Length > MaxLength)
        {
            return $"expression is {expression.Length:#,0} characters long; the limit is {MaxLength:#,0} (split it with LocalParams)";
        }

        var depth = 0;
        var deepest = 0;
        var logical = 0;
        var lambdas = new Stack<int>();
        var deepestLambda = 0;
        var quote = '\0';
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case ')' or ']' or '}':
                    depth--;
                    while (lambdas.Count > 0 && lambdas.Peek() > depth)
                    {
                        lambdas.Pop();
                    }

                    break;
                case '=' when i + 1 < expression.Length && expression[i + 1] == '>':
                    lambdas.Push(depth);
                    deepestLambda = Math.Max(deepestLambda, lambdas.Count);
                    i++;
                    break;
                case '&' or '|' when i + 1 < expression.Length && expression[i + 1] == c:
                    logical++;
                    i++;
                    break;
            }
        }

        return deepest > MaxNesting ? $"expression nests {deepest} levels of brackets; the limit is {MaxNesting}"
            : deepestLambda > MaxLambdaNesting ? $"expression nests {deepestLambda} lambdas ('=>') inside each other; the limit is {MaxLambdaNesting}"
            : logical > MaxLogicalOperators ? $"expression has {logical} && and || operators; the limit is {MaxLogicalOperators} (split it into several rules or LocalParams)"
            : null;
    }
}
