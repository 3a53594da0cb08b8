using System.Globalization;
using System.Text.RegularExpressions;

namespace PluginHost.Catalog;

/// <summary>What a plugin says about itself in plugin.json, read before any of its code runs.</summary>
internal sealed record PluginManifest
{
    public const string FileName = "plugin.json";

    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Archetype { get; init; }
    public required string Contract { get; init; }
    public required string EntryAssembly { get; init; }
    public string Description { get; init; } = "";

    /// <summary>The ratio the model is judged on at a cut (<see cref="Inputs.JudgedRatios"/>); students per teacher unless it says otherwise.</summary>
    public string DesignRatio { get; init; } = Inputs.JudgedRatios.StudentsPerTeacher;

    /// <summary>The manifest as the serialiser reads it, when it has every required field; otherwise null (<see cref="Io.JsonFields"/>).</summary>
    public static PluginManifest? Bind(System.Text.Json.JsonElement root) =>
        Io.JsonFields.Fields(root, new PluginManifest { Id = null!, Version = null!, Archetype = null!, Contract = null!, EntryAssembly = null! }, (manifest, field) =>
            Io.JsonFields.Text(field.Value) is not { } text ? null : field.Name switch
            {
                "id" => manifest with { Id = text },
                "version" => manifest with { Version = text },
                "archetype" => manifest with { Archetype = text },
                "contract" => manifest with { Contract = text },
                "entryAssembly" => manifest with { EntryAssembly = text },
                "description" => manifest with { Description = text },
                "designRatio" => manifest with { DesignRatio = text },
                _ => null,
            }) is { Id: not null, Version: not null, Archetype: not null, Contract: not null, EntryAssembly: not null } made ? made : null;
}

/// <summary>A half-open range of contract versions, written [1.0,2.0).</summary>
internal sealed partial record ContractRange(Version Minimum, Version MaximumExclusive)
{
    public static ContractRange Parse(string text)
    {
        var match = RangePattern().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a contract range; write it as [1.0,2.0)");
        }

        return new ContractRange(
            new Version(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)),
            new Version(int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture)));
    }

    public bool Contains(Version version) =>
        new Version(version.Major, version.Minor) >= Minimum && new Version(version.Major, version.Minor) < MaximumExclusive;

    public override string ToString() => $"[{Minimum.ToString(2)},{MaximumExclusive.ToString(2)})";

    [GeneratedRegex(@"^\[(\d+)\.(\d+),(\d+)\.(\d+)\)$")]
    private static partial Regex RangePattern();
}
