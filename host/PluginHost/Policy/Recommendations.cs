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
}

internal sealed record RecommendationCatalog
{
    public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];
}
