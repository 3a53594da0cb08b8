namespace PluginHost.Policy;

/// <summary>One entry of rules/recommendations.json.</summary>
internal sealed record Recommendation
{
    public required string Id { get; init; }
    public required string Group { get; init; }
    public required string Title { get; init; }
    public required string Text { get; init; }
    public string Source { get; init; } = "";

    /// <summary>Who acts on it (<see cref="Owners"/>), and when it can take effect (<see cref="Timings"/>).</summary>
    public required string Owner { get; init; }

    public required string When { get; init; }

    /// <summary>The entry as the serialiser reads it, when it has every required field; otherwise null (<see cref="Io.JsonFields"/>).</summary>
    public static Recommendation? Bind(System.Text.Json.JsonElement value) =>
        Io.JsonFields.Fields(value, new Recommendation { Id = null!, Group = null!, Title = null!, Text = null!, Owner = null!, When = null! }, (entry, field) =>
            Io.JsonFields.Text(field.Value) is not { } text ? null : field.Name switch
            {
                "id" => entry with { Id = text },
                "group" => entry with { Group = text },
                "title" => entry with { Title = text },
                "text" => entry with { Text = text },
                "source" => entry with { Source = text },
                "owner" => entry with { Owner = text },
                "when" => entry with { When = text },
                _ => null,
            }) is { Id: not null, Group: not null, Title: not null, Text: not null, Owner: not null, When: not null } made ? made : null;
}

internal sealed record RecommendationCatalog
{
    public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];

    /// <summary>The catalog as the serialiser reads it, or null (<see cref="Io.JsonFields"/>).</summary>
    public static RecommendationCatalog? Bind(System.Text.Json.JsonElement root) =>
        Io.JsonFields.Fields(root, new RecommendationCatalog(), (catalog, field) => field.Name switch
        {
            "recommendations" when Io.JsonFields.Items(field.Value, Recommendation.Bind) is { } entries => catalog with { Recommendations = entries },
            _ => null,
        });
}
