using System.Text;

namespace PluginHost.Formatting;

/// <summary>
/// A builder kept in a thread-static field between uses, for text made over and over (memos, pages): only
/// the finished text is a new string. One grown past <c>limit</c> characters by a large use is let go, so a thread does
/// not hold on to the largest text it ever made.
/// </summary>
internal static class KeptBuilder
{
    /// <summary>The field's builder, emptied and with room for <paramref name="capacity"/> characters; a new one when there is none or it grew past <paramref name="limit"/>.</summary>
    public static StringBuilder Take(ref StringBuilder? kept, int capacity, int limit)
    {
        if (kept is not { } builder || builder.Capacity > limit)
        {
            kept = builder = new StringBuilder(capacity);
        }

        builder.Clear().EnsureCapacity(capacity);
        return builder;
    }
}
