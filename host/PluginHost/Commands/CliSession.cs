using PluginHost.Diagnostics;
using Spectre.Console;

namespace PluginHost.Commands;

/// <summary>
/// Where one run of the command line reads and writes: its output and error writers, its working folder, the app
/// folder that holds the shipped plugins, rules and templates, and whether a person is watching (a progress bar).
/// The process's own is <see cref="Process"/>; tests run the command line in-process with their own writers and folder.
/// </summary>
internal sealed record CliSession(TextWriter Out, TextWriter Error, string WorkingFolder, string AppFolder, bool Interactive)
{
    /// <summary>Replaces services for this session's runs (tests: a change signal pushed by hand instead of the file system).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services { get; init; }

    private static readonly AsyncLocal<CliSession?> s_current = new();

    public static CliSession Process => new(Console.Out, Console.Error, Environment.CurrentDirectory, AppContext.BaseDirectory,
        Interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected);

    /// <summary>The session of the run in progress on this flow.</summary>
    public static CliSession Current => s_current.Value ?? Process;

    /// <summary>Tables and progress bars on this session's output: colour only where a person is watching.</summary>
    public IAnsiConsole Ansi()
    {
        var console = ReferenceEquals(Out, Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        // Output to a file or a pipe has no window to fit: a table is drawn as wide as it needs (up to a wide page)
        // rather than broken at 80 columns, where 'multi-age-co-teaching' became 'multi-age-co-t' over 'eaching'.
        if (!ReferenceEquals(Out, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, WideOutput);
        }

        return console;
    }

    /// <summary>The width of a table written to a file or a pipe.</summary>
    public const int WideOutput = 200;

    public void Enter()
    {
        s_current.Value = this;
        Places.Use(WorkingFolder, AppFolder);
    }
}
