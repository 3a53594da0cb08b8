using System.Linq.Expressions;
using System.Reflection;

namespace PluginHost.Policy;

/// <summary>
/// Walks a compiled rule expression and refuses anything outside a small allow-list of types and members.
/// Dynamic LINQ on its own accepts <c>school.GetType().Assembly.Location</c> and <c>DateTime.Now</c>; a rule
/// must see only the facts we hand it, so reflection, the clock, files, processes, the environment and
/// sequence generators are refused here, at load, by rule name.
/// </summary>
internal sealed class ExpressionGuard : ExpressionVisitor
{
    private static readonly HashSet<Type> InputTypes = [typeof(SchoolInput), typeof(PolicyInput), typeof(OutlookInput), typeof(ScenarioInput)];

    private static readonly HashSet<Type> ValueTypes =
    [
        typeof(bool), typeof(int), typeof(long), typeof(decimal), typeof(double), typeof(float), typeof(string),
        typeof(bool?), typeof(int?), typeof(long?), typeof(decimal?), typeof(double?), typeof(float?),
    ];

    private static readonly HashSet<string> EnumerableMethods =
    [
        "Any", "All", "Count", "Sum", "Min", "Max", "Average", "Where", "Select", "Contains", "First", "FirstOrDefault",
        "Last", "LastOrDefault", "OrderBy", "OrderByDescending", "Distinct", "Take", "Skip",
    ];

    private static readonly HashSet<string> StringMethods =
    [
        "Contains", "StartsWith", "EndsWith", "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "Trim",
        // No Concat: a rule decides, it does not build text, and chained concatenation (through LocalParams) doubles a
        // string at each step until the machine runs out of memory.
        "Equals", "Compare", "CompareOrdinal", "IsNullOrEmpty", "IsNullOrWhiteSpace", "op_Equality", "op_Inequality",
    ];

    private static readonly HashSet<string> MathMethods = ["Abs", "Round", "Min", "Max", "Floor", "Ceiling"];

    private readonly List<string> _refusals = [];

    private ExpressionGuard()
    {
    }

    /// <summary>Returns one message per refused construct; empty when the expression is safe.</summary>
    public static IReadOnlyList<string> Check(Expression expression)
    {
        var guard = new ExpressionGuard();
        guard.Visit(expression);
        return guard._refusals.Distinct(StringComparer.Ordinal).ToList();
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        var declaring = node.Member.DeclaringType!;
        var allowed = InputTypes.Contains(declaring) && node.Member is PropertyInfo { GetMethod.IsPublic: true }
            || declaring == typeof(string) && node.Member.Name == "Length"
            || IsCollection(declaring) && node.Member.Name == "Count"
            || IsNullable(declaring) && node.Member.Name is "Value" or "HasValue"
            || declaring == typeof(decimal) && node.Member is FieldInfo { IsLiteral: false, IsStatic: true } && node.Member.Name is "Zero" or "One";
        if (!allowed)
        {
            Refuse($"member '{Describe(declaring)}.{node.Member.Name}' is not allowed");
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var method = node.Method;
        var declaring = method.DeclaringType!;
        // Property setters (init accessors included) are methods too: only plain reads of our inputs are allowed.
        var allowed = InputTypes.Contains(declaring) && method.IsPublic && !method.IsStatic && !method.IsSpecialName && method.ReturnType != typeof(void)
                && declaring == method.GetBaseDefinition().DeclaringType
            || declaring == typeof(Enumerable) && EnumerableMethods.Contains(method.Name)
            || declaring == typeof(string) && StringMethods.Contains(method.Name)
            || declaring == typeof(Math) && MathMethods.Contains(method.Name)
            || IsArithmetic(method);
        if (!allowed)
        {
            Refuse($"method '{Describe(declaring)}.{method.Name}' is not allowed");
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is ExpressionType.Assign or ExpressionType.AddAssign or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign
            or ExpressionType.DivideAssign or ExpressionType.ModuloAssign or ExpressionType.AndAssign or ExpressionType.OrAssign or ExpressionType.ExclusiveOrAssign
            or ExpressionType.LeftShiftAssign or ExpressionType.RightShiftAssign or ExpressionType.PowerAssign or ExpressionType.AddAssignChecked
            or ExpressionType.SubtractAssignChecked or ExpressionType.MultiplyAssignChecked)
        {
            Refuse("assignment is not allowed: rules only read");
        }

        if (node.Method is { } method && !IsArithmetic(method) && !(method.DeclaringType == typeof(string) && StringMethods.Contains(method.Name)))
        {
            Refuse($"operator '{Describe(method.DeclaringType!)}.{method.Name}' is not allowed");
        }

        if (node.NodeType is ExpressionType.ArrayIndex)
        {
            Refuse("array indexing is not allowed");
        }

        return base.VisitBinary(node);
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (node.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs)
        {
            if (!IsAllowedType(node.Type) && node.Type != typeof(object))
            {
                Refuse($"conversion to '{Describe(node.Type)}' is not allowed");
            }
        }
        else if (node.NodeType is not (ExpressionType.Not or ExpressionType.Negate or ExpressionType.NegateChecked or ExpressionType.UnaryPlus or ExpressionType.Quote))
        {
            Refuse($"'{node.NodeType}' is not allowed");
        }

        if (node.Method is { } method && !IsArithmetic(method))
        {
            Refuse($"operator '{Describe(method.DeclaringType!)}.{method.Name}' is not allowed");
        }

        return base.VisitUnary(node);
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        if (node.Value is not null && !ValueTypes.Contains(node.Type) && node.Type != typeof(object))
        {
            Refuse($"a constant of type '{Describe(node.Type)}' is not allowed");
        }

        return base.VisitConstant(node);
    }

    protected override Expression VisitTypeBinary(TypeBinaryExpression node)
    {
        Refuse("type tests ('is') are not allowed");
        return base.VisitTypeBinary(node);
    }

    protected override Expression VisitNew(NewExpression node)
    {
        Refuse($"creating '{Describe(node.Type)}' objects is not allowed");
        return base.VisitNew(node);
    }

    protected override Expression VisitNewArray(NewArrayExpression node)
    {
        if (node.NodeType != ExpressionType.NewArrayInit || !IsAllowedType(node.Type.GetElementType()!))
        {
            Refuse($"creating '{Describe(node.Type)}' arrays is not allowed");
        }

        return base.VisitNewArray(node);
    }

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        Refuse("invoking delegates is not allowed");
        return base.VisitInvocation(node);
    }

    protected override Expression VisitListInit(ListInitExpression node)
    {
        Refuse("list initialisers are not allowed");
        return base.VisitListInit(node);
    }

    protected override Expression VisitMemberInit(MemberInitExpression node)
    {
        Refuse("object initialisers are not allowed");
        return base.VisitMemberInit(node);
    }

    protected override Expression VisitLoop(LoopExpression node)
    {
        Refuse("loops are not allowed");
        return base.VisitLoop(node);
    }

    protected override Expression VisitBlock(BlockExpression node)
    {
        Refuse("blocks are not allowed");
        return base.VisitBlock(node);
    }

    protected override Expression VisitTry(TryExpression node)
    {
        Refuse("try/catch is not allowed");
        return base.VisitTry(node);
    }

    protected override Expression VisitGoto(GotoExpression node)
    {
        Refuse("jumps are not allowed");
        return base.VisitGoto(node);
    }

    protected override Expression VisitDynamic(DynamicExpression node)
    {
        Refuse("dynamic calls are not allowed");
        return base.VisitDynamic(node);
    }

    protected override Expression VisitIndex(IndexExpression node)
    {
        Refuse("indexers are not allowed");
        return base.VisitIndex(node);
    }

    protected override Expression VisitParameter(ParameterExpression node)
    {
        if (!IsAllowedType(node.Type))
        {
            Refuse($"a parameter of type '{Describe(node.Type)}' is not allowed");
        }

        return base.VisitParameter(node);
    }

    private void Refuse(string message) => _refusals.Add(message);

    private static bool IsAllowedType(Type type) =>
        ValueTypes.Contains(type) || InputTypes.Contains(type) || IsCollection(type) && IsAllowedType(ElementType(type)!);

    private static bool IsCollection(Type type) =>
        type.IsArray || type.IsGenericType && ElementType(type) is not null && type.GetGenericTypeDefinition() is var d
            && (d == typeof(IEnumerable<>) || d == typeof(IReadOnlyList<>) || d == typeof(IReadOnlyCollection<>) || d == typeof(List<>) || d == typeof(IOrderedEnumerable<>));

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[0] : null;

    private static bool IsNullable(Type type) => Nullable.GetUnderlyingType(type) is not null;

    private static bool IsArithmetic(MethodInfo method) =>
        method.DeclaringType is { } t && (t == typeof(decimal) || t.IsPrimitive)
        && (method.Name.StartsWith("op_", StringComparison.Ordinal) || method.Name is "Compare" or "Add" or "Subtract" or "Multiply" or "Divide" or "Round" or "Negate" or "Equals");

    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.FullName ?? type.Name;
}
