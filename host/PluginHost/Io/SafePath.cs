using System.Text.RegularExpressions;
using PluginHost.Diagnostics;

namespace PluginHost.Io;

/// <summary>
/// Output paths are decided here, never by a schema a workspace can edit: a school id becomes a folder name only if
/// it is a safe slug, and every path is checked to lie under --out after it is resolved.
/// </summary>
internal static partial class SafePath
{
    public const int MaxIdLength = 100;

    /// <summary>Null when the id is a safe folder name; otherwise why not, in words for the error message.</summary>
    public static string? WhyUnsafe(string id) =>
        id.Length == 0 ? "it is empty"
        : id.Length > MaxIdLength ? $"it is {id.Length} characters long; the limit is {MaxIdLength}"
        : !Slug().IsMatch(id) ? "only lower-case letters, digits and hyphens are allowed, starting with a letter or digit"
        : null;

    /// <summary>The folder for one school's outputs, inside <paramref name="outDirectory"/>, or a PH5003 error.</summary>
    public static string Under(string outDirectory, string name)
    {
        var root = Path.GetFullPath(outDirectory);
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (WhyUnsafe(name) is { } reason || !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(root), ErrorCodes.WriteFailed,
                $"refused to write outside --out or under an unsafe name '{Printable.Of(name)}'{(WhyUnsafe(name) is { } why ? $": {why}" : "")}"));
        }

        return full;
    }

    // \z, not $: in .NET "$" also matches before a final newline, which would let "school\n" through.
    [GeneratedRegex("^[a-z0-9][a-z0-9-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}

/// <summary>Text as a terminal, a CSV cell or a memo may show it: control and bidirectional-override characters removed.</summary>
internal static class Printable
{
    public static string Of(string text) =>
        // Every string of every memo passes here: one vectorised search finds the rare text that needs a copy.
        text.AsSpan().IndexOfAny(Hidden) < 0 ? text : new string(text.Where(h => !IsHidden(h)).ToArray());

    /// <summary>C0/C1 controls (NUL, ESC, …), and the bidi controls that can make text read differently from what it is.</summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u061C' or '\uFEFF';

    private static readonly System.Buffers.SearchValues<char> Hidden =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(IsHidden)]);
}
