using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginHost.Diagnostics;
using PluginHost.Inputs;
using PluginHost.Io;

namespace PluginHost.Runs;

/// <summary>pluginhost.json: the marker of a workspace and its few settings.</summary>
internal sealed record WorkspaceSettings(string Name, int? FiscalYear, IReadOnlyList<int>? Cuts, string? Culture);

/// <summary>
/// A district's own folder, kept in git: pluginhost.json, rules/, templates/, plugins/, policy.json, profiles/.
/// Every command run inside one (found by walking up from the working folder, or named with --workspace) reads
/// its folders; outside one, the shipped ones.
/// </summary>
internal sealed record DistrictWorkspace(string Root, WorkspaceSettings Settings)
{
    public const string MarkerFile = "pluginhost.json";
    public const string SchemaFile = "workspace.schema.json";

    public string Rules => Path.Combine(Root, "rules");
    public string Templates => Path.Combine(Root, "templates");
    public string Plugins => Path.Combine(Root, "plugins");
    public string Policy => Path.Combine(Root, "policy.json");
    public string Profiles => Path.Combine(Root, "profiles");
    public string Overrides => Path.Combine(Root, "overrides");

    /// <summary>How memos name it in their provenance.</summary>
    public string Label => Settings.Name;

    /// <summary>The nearest folder at or above <paramref name="start"/> holding pluginhost.json, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, MarkerFile)))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    /// <summary>Reads a workspace's settings, checked against the workspace schema it carries (or the shipped one).</summary>
    public static DistrictWorkspace Open(string root, JsonInputReader shippedSchemas)
    {
        var marker = Path.Combine(root, MarkerFile);
        if (!File.Exists(marker))
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(root), ErrorCodes.WorkspaceFolder,
                $"--workspace: the folder has no {MarkerFile}; create a workspace with 'init DIR' or name a folder that holds one"));
        }

        var settings = shippedSchemas.Read<WorkspaceSettings>(marker, SchemaFile, ErrorCodes.WorkspaceSettings).Model;
        if (settings.Culture is { } culture && !IsCulture(culture))
        {
            // Checked here, where the file can be named: every command then takes the setting as it is.
            throw new DiagnosticException(JsonInputReader.Parse(marker, ErrorCodes.WorkspaceSettings).Error("culture", ErrorCodes.WorkspaceSettings,
                $"culture: '{culture}' is not a known culture; use a name such as en-US, en-GB or es-US"));
        }

        return new DistrictWorkspace(Path.GetFullPath(root), settings);
    }

    /// <summary>Cut scenarios when neither the command line nor a workspace names them.</summary>
    public static IReadOnlyList<int> DefaultCuts { get; } = [10, 20, 30];

    public const string DefaultCulture = "en-US";

    /// <summary>The cuts a run uses: those given on the command line, else the workspace's, else 10, 20 and 30.</summary>
    public static IReadOnlyList<int> CutsFor(DistrictWorkspace? workspace, IReadOnlyList<int>? given = null) =>
        given ?? (workspace?.Settings.Cuts is { Count: > 0 } cuts ? cuts.Distinct().Order().ToList() : DefaultCuts);

    /// <summary>The culture a run uses: the one given, else the workspace's (checked when it was opened), else en-US.</summary>
    public static CultureInfo CultureFor(DistrictWorkspace? workspace, CultureInfo? given = null) =>
        given ?? CultureInfo.GetCultureInfo(workspace?.Settings.Culture ?? DefaultCulture, predefinedOnly: true);

    private static bool IsCulture(string name)
    {
        try
        {
            CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return true;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>init: writes a new workspace from the shipped rules, templates and (with --demo) the demo district.</summary>
internal static class WorkspaceInitializer
{
    private const string SchemaPrefix = "\"$schema\": \"";

    public static IReadOnlyList<string> Create(string root, string appFolder, bool demo, string? name)
    {
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(root), ErrorCodes.WorkspaceFolder,
                "init: the folder is not empty; name a new or empty folder (a workspace is never written over existing files)"));
        }

        var written = new List<string>();
        void Write(string relative, string text)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, text);
            written.Add(path);
        }

        var shippedRules = Path.Combine(appFolder, "rules");
        var samples = Path.Combine(appFolder, "samples", "demo-district");
        foreach (var file in Directory.EnumerateFiles(shippedRules, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(shippedRules, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            if (relative.StartsWith("fixtures/", StringComparison.Ordinal))
            {
                // Fixtures name the demo district; in a workspace they point at its copy (profiles/ with --demo, else beside the fixtures).
                text = text.Replace("../../samples/demo-district/district-policy.json", demo ? "../../policy.json" : "demo/district-policy.json", StringComparison.Ordinal)
                           .Replace("../../samples/demo-district/", demo ? "../../profiles/" : "demo/", StringComparison.Ordinal);
            }

            Write(Path.Combine("rules", relative), text);
        }

        if (!demo)
        {
            foreach (var file in Directory.EnumerateFiles(samples, "*.json").Order(StringComparer.Ordinal))
            {
                Write(Path.Combine("rules", "fixtures", "demo", Path.GetFileName(file)), Reschema(File.ReadAllText(file), "../../schemas/"));
            }
        }

        var shippedTemplates = Path.Combine(appFolder, "templates");
        foreach (var file in Directory.EnumerateFiles(shippedTemplates, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            Write(Path.Combine("templates", Path.GetRelativePath(shippedTemplates, file)), File.ReadAllText(file));
        }

        Write(Path.Combine("plugins", "README.md"), PluginsReadme);
        if (demo)
        {
            Write("policy.json", Reschema(File.ReadAllText(Path.Combine(samples, "district-policy.json")), "rules/schemas/"));
            foreach (var file in Directory.EnumerateFiles(samples, "school-*.json").Order(StringComparer.Ordinal))
            {
                Write(Path.Combine("profiles", Path.GetFileName(file)), Reschema(File.ReadAllText(file), "../rules/schemas/"));
            }
        }
        else
        {
            Write("policy.json", StarterPolicy());
            Write(Path.Combine("profiles", "README.md"), "Put one school profile (*.json) per school here, or write them with `import roster … --out profiles`.\n");
        }

        var settings = new JsonObject
        {
            ["$schema"] = "rules/schemas/" + DistrictWorkspace.SchemaFile,
            ["name"] = name ?? (demo ? "Demo district (illustrative data)" : Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar))),
            ["cuts"] = new JsonArray(10, 20, 30),
            ["culture"] = "en-US",
        };
        Write(DistrictWorkspace.MarkerFile, settings.ToJsonString(Json.Web) + "\n");
        Write("README.md", AnalystReadme);
        Write(".gitignore", "out/\n");
        return written;
    }

    /// <summary>Points a file's $schema at the workspace's own schemas, so VS Code completes it offline.</summary>
    private static string Reschema(string text, string prefix)
    {
        var start = text.IndexOf(SchemaPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var valueStart = start + SchemaPrefix.Length;
        var end = text.IndexOf('"', valueStart);
        var file = Path.GetFileName(text[valueStart..end]);
        return string.Concat(text.AsSpan(0, valueStart), prefix + file, text.AsSpan(end));
    }

    private static string StarterPolicy()
    {
        var policy = JsonSerializer.SerializeToNode(DistrictPolicy.Neutral with { Name = "District policy (edit to match the district's own)" }, JsonInputReader.ModelOptions)!.AsObject();
        var ordered = new JsonObject { ["$schema"] = "rules/schemas/" + InputLoader.PolicySchemaFile };
        foreach (var (key, value) in policy)
        {
            if (value is not null)
            {
                ordered[key] = value.DeepClone();
            }
        }

        return ordered.ToJsonString(Json.Web) + "\n";
    }

    private const string PluginsReadme = """
        # Plugins of this workspace

        The shipped plugins load without being copied here. A plugin folder here adds an archetype, or replaces the
        shipped plugin with the same id. Add one with `plugins add DIR` (DIR may be a plugin's source folder: it is
        built with `dotnet publish` and checked first); only plugins pinned in `../plugins.lock.json` run.

        """;

    private const string AnalystReadme = """
        # PluginHost workspace

        This folder is a district's PluginHost workspace. Every `pluginhost` command run in it (or below it) uses its
        `rules/`, `templates/`, `plugins/`, `policy.json` and `profiles/`. Keep it in git: a rule change is then a
        reviewed commit, and every memo names the rule-set hash it was made under.

        ## Run the district

            pluginhost district                 # every profile in profiles/, memos in out/district/
            pluginhost plan profiles/school-c.json

        ## Edit a rule, and prove the edit

        Rules are Microsoft RulesEngine workflows in `rules/*.json` (your editor completes them from `rules/schemas/`).
        Edit one, then:

            pluginhost rules check              # compiles every rule, reports every error at once
            pluginhost rules test               # runs the fixtures in rules/fixtures/

        ## See what a policy change would do, before it reaches a board

            pluginhost impact --set compensation.leadershipPayOnSchedule=true
            pluginhost impact --policy proposed-policy.json
            pluginhost impact --rules ../proposed-rules

        Each writes `out/impact/impact.md` (and .html, .csv, .json): what changes at each school, district totals first.

        """;
}
