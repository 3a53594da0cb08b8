using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Diagnostics;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Inputs.Roster;

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
        var outOption = new Option<string>("--out") { Description = "Folder for the profiles", Required = true };
        var command = new Command("roster", "Build school profiles from a position roster and an enrollment file") { roster, enrollment, mapping, attributes, outOption };
        command.SetAction((parse, _) => Cli.Run(parse, services =>
        {
            var options = services.GetRequiredService<PluginHostOptions>();
            var reporter = services.GetRequiredService<Reporter>();
            var importer = new RosterImporter(services.GetRequiredService<JsonInputReader>(), services.GetRequiredService<InputLoader>(), options.SchemasDirectory);
            var result = importer.Import(new RosterImportRequest(
                Path.GetFullPath(parse.GetValue(roster)!),
                Path.GetFullPath(parse.GetValue(enrollment)!),
                Path.GetFullPath(parse.GetValue(mapping)!),
                parse.GetValue(attributes) is { } a ? Path.GetFullPath(a) : null,
                Path.GetFullPath(parse.GetValue(outOption)!)));
            reporter.Report(result.Problems);
            foreach (var written in result.Written)
            {
                reporter.Line($"wrote {DisplayPath.Of(written)}");
            }

            if (result.Unmapped.Count > 0)
            {
                reporter.Line("unmapped job titles (add a pattern to the mapping to include them):");
                foreach (var title in result.Unmapped)
                {
                    reporter.Line(string.Create(CultureInfo.InvariantCulture,
                        $"  {title.JobTitle}{(title.JobCode.Length > 0 ? $" (code {title.JobCode})" : "")}: {title.Fte:0.0#} FTE in {title.Schools} {(title.Schools == 1 ? "school" : "schools")}"));
                }
            }

            reporter.Line($"{result.Written.Count} profiles written, {result.Unmapped.Sum(u => u.Fte).ToString("0.0#", CultureInfo.InvariantCulture)} FTE unmapped");
            return Task.FromResult(result.Problems.Any(p => p.Severity == Severity.Error) ? ExitCodes.BadInput : ExitCodes.Ok);
        }));
        var import = new Command("import", "Import district data into school profiles");
        import.Subcommands.Add(command);
        return import;
    }
}
