namespace PluginHost.Diagnostics;

/// <summary>Paths in messages are relative to the working folder when they can be, so they read short and stable.</summary>
internal static class DisplayPath
{
    public static string Of(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var relative = System.IO.Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full.Replace('\\', '/') : relative.Replace('\\', '/');
    }
}
