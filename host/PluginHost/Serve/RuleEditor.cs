using System.Text;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Io;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Runs;

namespace PluginHost.Serve;

/// <summary>A rule edit as the browser sends it: the file by its name in the rules folder, the rule by its name.</summary>
public sealed record RuleEdit(string File, string Rule, string Expression, string Properties, string RuleSetHash);

/// <summary>What checking an edit found: errors in the tool's format (naming the rule), or the candidate rule set.</summary>
internal sealed record RuleCheck(IReadOnlyList<string> Errors, RuleSet? Candidate, string? NewText);

/// <summary>
/// The rules page's engine: an edit is checked by the same compiler as <c>rules check</c> (on a copy of the rules
/// folder with the edit applied), previewed with the impact engine, and saved atomically only if the rule set on disk
/// is still the one the page was loaded from. The browser names files and rules, never paths.
/// </summary>
internal sealed class RuleEditor
{
    private readonly ServeState _state;
    private readonly RuleSetLoader _rules;
    private readonly WorkspaceLoader _loader;
    private readonly SchoolEvaluator _evaluator;

    public RuleEditor(ServeState state, RuleSetLoader rules, WorkspaceLoader loader, SchoolEvaluator evaluator)
    {
        _state = state;
        _rules = rules;
        _loader = loader;
        _evaluator = evaluator;
    }

    /// <summary>The editable files: the district rules folder's workflow files, by file name.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(_state.RulesDirectory, "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => f is not "recommendations.json" and not "categories.json")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The file's full path when the name is one of <see cref="Files"/>; anything else (a path, "..") is refused.</summary>
    public string? PathOf(string file) => Files().Contains(file, StringComparer.Ordinal) ? Path.Combine(_state.RulesDirectory, file) : null;

    public RuleCheck Check(RuleEdit edit)
    {
        if (PathOf(edit.File) is not { } path)
        {
            return new RuleCheck([$"'{Printable.Of(edit.File)}' is not a rules file of this workspace; choose one of: {string.Join(", ", Files())}"], null, null);
        }

        var text = RuleFileText.Replace(File.ReadAllBytes(path), edit.Rule, edit.Expression, edit.Properties);
        if (text is null)
        {
            return new RuleCheck([$"{edit.File}: there is no rule '{Printable.Of(edit.Rule)}' in this file (it may have been renamed since the page was loaded)"], null, null);
        }

        if (!IsObject(edit.Properties))
        {
            return new RuleCheck([$"{edit.File}: {edit.Rule}: Properties must be a JSON object, such as {{ \"flag\": \"…\", \"explanation\": \"…\" }}"], null, null);
        }

        var copy = Path.Combine(Path.GetTempPath(), "pluginhost-serve", Guid.NewGuid().ToString("N")[..12], "rules");
        try
        {
            Directory.CreateDirectory(copy);
            foreach (var file in Directory.EnumerateFiles(_state.RulesDirectory, "*.json"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(copy, edit.File), text, new UTF8Encoding(false));
            var snapshot = _state.Current;
            var load = _rules.Load([new RuleSource(copy, null, "rules"), .. _loader.RuleSources(snapshot.Workspace.Catalog).Skip(1)]);
            var copyDisplay = DisplayPath.Of(copy);
            var errors = load.Diagnostics.Where(d => d.Severity == Severity.Error)
                .Select(d => d.ToString().Replace(copyDisplay, "rules", StringComparison.Ordinal).Replace(copy, "rules", StringComparison.Ordinal))
                .ToList();
            return new RuleCheck(errors, load.Succeeded ? load.RuleSet : null, text);
        }
        finally
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
            }
            catch (IOException)
            {
                // A temporary copy left behind is removed with the system's temporary files.
            }
        }
    }

    /// <summary>The schools whose blockers, flags, verdicts or cuts the edit would change, under the current snapshot.</summary>
    public ImpactReport Preview(RuleSet candidate)
    {
        var snapshot = _state.Current;
        var change = new ImpactChange("rules", "the rule edit on this page", [], null, null);
        var request = new ImpactRequest(snapshot.Schools.Select(s => s.Path).ToList(), snapshot.Policy, snapshot.Policy, candidate, change, snapshot.Cuts, snapshot.Culture, Environment.ProcessorCount)
        {
            Workspace = _state.Options.Workspace?.Label,
            Overrides = _state.Options.OverrideLookup(_state.Reader),
        };
        return new ImpactRunner(_evaluator).Run(request, snapshot.Workspace);
    }

    /// <summary>Saves the edit if the rule set on disk is still the page's; returns null when saved, else why not.</summary>
    public string? Save(RuleEdit edit)
    {
        var check = Check(edit);
        if (check.Errors.Count > 0 || check.NewText is null)
        {
            return "not saved: " + string.Join("; ", check.Errors);
        }

        var onDisk = _loader.LoadRules(_state.Current.Workspace.Catalog);
        var current = onDisk.RuleSet?.Hash;
        if (current != edit.RuleSetHash)
        {
            return $"not saved: the rules changed since this page was loaded (rule set {Short(edit.RuleSetHash)} then, {Short(current)} now); reload the page, check the rule again and save";
        }

        AtomicFile.Write(PathOf(edit.File)!, check.NewText);
        _state.Reload();
        return null;
    }

    private static string Short(string? hash) => hash is null ? "none (the rules on disk do not load)" : hash[..Math.Min(12, hash.Length)];

    private static bool IsObject(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
