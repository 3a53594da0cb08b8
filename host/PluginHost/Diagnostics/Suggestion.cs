namespace PluginHost.Diagnostics;

/// <summary>
/// The valid name a mistyped one most likely meant, for an error that lists the valid names: "enrolment" for
/// "enrollment", "adminstrative" for "administrative". An analyst reading a list of fifteen fields should not have to
/// find the one letter themselves.
/// </summary>
internal static class Suggestion
{
    /// <summary>
    /// The one valid name that differs from <paramref name="typed"/> only in case, or else by the fewest single-letter
    /// edits (a letter added, dropped, changed, or two neighbours swapped), at most one edit for a name of up to four
    /// letters and two for a longer one; null when there is none, or when two names are equally close.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> valid)
    {
        var names = valid.Where(n => !string.Equals(n, typed, StringComparison.Ordinal)).ToList();
        var sameLetters = names.Where(n => string.Equals(n, typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sameLetters.Count > 0)
        {
            return sameLetters.Count == 1 ? sameLetters[0] : null;
        }

        var limit = typed.Length <= 4 ? 1 : 2;
        var best = (Name: (string?)null, Distance: int.MaxValue, Ties: 0);
        foreach (var name in names)
        {
            if (Math.Abs(name.Length - typed.Length) > limit)
            {
                continue;
            }

            var distance = Edits(typed.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < best.Distance)
            {
                best = (name, distance, 0);
            }
            else if (distance == best.Distance)
            {
                best.Ties++;
            }
        }

        return best.Distance <= limit && best.Ties == 0 ? best.Name : null;
    }

    /// <summary>" (did you mean 'enrollment'?)", or nothing when no valid name is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> valid) =>
        Closest(typed, valid) is { } name ? $" (did you mean '{name}'?)" : "";

    /// <summary>Single-letter edits from one text to the other, a swap of neighbours counting as one (optimal string alignment).</summary>
    private static int Edits(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
