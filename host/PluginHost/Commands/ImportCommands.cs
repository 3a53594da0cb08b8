using System.CommandLine;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Inputs.Roster;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>import roster: school profiles from a position roster, an enrollment file and a mapping.</summary>
internal static class ImportCommands
{
    public static Command Build()
    {
        var roster = new Argument<string>("ROSTER.csv") { Description = "Position roster: one row per position" };
        var enrollment = new Option<string>("--enrollment") { Description = "Enrollment CSV: school id, students, special-education students", Required = true };
        var mapping = new Option<string>("--mapping") { Description = "JSON mapping: column names and job-title or job-code patterns", Required = true };
        var attributes = new Option<string?>("--attributes") { Description = "Optional CSV: school id, archetypes, general and restricted funding, a grant" };
        var outOption = new Option<string>("--out") { Description = "Folder for the profiles and import-report.json; must be empty unless --clean", Required = true };
        var strict = new Option<bool>("--strict") { Description = "Treat warnings (repeated position numbers) as errors" };
        var clean = new Option<bool>("--clean") { Description = "Remove the profiles the previous import into --out wrote (listed in its import-report.json) first" };
        var command = new Command("roster", "Build school profiles from a position roster and an enrollment file") { roster, enrollment, mapping, attributes, outOption, strict, clean };
        command.SetAction((parse, _) => Cli.Run<ImportHandler>(parse, handler => Task.FromResult(handler.Run(new RosterImportRequest(
            Places.Full(parse.GetValue(roster)!),
            Places.Full(parse.GetValue(enrollment)!),
            Places.Full(parse.GetValue(mapping)!),
            parse.GetValue(attributes) is { } a ? Places.Full(a) : null,
            Places.Full(parse.GetValue(outOption)!),
            parse.GetValue(strict),
            parse.GetValue(clean))))));
        var import = new Command("import", "Import district data into school profiles");
        import.Subcommands.Add(command);
        return import;
    }
}

/// <summary>Imports a roster and says, row by row and student by student, what became of it.</summary>
internal sealed class ImportHandler
{
    private readonly PluginHostOptions _options;
    private readonly JsonInputReader _reader;
    private readonly InputLoader _inputs;
    private readonly Reporter _reporter;

    public ImportHandler(PluginHostOptions options, JsonInputReader reader, InputLoader inputs, Reporter reporter)
    {
        _options = options;
        _reader = reader;
        _inputs = inputs;
        _reporter = reporter;
    }

    public int Run(RosterImportRequest request)
    {
        var result = new RosterImporter(_reader, _inputs, _options.SchemasDirectory).Import(request);
        _reporter.Report(result.Problems);
        if (result.Report is { } report)
        {
            foreach (var line in ImportReportText.Lines(report, DisplayPath.Of(request.OutDirectory)))
            {
                _reporter.Line(line);
            }

            _reporter.Line($"wrote {DisplayPath.Of(Path.Combine(request.OutDirectory, ImportReport.FileName))}");
        }

        return result.Problems.Any(p => p.Code == ErrorCodes.Usage) ? ExitCodes.Usage : result.HasErrors ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
