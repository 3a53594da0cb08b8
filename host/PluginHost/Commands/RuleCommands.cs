using System.CommandLine;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Policy;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>rules check and rules test: compile every rule and report all errors; run the rule fixtures.</summary>
internal static class RuleCommands
{
    public static Command Build()
    {
        var command = new Command("rules", "Check and test the policy rules");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Test());
        return command;
    }

    private static Argument<string?> RulesDir() => new("DIR") { Description = "Rules folder (default: --rules, else the shipped rules)", Arity = ArgumentArity.ZeroOrOne };

    private static Command Check()
    {
        var dir = RulesDir();
        var command = new Command("check", "Compile every district and plugin rule and report every error") { dir };
        command.SetAction((parse, _) => Cli.Run<RulesHandler>(parse, handler => Task.FromResult(handler.Check()), configure: options => Override(parse, dir, options)));
        return command;
    }

    private static Command Test()
    {
        var dir = RulesDir();
        var command = new Command("test", "Run the rule fixtures in DIR/fixtures and report coverage") { dir };
        command.SetAction((parse, _) => Cli.Run<RulesHandler>(parse, handler => Task.FromResult(handler.Test()), configure: options => Override(parse, dir, options)));
        return command;
    }

    private static void Override(ParseResult parse, Argument<string?> dir, PluginHostOptions options)
    {
        if (parse.GetValue(dir) is { } path)
        {
            options.RulesDirectory = Places.Full(path);
        }
    }
}

/// <summary>rules check and rules test, with the run's loaders injected.</summary>
internal sealed class RulesHandler
{
    private readonly PluginHostOptions _options;
    private readonly WorkspaceLoader _loader;
    private readonly RuleFixtureRunner _fixtures;
    private readonly Reporter _reporter;

    public RulesHandler(PluginHostOptions options, WorkspaceLoader loader, RuleFixtureRunner fixtures, Reporter reporter)
    {
        _options = options;
        _loader = loader;
        _fixtures = fixtures;
        _reporter = reporter;
    }

    public int Check()
    {
        var catalog = _loader.LoadCatalog(activate: false);
        var sources = _loader.RuleSources(catalog);
        var load = _loader.LoadRules(catalog);
        _reporter.Report(load.Diagnostics);
        var files = sources.Where(s => Directory.Exists(s.Directory)).Sum(s => Directory.EnumerateFiles(s.Directory, "*.json").Count());
        if (!load.Succeeded)
        {
            var errors = load.Diagnostics.Count(d => d.Severity == Severity.Error);
            _reporter.Line($"{errors} {(errors == 1 ? "error" : "errors")} in {files} rule files");
            return ExitCodes.BadInput;
        }

        var rules = load.RuleSet!;
        _reporter.Line($"{rules.Rules.Count} rules in {files} files compiled; rule set {rules.ShortHash}");
        return ExitCodes.Ok;
    }

    public int Test()
    {
        var workspace = _loader.Load();
        var report = _fixtures.Run(_options.RulesDirectory, workspace, CliOptions.ParseCulture(null));
        foreach (var outcome in report.Outcomes)
        {
            if (outcome.Passed)
            {
                _reporter.Line($"PASS {outcome.File}: {outcome.Name}");
                continue;
            }

            _reporter.Line($"FAIL {outcome.File}: {outcome.Name}");
            foreach (var difference in outcome.Differences)
            {
                _reporter.Line("  " + difference.Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
            }

            _reporter.Report(Diagnostic.Error(outcome.File, ErrorCodes.RuleFixtureFailed, $"fixture '{outcome.Name}' failed: {outcome.Differences[0].Split(Environment.NewLine)[0]}"));
        }

        var covered = report.RuleCount - report.NeverFired.Count;
        _reporter.Line($"coverage: {covered}/{report.RuleCount} rules fired in at least one fixture{(report.NeverFired.Count > 0 ? "; never fired: " + string.Join(", ", report.NeverFired) : "")}");
        _reporter.Line($"fixtures: {report.Passed} passed, {report.Failed} failed");
        return report.Failed > 0 || report.Outcomes.Count == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
