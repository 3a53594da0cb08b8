using PluginHost.Diagnostics;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>Diagnostics to stderr in the one format; what was written to stdout. Safe to call from parallel work.</summary>
internal sealed class Reporter
{
    private readonly Lock _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public Reporter(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public void Report(IEnumerable<Diagnostic> diagnostics)
    {
        lock (_gate)
        {
            foreach (var diagnostic in diagnostics)
            {
                _error.WriteLine(diagnostic.ToString());
            }
        }
    }

    public void Report(Diagnostic diagnostic) => Report([diagnostic]);

    public void Line(string text)
    {
        lock (_gate)
        {
            _out.WriteLine(text);
        }
    }
}
