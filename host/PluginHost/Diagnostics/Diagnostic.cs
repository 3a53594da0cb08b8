using System.Globalization;

namespace PluginHost.Diagnostics;

internal enum Severity
{
    Error,
    Warning,
}

/// <summary>One problem, in the single format the tool prints everywhere.</summary>
internal sealed record Diagnostic(string Path, int? Line, int? Column, string Code, string Message, Severity Severity = Severity.Error)
{
    public static Diagnostic Error(string path, string code, string message, int? line = null, int? column = null) =>
        new(path, line, column, code, message);

    public static Diagnostic Warning(string path, string code, string message, int? line = null, int? column = null) =>
        new(path, line, column, code, message, Severity.Warning);

    public override string ToString()
    {
        var where = Line is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"{Path}({line},{Column ?? 1})")
            : Path;
        var kind = Severity == Severity.Error ? "error" : "warning";
        // Messages quote input values; a NUL, an escape sequence or a bidi override must not reach a terminal.
        return Io.Printable.Of($"{where}: {kind} {Code}: {Message}");
    }
}

/// <summary>Thrown where a step cannot go on; carries every problem found, not just the first.</summary>
internal sealed class DiagnosticException : Exception
{
    public DiagnosticException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public DiagnosticException(Diagnostic diagnostic)
        : this([diagnostic])
    {
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
