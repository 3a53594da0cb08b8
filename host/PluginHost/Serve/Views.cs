using System.Globalization;
using PluginHost.Budget;
using PluginHost.Catalog;
using PluginHost.Evaluation;
using PluginHost.Formatting;
using PluginHost.Memos;

namespace PluginHost.Serve;

// The pages' view models: plain public records of text and numbers, made from one snapshot by the builders below.
// Razor components are public classes, so what they take is public too; nothing internal crosses into a page, and
// every value reaches the page as text Razor encodes.

/// <summary>The district page's filters, from its query string; every value is checked against what exists.</summary>
public sealed record DistrictFilter(string? Archetype, bool AtRiskOnly, string? Blocker, string Sort)
{
    public static readonly IReadOnlyList<string> Sorts = ["name", "shortfall", "students", "blockers"];
}

public sealed record Choice(string Value, string Label);

public sealed record ScenarioCell(int Cut, bool AtRisk, string Shortfall);

public sealed record DistrictRow(string Id, string Name, string Students, string Archetypes, IReadOnlyList<ScenarioCell> Scenarios, string Blockers, bool HasPackage);

/// <summary>The page frame: title, section, rule set, and whether editing is on.</summary>
public sealed record Frame(string Title, string Section, string RuleSet, string Workspace, bool AllowEdit);

public sealed record DistrictPageModel(
    Frame Frame,
    string Coverage,
    IReadOnlyList<string> NotEvaluated,
    DistrictFilter Filter,
    IReadOnlyList<int> Cuts,
    IReadOnlyList<DistrictRow> Rows,
    string Shown,
    IReadOnlyList<Choice> Archetypes,
    IReadOnlyList<Choice> Blockers,
    IReadOnlyList<string> ChartsSvg);

public sealed record CutLine(int Order, string Category, string Name, string Fte, string Amount, string Why);

public sealed record RatioLine(string Name, string Before, string After, string Change);

/// <summary>One package (the rules', or the school's own) at the cut asked for.</summary>
public sealed record PackageView(string Title, string Target, string Found, string Shortfall, bool AtRisk, string Verdict, IReadOnlyList<CutLine> Cuts, IReadOnlyList<RatioLine> Ratios, IReadOnlyList<string> DesignElementsHit);

/// <summary>One thing a school could cut, as a card: savings, FTE, what it touches, and where the rules put it.</summary>
public sealed record ItemCard(string Id, string Name, string Category, string Fte, string Savings, IReadOnlyList<string> Touches, string? Ratio, int? RulesPlace, bool Protected, bool CutFirst);

public sealed record SchoolPanelModel(string SchoolId, int Cut, string ToFind, PackageView Rules, PackageView Yours, string OutlookSvg, string Query);

public sealed record SchoolPageModel(
    Frame Frame,
    string Id,
    string Name,
    string Facts,
    SchoolPanelModel Panel,
    IReadOnlyList<ItemCard> Cards,
    IReadOnlyList<string> Protect,
    IReadOnlyList<string> CutFirst,
    bool PackageSaved,
    string? SavedNote,
    string? Message);

internal static class ViewBuilder
{
    public static Frame Frame(ServeSnapshot snapshot, ServeState state, string title, string section) =>
        new(title, section, snapshot.Workspace.Rules.ShortHash, state.Options.Workspace?.Label ?? "shipped rules and templates", state.Settings.AllowEdit);

    public static DistrictPageModel District(ServeSnapshot snapshot, ServeState state, DistrictFilter filter)
    {
        var culture = snapshot.Culture;
        var all = snapshot.Schools.Select(s => (School: s, Row: new DistrictRow(
            s.Id, s.Profile.Name, Formats.Number(s.Profile.Enrollment.Students, culture),
            s.Result.Model.Archetypes.Count == 0 ? "own design" : string.Join(", ", s.Result.Model.Archetypes.Select(a => a.Name)),
            s.Result.Scenarios.Select(c => new ScenarioCell(c.ReductionPercent, c.AtRisk, c.Shortfall > 0m ? Formats.Money(c.Shortfall, culture) : "")).ToList(),
            s.Result.Blockers.Count == 0 ? "none" : string.Join(", ", s.Result.Blockers.Select(b => Policy(b.Policy)).Distinct(StringComparer.Ordinal)),
            s.Result.Override is not null))).ToList();
        var archetypes = snapshot.Schools.SelectMany(s => s.Result.Model.Archetypes.Select(a => new Choice(a.Id, a.Name))).Distinct().OrderBy(a => a.Label, StringComparer.Ordinal).ToList();
        var blockers = snapshot.Schools.SelectMany(s => s.Result.Blockers.Select(b => b.Policy)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(k => new Choice(k, Policy(k))).ToList();
        var rows = all
            .Where(r => filter.Archetype is null || r.School.Result.Model.Archetypes.Any(a => a.Id == filter.Archetype))
            .Where(r => !filter.AtRiskOnly || r.School.Result.Scenarios.Any(c => c.AtRisk))
            .Where(r => filter.Blocker is null || r.School.Result.Blockers.Any(b => b.Policy == filter.Blocker));
        rows = filter.Sort switch
        {
            "shortfall" => rows.OrderByDescending(r => r.School.Result.Scenarios.Count == 0 ? 0m : r.School.Result.Scenarios[^1].Shortfall).ThenBy(r => r.Row.Name, StringComparer.Ordinal),
            "students" => rows.OrderByDescending(r => r.School.Profile.Enrollment.Students).ThenBy(r => r.Row.Name, StringComparer.Ordinal),
            "blockers" => rows.OrderByDescending(r => r.School.Result.Blockers.Count).ThenBy(r => r.Row.Name, StringComparer.Ordinal),
            _ => rows.OrderBy(r => r.Row.Name, StringComparer.Ordinal),
        };

        var students = snapshot.Schools.Sum(s => s.Profile.Enrollment.Students);
        var coverage = $"{Count(snapshot.FilesFound, "file", "files")} found in {snapshot.ProfilesFolderLabel}: {Count(snapshot.Schools.Count, "school", "schools")} evaluated ({Formats.Number(students, culture)} students)"
            + (snapshot.Failed.Count > 0 ? $"; {Count(snapshot.Failed.Count, "school", "schools")} could not be evaluated (named below)" : "")
            + (snapshot.NotProfiles.Count > 0 ? $"; {Count(snapshot.NotProfiles.Count, "file is", "files are")} not a school profile" : "")
            + (snapshot.Import is { Schools: > 0 } gaps ? $"; the roster import that made this folder named {Count(gaps.Schools, "more school", "more schools")} ({Formats.Number(gaps.Students, culture)} students) it could not turn into profiles (import-report.json says why)" : "")
            + (snapshot.Scan.Unread.Count > 0 ? $"; not read, as serve reads only the folder's own files (start it with --recursive to read them): {snapshot.Scan.UnreadText}" : "")
            + $". Policy: {snapshot.Policy.Policy.Name}.";
        var notEvaluated = snapshot.Failed.Select(f => $"{f.File}: {f.Reason}").Concat(snapshot.NotProfiles.Select(f => $"{f.File}: not a school profile ({f.Reason})")).ToList();
        var shown = rows.Select(r => r.Row).ToList();
        return new DistrictPageModel(Frame(snapshot, state, "District", "district"), coverage, notEvaluated, filter, snapshot.Cuts, shown,
            $"{Whole(shown.Count)} of {Whole(all.Count)} schools shown", archetypes, blockers, DistrictCharts(snapshot).Select(c => ChartSvg.Render(c, culture)).ToList());
    }

    public static SchoolPanelModel Panel(ServeSnapshot snapshot, ServedSchool school, int cut, SchoolResult rules, SchoolResult yours, SchoolOverride package)
    {
        var culture = snapshot.Culture;
        var query = Query(cut, package);
        return new SchoolPanelModel(school.Id, cut, Formats.Money(rules.Scenarios[0].Target, culture),
            Package("The rules' package", rules, culture), Package(package.IsEmpty ? "Your package (the same: nothing protected or chosen)" : "Your package", yours, culture),
            ChartSvg.Render(OutlookChart(yours, culture), culture), query);
    }

    public static string Query(int cut, SchoolOverride package) =>
        string.Join("&", new[] { $"cut={cut.ToString(CultureInfo.InvariantCulture)}" }
            .Concat(package.Protect.Select(p => "protect=" + Uri.EscapeDataString(p)))
            .Concat(package.CutFirst.Select(p => "first=" + Uri.EscapeDataString(p))));

    public static IReadOnlyList<ItemCard> Cards(ServedSchool school, SchoolResult rulesAtDeepest, SchoolOverride package, CultureInfo culture)
    {
        var ladder = rulesAtDeepest.Scenarios.Count == 0 ? [] : rulesAtDeepest.Scenarios[^1].Cuts.Select(c => c.ItemId).Distinct(StringComparer.Ordinal).ToList();
        var elements = rulesAtDeepest.Model.DesignElements;
        static string? Ratio(string category) => category switch
        {
            Inputs.Categories.Teaching => "students per teacher and per instructional staff",
            Inputs.Categories.InstructionalSupport => "students per instructional staff",
            _ => null,
        };

        int? Place(string id) => ladder.IndexOf(id) is var i and >= 0 ? i + 1 : null;
        var cards = new List<ItemCard>();
        foreach (var p in school.Profile.Positions.Where(p => p.Funding == Inputs.FundingSources.General && !p.Restricted && p.Fte > 0m))
        {
            var touched = elements.Where(e => p.DesignElements.Contains(e.Id, StringComparer.Ordinal) || e.Roles.Contains(p.Role, StringComparer.Ordinal)).Select(e => e.Name).ToList();
            cards.Add(new ItemCard(p.Id, p.Title, Category(rulesAtDeepest, p.Category), p.Fte.ToString("0.0#", culture), Formats.Money(p.AnnualCost, culture), touched, Ratio(p.Category), Place(p.Id),
                package.Protect.Contains(p.Id, StringComparer.Ordinal), package.CutFirst.Contains(p.Id, StringComparer.Ordinal)));
        }

        foreach (var l in school.Profile.NonPersonnel.Where(l => l.Funding == Inputs.FundingSources.General && l.Amount > 0m))
        {
            var touched = elements.Where(e => l.DesignElements.Contains(e.Id, StringComparer.Ordinal) || e.SpendingKinds.Contains(l.Kind, StringComparer.Ordinal)).Select(e => e.Name).ToList();
            cards.Add(new ItemCard(l.Id, l.Name, Category(rulesAtDeepest, l.Category), "", Formats.Money(l.Amount, culture), touched, null, Place(l.Id),
                package.Protect.Contains(l.Id, StringComparer.Ordinal), package.CutFirst.Contains(l.Id, StringComparer.Ordinal)));
        }

        return cards.OrderBy(c => c.RulesPlace ?? int.MaxValue).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    private static string Category(SchoolResult result, string id) => result.CutOrder.FirstOrDefault(c => c.Category == id)?.Label ?? id;

    private static PackageView Package(string title, SchoolResult result, CultureInfo culture)
    {
        var s = result.Scenarios[0];
        var verdict = s.AtRisk ? "At risk: " + string.Join("; ", s.AtRiskReasons.Select(r => Vocabulary.Reasons.TryGetValue(r, out var w) ? w : r)) + "." : "Holds: no design element is cut and the judged ratio stays within the ceiling.";
        var names = result.Model.DesignElements.ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
        return new PackageView(title, Formats.Money(s.Target, culture), Formats.Money(s.Achieved, culture), s.Shortfall > 0m ? Formats.Money(s.Shortfall, culture) : "", s.AtRisk, verdict,
            s.Cuts.Select((c, i) => new CutLine(i + 1, Category(result, c.Category), c.Name + (c.Vacant ? " (vacant)" : ""), c.ItemKind == "position" ? c.Fte.ToString("0.0#", culture) : "", Formats.Money(c.Amount, culture), c.Explanation)).ToList(),
            [
                Line("Students per teacher", s.Ratios.StudentsPerTeacher, culture),
                Line("Students per instructional staff", s.Ratios.StudentsPerInstructionalStaff, culture),
            ],
            s.DesignElementsImpacted.Select(id => names.GetValueOrDefault(id, id)).ToList());
    }

    private static RatioLine Line(string name, RatioChange change, CultureInfo culture) => new(name,
        change.Before is { } b ? Formats.Ratio(b, culture) : "no staff", change.After is { } a ? Formats.Ratio(a, culture) : "no staff left",
        change.ChangePercent is { } p ? (p > 0 ? "+" : "") + Formats.Pct(p, culture) : "");

    /// <summary>The five-year outlook with no cut and after the cut asked for, under the school's package.</summary>
    public static ChartSpec OutlookChart(SchoolResult yours, CultureInfo culture)
    {
        var baseline = yours.BaselinePlan.Years;
        var scenario = yours.Scenarios[0];
        var after = scenario.FiveYearPlan.Years;
        return new ChartSpec("outlook", $"Surplus or deficit each year, with no cut and after a {scenario.ReductionPercent} % cut", "dollars", ChartValues.Money,
            baseline.Select(y => $"FY{y.FiscalYear.ToString(CultureInfo.InvariantCulture)}").ToList(), ["No cut", $"After the {scenario.ReductionPercent} % cut"],
            [baseline.Select(y => (decimal?)y.Surplus).ToList(), after.Select(y => (decimal?)y.Surplus).ToList()])
        {
            Line = 0m,
            LineLabel = "Break-even",
            Reading = after.Count == 0 ? "No five-year plan."
                : scenario.FiveYearPlan.FirstDeficitYear is { } year
                    ? $"After the cut the plan runs a deficit from FY{year.ToString(CultureInfo.InvariantCulture)}; in FY{after[^1].FiscalYear.ToString(CultureInfo.InvariantCulture)} it is {Formats.Money(after[^1].Surplus, culture)}."
                    : $"After the cut the plan stays in surplus all five years, at {Formats.Money(after[^1].Surplus, culture)} in FY{after[^1].FiscalYear.ToString(CultureInfo.InvariantCulture)}.",
        };
    }

    private static List<ChartSpec> DistrictCharts(ServeSnapshot snapshot)
    {
        var labels = snapshot.Cuts.Select(c => $"{c.ToString(CultureInfo.InvariantCulture)} % cut").ToList();
        var scenarios = snapshot.Cuts.Select(cut => snapshot.Schools.Select(s => s.Result.Scenarios.FirstOrDefault(x => x.ReductionPercent == cut)).OfType<ScenarioResult>().ToList()).ToList();
        var culture = snapshot.Culture;
        var deepest = scenarios.Count == 0 ? [] : scenarios[^1];
        return
        [
            new ChartSpec("at-risk", "Schools at risk at each cut", "schools", ChartValues.Count, labels, ["At risk"], [scenarios.Select(list => (decimal?)list.Count(s => s.AtRisk)).ToList()])
            {
                Reading = scenarios.Count == 0 ? "No cut was modelled." : $"At a {snapshot.Cuts[^1]} % cut, {Formats.Number(deepest.Count(s => s.AtRisk), culture)} of {Formats.Number(snapshot.Schools.Count, culture)} schools are at risk.",
            },
            new ChartSpec("found", "District total: to find, and found", "dollars a year", ChartValues.Money, labels, ["Found"],
                [scenarios.Select(list => (decimal?)list.Sum(s => s.Achieved)).ToList()])
            {
                Markers = scenarios.Select(list => (decimal?)list.Sum(s => s.Target)).ToList(),
                MarkerLabel = "Target",
                Reading = scenarios.Count == 0 ? "No cut was modelled."
                    : $"At a {snapshot.Cuts[^1]} % cut the district must find {Formats.Money(deepest.Sum(s => s.Target), culture)}; the cut orders find {Formats.Money(deepest.Sum(s => s.Achieved), culture)}.",
            },
        ];
    }

    public static string Policy(string key) => Vocabulary.Policies.TryGetValue(key, out var words) ? words : key;

    // Coverage counts are written in the invariant culture, as they always were on these pages.
    private static string Count(int n, string one, string many) => Formats.Count(n, one, many, CultureInfo.InvariantCulture);

    private static string Whole(int n) => Formats.Number(n, CultureInfo.InvariantCulture);
}

public sealed record RuleView(string Name, string Workflow, int Line, string Expression, string Properties);

public sealed record RuleFileView(string File, string Label, bool Editable, IReadOnlyList<RuleView> Rules);

public sealed record RulesPageModel(Frame Frame, string RuleSetHash, IReadOnlyList<RuleFileView> Files, string? Message, bool MessageIsError, IReadOnlyList<string>? FixtureLines);

/// <summary>The outcome of checking or previewing an edit, as the page shows it beside the rule.</summary>
public sealed record RuleCheckView(string Rule, IReadOnlyList<string> Errors, string? Headline, IReadOnlyList<string> Schools);

public sealed record PluginRow(string Id, string Archetype, string Version, string Contract, string Folder, string Status, string Error);

public sealed record PluginsPageModel(Frame Frame, IReadOnlyList<PluginRow> Plugins);

internal static class RuleViews
{
    public static RulesPageModel Page(ServeSnapshot snapshot, ServeState state, RuleEditor editor, string? message, bool isError, IReadOnlyList<string>? fixtures)
    {
        var files = new List<RuleFileView>();
        foreach (var file in editor.Files())
        {
            files.Add(new RuleFileView(file, "rules/" + file, true, Rules(Path.Combine(state.RulesDirectory, file))));
        }

        foreach (var plugin in snapshot.Workspace.Catalog.Usable.Where(p => Directory.Exists(p.RulesDirectory)))
        {
            foreach (var path in Directory.EnumerateFiles(plugin.RulesDirectory, "*.json").Order(StringComparer.Ordinal))
            {
                files.Add(new RuleFileView(Path.GetFileName(path), $"plugin {plugin.Id}: rules/{Path.GetFileName(path)}", false, Rules(path)));
            }
        }

        return new RulesPageModel(ViewBuilder.Frame(snapshot, state, "Rules", "rules"), snapshot.Workspace.Rules.Hash, files, message, isError, fixtures);
    }

    private static List<RuleView> Rules(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return RuleFileText.Locate(bytes).Select(r => new RuleView(r.Name, r.Workflow, r.Line, RuleFileText.Expression(bytes, r), RuleFileText.Text(bytes, r.PropertiesStart, r.PropertiesLength))).ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            // A file that does not parse is shown without rules; rules check names what is wrong with it.
            return [];
        }
    }

    /// <summary>"Procurement: stops standards-based grading system", as the memo's brief names a blocker (a school may have two of one area).</summary>
    private static string Blocker(ImpactFinding blocker) => ViewBuilder.Policy(blocker.Key)
        + (blocker.DesignElement is { } element ? $": stops {Vocabulary.ElementWords(element)}" : "");

    public static RuleCheckView Check(string rule, RuleCheck check, ImpactReport? preview, System.Globalization.CultureInfo culture)
    {
        if (preview is null)
        {
            return new RuleCheckView(rule, check.Errors, null, []);
        }

        var schools = preview.Schools.Select(s =>
        {
            var parts = new List<string>();
            parts.AddRange(s.BlockersRemoved.Select(b => $"blocker lifted: {Blocker(b)}"));
            parts.AddRange(s.BlockersAdded.Select(b => $"new blocker: {Blocker(b)}"));
            parts.AddRange(s.FlagsRemoved.Select(f => $"flag cleared: {Vocabulary.FlagWords(f.Key)}"));
            parts.AddRange(s.FlagsAdded.Select(f => $"new flag: {Vocabulary.FlagWords(f.Key)}"));
            parts.AddRange(s.Verdicts.Select(v => $"{v.ReductionPercent} % cut: {(v.Before ? "at risk" : "holds")} → {(v.After ? "at risk" : "holds")}"));
            parts.AddRange(s.Cuts.Select(c => $"{c.ReductionPercent} % cut takes different items"));
            return $"{s.Name}: {string.Join("; ", parts.DefaultIfEmpty("recommendations change"))}";
        }).ToList();
        return new RuleCheckView(rule, check.Errors, string.Join(" ", ImpactWords.Headline(preview, culture).Skip(1)), schools);
    }

    public static PluginsPageModel Plugins(ServeSnapshot snapshot, ServeState state) => new(
        ViewBuilder.Frame(snapshot, state, "Plugins", "plugins"),
        snapshot.Workspace.Catalog.Plugins.Select(p => new PluginRow(p.Id, p.Archetype ?? "?", p.Manifest?.Version ?? "?", p.ContractVersion?.ToString(2) ?? "?",
            Diagnostics.DisplayPath.InMemo(p.Folder),
            p.Status.Word(),
            p.Error is null ? "" : $"{p.Error.Code}: {p.Error.Message}")).ToList());
}
