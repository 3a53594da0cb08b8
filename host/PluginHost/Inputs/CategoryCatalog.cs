namespace PluginHost.Inputs;

/// <summary>One entry of rules/categories.json: what a position or budget line is, for cutting.</summary>
internal sealed record CategoryDefinition
{
    public required string Id { get; init; }
    public required string Label { get; init; }

    /// <summary>Staff positions may be filed here.</summary>
    public required bool Personnel { get; init; }

    /// <summary>Non-personnel lines may be filed here; unset means "when not personnel".</summary>
    public bool? Spending { get; init; }

    /// <summary>False for money a school's scenario never cuts, such as central staff.</summary>
    public required bool SchoolCuttable { get; init; }

    public bool TakesSpending => Spending ?? !Personnel;

    /// <summary>The category as the serialiser reads it, when it has every required field; otherwise null (<see cref="Io.JsonFields"/>).</summary>
    public static CategoryDefinition? Bind(System.Text.Json.JsonElement value) =>
        Io.JsonFields.Fields(value, new CategoryDefinition { Id = null!, Label = null!, Personnel = false, SchoolCuttable = false }, (category, field) => field.Name switch
        {
            "id" when Io.JsonFields.Text(field.Value) is { } id => category with { Id = id },
            "label" when Io.JsonFields.Text(field.Value) is { } label => category with { Label = label },
            "personnel" when Io.JsonFields.Flag(field.Value) is { } flag => category with { Personnel = flag },
            "spending" when Io.JsonFields.Flag(field.Value) is { } flag => category with { Spending = flag },
            "spending" when Io.JsonFields.IsNull(field.Value) => category with { Spending = null },
            "schoolCuttable" when Io.JsonFields.Flag(field.Value) is { } flag => category with { SchoolCuttable = flag },
            _ => null,
        }) is { Id: not null, Label: not null } made && value.TryGetProperty("personnel", out _) && value.TryGetProperty("schoolCuttable", out _) ? made : null;
}

/// <summary>
/// The one list of categories. Profile and mapping schemas, rules, the budget engine and memos all read it, so a
/// district adds a category with a JSON edit and no rebuild. Its order breaks ties between equal cut priorities.
/// </summary>
internal sealed record CategoryCatalog(IReadOnlyList<CategoryDefinition> Categories)
{
    public const string FileName = "categories.json";
    public const string SchemaFile = "categories.schema.json";

    /// <summary>The category ids as rules and schemas name them.</summary>
    public IReadOnlyList<string> Ids { get; } = Categories.Select(c => c.Id).ToList();

    public IReadOnlyList<string> PersonnelIds { get; } = Categories.Where(c => c.Personnel).Select(c => c.Id).ToList();

    public IReadOnlyList<string> SpendingIds { get; } = Categories.Where(c => c.TakesSpending).Select(c => c.Id).ToList();

    public IReadOnlyList<string> CuttableIds { get; } = Categories.Where(c => c.SchoolCuttable).Select(c => c.Id).ToList();

    public CategoryDefinition? Find(string id)
    {
        foreach (var category in Categories)
        {
            if (string.Equals(category.Id, id, StringComparison.Ordinal))
            {
                return category;
            }
        }

        return null;
    }

    public string Label(string id) => Find(id)?.Label ?? id;

    public int RankOf(string id) => Ids.RankOf(id);
}

internal static class OrderExtensions
{
    /// <summary>The item's place in an ordering list; items the list does not name come after all that it does.</summary>
    public static int RankOf(this IReadOnlyList<string> order, string item)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>Whether the list holds the item, compared ordinally (LINQ's Contains with a comparer allocates an enumerator per call).</summary>
    public static bool ContainsOrdinal(this IReadOnlyList<string> list, string item) => list.RankOf(item) != int.MaxValue;

    /// <summary>Adds the item unless the list already holds it (ordinally): a short list kept in first-seen order, each item once.</summary>
    public static void AddOnce(this List<string> list, string item)
    {
        if (!list.ContainsOrdinal(item))
        {
            list.Add(item);
        }
    }
}

/// <summary>The ratios a model can be designed around (a plugin's designRatio) and judged on at a cut.</summary>
internal static class JudgedRatios
{
    public const string StudentsPerTeacher = "students-per-teacher";
    public const string StudentsPerInstructionalStaff = "students-per-instructional-staff";
}
