using System.CommandLine;
using System.Globalization;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Memos;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>The options several commands share, and how their text becomes validated values.</summary>
internal static class CliOptions
{
    public static IReadOnlyList<int> DefaultCuts => DistrictWorkspace.DefaultCuts;
    public const int MaxCut = 60;
    public const string DefaultCulture = DistrictWorkspace.DefaultCulture;

    public static Option<string?> Plugins { get; } = new("--plugins") { Description = "Plugin folder (default: the plugins shipped beside the app)", Recursive = true };
    public static Option<string?> Rules { get; } = new("--rules") { Description = "District rules folder (default: the rules shipped beside the app)", Recursive = true };
    public static Option<string?> Templates { get; } = new("--templates") { Description = "Template overrides: a file here replaces the shipped template of the same name", Recursive = true };
    public static Option<bool> TrustUnpinned { get; } = new("--trust-unpinned") { Description = "Run plugins that plugins.lock.json does not pin (for a plugin you are developing)", Recursive = true };
    public static Option<int?> MaxInputMegabytes { get; } = new("--max-input-mb") { Description = "Largest profile, policy or rules file read, in MB (default 16)", Recursive = true };
    public static Option<string?> Workspace { get; } = new("--workspace") { Description = "Workspace folder (default: the nearest folder at or above this one holding pluginhost.json)", Recursive = true };
    public static Option<string?> Chromium { get; } = new("--chromium") { Description = "Chromium executable for --format pdf (default: chromium on PATH)", Recursive = true };

    public static Option<string?> Out() => new("--out") { Description = "Output folder (default: ./out/<command>)" };
    /// <param name="otherwise">What becomes of a subfolder's profiles without it: "read" or "compared".</param>
    public static Option<bool> Recursive(string otherwise = "read") => new("--recursive") { Description = $"Read the profiles in DIR's subfolders too (without it, subfolders holding .json files are named, not {otherwise})" };
    public static Option<string?> Policy() => new("--policy") { Description = "District policy file (default: a *policy*.json beside the input, else a neutral policy)" };
    // Typed options: a bad value is a parse error, reported with every other one before the command runs.
    public static Option<IReadOnlyList<string>> Format(IReadOnlyList<string>? defaults = null) => new("--format")
    {
        Description = $"Output formats, comma-separated: md, html, json, pdf (default: {string.Join(",", defaults ?? [OutputFormats.Markdown, OutputFormats.Html])})",
        CustomParser = r => Parsed(r, ParseFormats),
        DefaultValueFactory = _ => defaults ?? [OutputFormats.Markdown, OutputFormats.Html],
    };

    public static Option<IReadOnlyList<int>> Cuts() => new("--cuts")
    {
        Description = "Cut scenarios in percent of general funding, comma-separated, each 0–60 (default: 10,20,30)",
        CustomParser = r => Parsed(r, ParseCuts),
        DefaultValueFactory = _ => DefaultCuts,
    };

    public static Option<DateOnly?> AsOf() => new("--as-of")
    {
        Description = "As-of date, yyyy-MM-dd (default: the start of the profile's fiscal year)",
        CustomParser = r => Parsed(r, ParseAsOf),
    };

    public static Option<CultureInfo> Culture() => new("--culture")
    {
        Description = "Culture for numbers in memos (default: en-US)",
        CustomParser = r => Parsed(r, ParseCulture),
        DefaultValueFactory = _ => ParseCulture(null),
    };

    /// <summary>Runs one of the parsers below on an option's text; its message becomes a parse error, not an exception.</summary>
    private static T? Parsed<T>(System.CommandLine.Parsing.ArgumentResult result, Func<string?, T> parse)
    {
        try
        {
            return parse(result.Tokens.Count == 0 ? null : result.Tokens[^1].Value);
        }
        catch (DiagnosticException ex)
        {
            result.AddError(ex.Diagnostics[0].Message);
            return default;
        }
    }

    /// <summary>The workspace the run uses: --workspace, else the nearest pluginhost.json at or above the working folder.</summary>
    public static DistrictWorkspace? FindWorkspace(ParseResult parse)
    {
        var root = parse.GetValue(Workspace) is { } given ? Places.Full(given) : DistrictWorkspace.FindRoot(Places.WorkingFolder);
        return root is null ? null : DistrictWorkspace.Open(root, new Inputs.JsonInputReader(Path.Combine(Places.AppFolder, "rules", "schemas")));
    }

    /// <summary>Binds the global folder options onto the run's options (validated when the host starts); explicit folders beat the workspace's.</summary>
    public static void BindFolders(ParseResult parse, PluginHostOptions options, DistrictWorkspace? workspace)
    {
        if (workspace is not null)
        {
            options.Workspace = workspace;
            options.RulesDirectory = workspace.Rules;
            options.TemplatesDirectory = Directory.Exists(workspace.Templates) ? workspace.Templates : options.TemplatesDirectory;
            options.WorkspacePluginsDirectory = parse.GetValue(Plugins) is null ? workspace.Plugins : null;
        }

        if (parse.GetValue(Plugins) is { } plugins)
        {
            options.PluginsDirectory = Places.Full(plugins);
        }

        if (parse.GetValue(Rules) is { } rules)
        {
            options.RulesDirectory = Places.Full(rules);
        }

        if (parse.GetValue(Templates) is { } templates)
        {
            options.TemplateOverridesDirectory = Places.Full(templates);
        }

        options.ChromiumPath = parse.GetValue(Chromium);
        options.TrustUnpinned = parse.GetValue(TrustUnpinned);
    }

    /// <summary>Limits that hold for the whole run, set on the run's own flow before anything is read.</summary>
    public static void ApplyLimits(ParseResult parse)
    {
        if (parse.GetValue(MaxInputMegabytes) is { } megabytes)
        {
            Inputs.JsonInputReader.MaxInputBytes = Math.Clamp(megabytes, 1, 4096) * 1024L * 1024L;
        }
    }

    /// <summary>The PDF printer when pdf is among the formats, found before any school runs; null otherwise.</summary>
    public static Io.ChromiumPdf? Printer(IReadOnlyList<string> formats, PluginHostOptions options) =>
        formats.Contains(OutputFormats.Pdf) ? Io.ChromiumPdf.Locate(options.ChromiumPath) : null;

    public static IReadOnlyList<int> ParseCuts(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultCuts;
        }

        var cuts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cut) || cut < 0 || cut > MaxCut)
            {
                throw Usage($"--cuts: '{part}' is not a whole percent from 0 to {MaxCut}; write for example --cuts 10,20,30");
            }

            cuts.Add(cut);
        }

        return cuts.Distinct().Order().ToList();
    }

    public static IReadOnlyList<string> ParseFormats(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [OutputFormats.Markdown, OutputFormats.Html];
        }

        var formats = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.ToLowerInvariant()).ToList();
        var unknown = formats.FirstOrDefault(f => !OutputFormats.All.Contains(f));
        return unknown is null ? formats : throw Usage($"--format: '{unknown}' is not a format{Suggestion.DidYouMean(unknown, OutputFormats.All)}; valid formats: {string.Join(", ", OutputFormats.All)}");
    }

    public static DateOnly? ParseAsOf(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw Usage($"--as-of: '{text}' is not a date; write it as yyyy-MM-dd, for example 2017-07-01");

    public static CultureInfo ParseCulture(string? text)
    {
        var name = text ?? DefaultCulture;
        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return culture;
        }
        catch (CultureNotFoundException)
        {
            throw Usage($"--culture: '{name}' is not a known culture; use a name such as en-US, en-GB or es-US");
        }
    }

    /// <summary>--out, else out/&lt;command&gt; in the workspace (or the working folder outside one).</summary>
    public static string OutDirectory(string? text, string command) =>
        text is not null ? Places.Full(text) : Path.Combine(Places.Workspace ?? Places.WorkingFolder, "out", command);

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The option's value when the user gave it; null when its default would apply (so a workspace setting can).</summary>
    public static T? GivenValue<T>(ParseResult parse, Option<T> option)
        where T : class => Given(parse, option) ? parse.GetValue(option) : null;

    public static DiagnosticException Usage(string message) => new(Diagnostic.Error("pluginhost", ErrorCodes.Usage, message));
}
