using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PluginHost.Memos;

/// <summary>
/// Finds templates by name: the --templates override folder first, then the plugins' templates, then the
/// shipped folder. A file in the override folder replaces the shipped file of the same name; the rest fall back.
/// </summary>
internal sealed class TemplateLibrary : ITemplateLoader
{
    public const string Extension = ".sbn";
    private readonly IReadOnlyList<string> _folders;

    // A library serves one workspace snapshot (watch builds a new one on every reload), so where a name resolves can
    // be remembered: resolving links walks the path one folder at a time, too slow to repeat for every include of every school.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _found = new(StringComparer.Ordinal);

    public TemplateLibrary(IReadOnlyList<string> folders)
    {
        _folders = folders.Where(Directory.Exists).ToList();
    }

    public IReadOnlyList<string> Folders => _folders;

    public string? Find(string name) => _found.GetOrAdd(name, Locate);

    private string? Locate(string name)
    {
        var file = name.EndsWith(Extension, StringComparison.Ordinal) ? name : name + Extension;
        if (file.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(file))
        {
            return null;
        }

        return _folders.Select(f => Path.Combine(f, file)).FirstOrDefault(path => File.Exists(path) && StaysInside(path));
    }

    /// <summary>
    /// A template is read only if it really lies in its folder: a symbolic link (the file or a folder on the way)
    /// that leads elsewhere, such as to /etc/passwd, is treated as no template at all.
    /// </summary>
    private bool StaysInside(string path)
    {
        var real = Resolve(Path.GetFullPath(path));
        return _folders.Any(folder => real.StartsWith(Resolve(Path.GetFullPath(folder)).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    private static string Resolve(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(path) ?? "/";
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = target.FullName;
            }
        }

        return current;
    }

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        Find(templateName) ?? throw new ScriptRuntimeException(callerSpan,
            $"template '{templateName}' not found in {string.Join(", ", _folders.Select(Diagnostics.DisplayPath.Of))}");

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => File.ReadAllText(templatePath);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        new(File.ReadAllTextAsync(templatePath)!);
}
