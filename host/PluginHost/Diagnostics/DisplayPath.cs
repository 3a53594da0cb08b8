namespace PluginHost.Diagnostics;

/// <summary>Paths in messages are relative to the working folder when they can be, so they read short and stable.</summary>
internal static class DisplayPath
{
    public static string Of(string path)
    {
        var full = Places.Full(path);
        var relative = System.IO.Path.GetRelativePath(Places.WorkingFolder, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full.Replace('\\', '/') : relative.Replace('\\', '/');
    }

    private static string? Inside(string folder, string full)
    {
        var relative = System.IO.Path.GetRelativePath(folder, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? null : relative.Replace('\\', '/');
    }

    /// <summary>
    /// How a memo names a file it rests on: relative to the working folder when it lies under it, else relative to
    /// the app's own folder ("app/samples/…") for the files shipped with it, so no build or install path reaches a board.
    /// </summary>
    public static string InMemo(string path)
    {
        // A district run names the same policy file for every school, between the schools' own files: the last two
        // answers on this thread are kept, for the same path (the same string) and the same folders.
        var (workspace, working, app) = (Places.Workspace, Places.WorkingFolder, Places.AppFolder);
        if (t_last is { } last && last.Names(path, workspace, working, app))
        {
            return last.Text;
        }

        if (t_previous is { } previous && previous.Names(path, workspace, working, app))
        {
            (t_last, t_previous) = (previous, t_last);
            return previous.Text;
        }

        var named = Name(path);
        (t_last, t_previous) = (new Named(path, workspace, working, app, named), t_last);
        return named;
    }

    private sealed record Named(string Path, string? Workspace, string Working, string App, string Text)
    {
        public bool Names(string path, string? workspace, string working, string app) =>
            ReferenceEquals(Path, path) && Workspace == workspace && Working == working && App == app;
    }

    [ThreadStatic]
    private static Named? t_last;

    [ThreadStatic]
    private static Named? t_previous;

    private static string Name(string path)
    {
        var full = Places.Full(path);
        if (Places.Workspace is { } workspace && Inside(workspace, full) is { } inWorkspace)
        {
            // A workspace is the district's own folder: its files are named from its root, wherever the run started.
            return inWorkspace;
        }

        var relative = System.IO.Path.GetRelativePath(Places.WorkingFolder, full);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(relative))
        {
            return relative.Replace('\\', '/');
        }

        var shipped = System.IO.Path.GetRelativePath(Places.AppFolder, full);
        return !shipped.StartsWith("..", StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(shipped)
            ? "app/" + shipped.Replace('\\', '/')
            : full.Replace('\\', '/');
    }
}
