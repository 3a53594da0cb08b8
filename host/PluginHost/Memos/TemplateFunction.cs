using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PluginHost.Memos;

/// <summary>
/// A function templates call (money, percent, chart, …), invoked directly. Scriban's own import wraps a delegate and
/// calls it through reflection on every call; a memo makes hundreds of calls, and that was a tenth of its rendering.
/// Scriban still checks the number of arguments against the names given here, with its own error message.
/// </summary>
internal sealed class TemplateFunction : IScriptCustomFunction
{
    private readonly ScriptParameterInfo[] _parameters;
    private readonly Func<TemplateContext, ScriptArray, object?> _body;

    private TemplateFunction(Type returnType, string[] parameters, Func<TemplateContext, ScriptArray, object?> body)
    {
        ReturnType = returnType;
        _parameters = [.. parameters.Select(name => new ScriptParameterInfo(typeof(object), name))];
        _body = body;
    }

    public static TemplateFunction Of(Func<object?, string> body) => new(typeof(string), ["value"], (_, a) => body(a[0]));

    public static TemplateFunction Of(Func<object?, object?, string> body) => new(typeof(string), ["first", "second"], (_, a) => body(a[0], a[1]));

    /// <summary>A number and the words for one and for many, which reach the function as text.</summary>
    public static TemplateFunction Counted(Func<object?, string, string, string> body) =>
        new(typeof(string), ["n", "one", "many"], (c, a) => body(a[0], c.ObjectToString(a[1]) ?? "", c.ObjectToString(a[2]) ?? ""));

    /// <summary>A function of a name, which reaches it as text.</summary>
    public static TemplateFunction OfName<T>(Func<string, T> body) => new(typeof(T), ["name"], (c, a) => body(c.ObjectToString(a[0]) ?? ""));

    public int RequiredParameterCount => _parameters.Length;

    public int ParameterCount => _parameters.Length;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType { get; }

    public ScriptParameterInfo GetParameterInfo(int index) => _parameters[index];

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) => _body(context, arguments);

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));
}
