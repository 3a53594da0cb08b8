namespace PluginHost.Diagnostics;

/// <summary>
/// The two folders a run reads paths against: the working folder (where a relative path on the command line starts)
/// and the app folder (the shipped plugins, rules, templates and samples). A process has one of each; a test that runs
/// the command line in-process gives its own for the length of that run, without touching the process's.
/// </summary>
internal static class Places
{
    private static readonly AsyncLocal<string?> s_working = new();
    private static readonly AsyncLocal<string?> s_app = new();
    private static readonly AsyncLocal<string?> s_workspace = new();

    public static string WorkingFolder => s_working.Value ?? Environment.CurrentDirectory;

    public static string AppFolder => s_app.Value ?? AppContext.BaseDirectory;

    /// <summary>The analyst workspace the run uses (the folder holding pluginhost.json), if any.</summary>
    public static string? Workspace
    {
        get => s_workspace.Value;
        set => s_workspace.Value = value is null ? null : Path.GetFullPath(value);
    }

    /// <summary>A path as the user wrote it, made absolute against the working folder.</summary>
    public static string Full(string path) => Path.GetFullPath(path, WorkingFolder);

    /// <summary>Sets both folders for the calling flow (an async method's caller keeps its own).</summary>
    public static void Use(string workingFolder, string appFolder)
    {
        s_working.Value = Path.GetFullPath(workingFolder);
        s_app.Value = Path.GetFullPath(appFolder);
        s_workspace.Value = null;
    }
}
