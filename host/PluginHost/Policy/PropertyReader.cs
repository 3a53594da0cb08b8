using System.Globalization;
using Newtonsoft.Json.Linq;
using PluginHost.Diagnostics;

namespace PluginHost.Policy;

/// <summary>Reads a rule's Properties with one clear message per missing or mistyped entry.</summary>
internal sealed class PropertyReader
{
    private readonly Dictionary<string, object>? _properties;
    private readonly string _rule;
    private readonly RuleOrigin _origin;
    private readonly List<Diagnostic> _diagnostics;

    public PropertyReader(Dictionary<string, object>? properties, string rule, RuleOrigin origin, List<Diagnostic> diagnostics)
    {
        _properties = properties;
        _rule = rule;
        _origin = origin;
        _diagnostics = diagnostics;
    }

    public string? String(string key, bool required)
    {
        var value = Get(key, required);
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text;
            default:
                Fail($"Properties.{key} must be text; found {Describe(value)}");
                return null;
        }
    }

    public string? Choice(string key, IReadOnlyList<string> allowed, bool required)
    {
        var value = String(key, required);
        if (value is not null && !allowed.Contains(value))
        {
            Fail($"Properties.{key} is '{value}'; valid values: {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    public int? Int(string key, int min, int max, bool required)
    {
        var value = Get(key, required);
        if (value is null)
        {
            return null;
        }

        if (value is long or int && Convert.ToInt64(value, CultureInfo.InvariantCulture) is var number && number >= min && number <= max)
        {
            return (int)number;
        }

        Fail($"Properties.{key} is {Describe(value)}; use a whole number from {min} to {max}");
        return null;
    }

    public decimal? Decimal(string key, decimal min, decimal max)
    {
        var value = Get(key, required: false);
        if (value is null)
        {
            return null;
        }

        if (value is long or int or double or decimal && Convert.ToDecimal(value, CultureInfo.InvariantCulture) is var number && number >= min && number <= max)
        {
            return number;
        }

        Fail($"Properties.{key} is {Describe(value)}; use a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    public IReadOnlyList<string> Strings(string key)
    {
        var value = Get(key, required: false);
        if (value is null)
        {
            return [];
        }

        if (value is JArray array && array.All(t => t.Type == JTokenType.String))
        {
            return array.Select(t => (string)t!).ToList();
        }

        Fail($"Properties.{key} must be a list of text values; found {Describe(value)}");
        return [];
    }

    /// <summary>An object of role → FTE, such as <c>{ "clerk": 1 }</c>: how much of each role a cut must leave.</summary>
    public IReadOnlyDictionary<string, decimal> RoleMinimums(string key)
    {
        var value = Get(key, required: false);
        if (value is null)
        {
            return new Dictionary<string, decimal>(StringComparer.Ordinal);
        }

        if (value is JObject entries && entries.Properties().All(p => p.Value.Type is JTokenType.Integer or JTokenType.Float && p.Value.Value<decimal>() is >= 0m and <= 100m))
        {
            return entries.Properties().ToDictionary(p => p.Name, p => p.Value.Value<decimal>(), StringComparer.Ordinal);
        }

        Fail($"Properties.{key} must be an object of role names and FTE from 0 to 100, for example {{ \"clerk\": 1 }}; found {Describe(value)}");
        return new Dictionary<string, decimal>(StringComparer.Ordinal);
    }

    private object? Get(string key, bool required)
    {
        if (_properties is not null && _properties.TryGetValue(key, out var value) && value is not null)
        {
            return value is JValue jvalue ? jvalue.Value : value;
        }

        if (required)
        {
            Fail($"Properties.{key} is required");
        }

        return null;
    }

    private void Fail(string message) => _diagnostics.Add(_origin.Error(ErrorCodes.RuleSchema, $"{_rule}: {message}"));

    private static string Describe(object value) => value switch
    {
        string s => $"'{s}'",
        JArray => "a list",
        JObject => "an object",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
