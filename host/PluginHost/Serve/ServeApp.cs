using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluginHost.Budget;
using PluginHost.Diagnostics;
using PluginHost.Io;
using PluginHost.Memos;
using PluginHost.Runs;
using PluginHost.Serve.Pages;

namespace PluginHost.Serve;

/// <summary>How serve listens: loopback on a port unless --urls names addresses explicitly; writes only with --allow-edit.</summary>
internal sealed record ServeOptions(string? ProfilesFolder, int Port, string? Urls, bool AllowEdit)
{
    /// <summary>Read the profiles in the folder's subfolders too (--recursive).</summary>
    public bool Recursive { get; init; }
}

/// <summary>
/// The workspace in a browser, on ASP.NET Core in the same process as the command line: Razor components rendered on
/// the server (static rendering) and one small script served by the app for the slider and the rule editor. Every
/// page reads one immutable snapshot; the client names schools, files and rules by id, never by path.
/// </summary>
internal static class ServeApp
{
    public const int MaxRequestBytes = 256 * 1024;

    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static WebApplication Build(ServeOptions serve, Action<IServiceCollection> register, Action<string> reportError, Action<IWebHostBuilder>? webHost = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Places.AppFolder, EnvironmentName = "Production", Args = [] });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("PLUGINHOST_SERVE_LOG") == "1") { builder.Logging.AddConsole(); }
        register(builder.Services);
        builder.Services.AddSingleton(services => new ServeSettings(services.GetRequiredService<PluginHostOptions>().ProfilesFolder(serve.ProfilesFolder, "serve"), serve.AllowEdit) { Recursive = serve.Recursive });
        builder.Services.AddSingleton<ServeState>();
        builder.Services.AddSingleton<RuleEditor>();
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pluginhost-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = 64 * 1024;
            o.ValueCountLimit = 2000;
            o.MultipartBodyLengthLimit = MaxRequestBytes;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBytes;
            k.AddServerHeader = false;
        });
        builder.WebHost.UseUrls(serve.Urls ?? $"http://127.0.0.1:{serve.Port.ToString(CultureInfo.InvariantCulture)}");
        if (serve.Urls is null)
        {
            // Loopback only: a page of another site cannot reach it through a rebound host name either.
            builder.Services.AddHostFiltering(o => o.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);
        }

        webHost?.Invoke(builder.WebHost);
        var app = builder.Build();

        // Requests see the run's folders (working, app, workspace) whichever thread or test host serves them.
        var (working, appFolder, workspace) = (Places.WorkingFolder, Places.AppFolder, Places.Workspace);
        app.Use(async (context, next) =>
        {
            Places.Use(working, appFolder);
            Places.Workspace = workspace;
            await next();
        });
        if (serve.Urls is null)
        {
            app.UseHostFiltering();
        }

        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The operator sees what failed, in the tool's one format; the browser gets a plain sentence, never a stack trace.
                reportError(Diagnostic.Error("serve", ErrorCodes.Internal, $"{context.Request.Method} {context.Request.Path}: {ex.GetType().Name}: {ex.Message}").ToString());
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("PluginHost could not answer this request; the terminal running serve says why.");
                }
            }
        });
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Csp;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next();
        });
        app.UseAntiforgery();
        MapPages(app);
        if (serve.AllowEdit)
        {
            MapWrites(app);
        }

        return app;
    }

    private static void MapPages(WebApplication app)
    {
        app.MapGet("/", (ServeState state, string? archetype, string? blocker, bool? atRisk, string? sort) =>
        {
            var snapshot = state.Current;
            var filter = new DistrictFilter(
                snapshot.Schools.SelectMany(s => s.Result.Model.Archetypes).Any(a => a.Id == archetype) ? archetype : null,
                atRisk == true,
                snapshot.Schools.SelectMany(s => s.Result.Blockers).Any(b => b.Policy == blocker) ? blocker : null,
                DistrictFilter.Sorts.Contains(sort) ? sort! : "name");
            return Page<DistrictPage>(ViewBuilder.District(snapshot, state, filter));
        });

        app.MapGet("/schools/{id}", (string id, ServeState state, HttpRequest request) => School(id, state, request, message: request.Query.ContainsKey("saved") ? "Saved: plan, district and this page now apply the school's package." : null));

        app.MapGet("/schools/{id}/panel", (string id, ServeState state, HttpRequest request) =>
        {
            var snapshot = state.Current;
            if (Lookup(id, snapshot) is not { } school)
            {
                return NotFoundOrBad(id);
            }

            var (cut, package, _) = Choice(request, school, snapshot);
            var (rules, yours) = Packages(state, snapshot, school, cut, package);
            return new RazorComponentResult<SchoolPanel>(new { Model = ViewBuilder.Panel(snapshot, school, cut, rules, yours, package) });
        });

        app.MapGet("/schools/{id}/memo.{format}", (string id, string format, ServeState state) =>
        {
            var snapshot = state.Current;
            if (Lookup(id, snapshot) is not { } school)
            {
                return NotFoundOrBad(id);
            }

            if (format is not (OutputFormats.Markdown or OutputFormats.Html or OutputFormats.Pdf))
            {
                return Results.Text("memos come as memo.md, memo.html or memo.pdf", statusCode: StatusCodes.Status404NotFound);
            }

            return Written(() => new OutputWriter(snapshot.Workspace.Templates, snapshot.Workspace.Rules.Categories, Printer(format, state))
                .WriteSchool(Out(state), school.Result, [format], snapshot.Culture), "memo." + format);
        });

        app.MapGet("/district/summary.{format}", async (string format, ServeState state, BatchRunner runner, CancellationToken cancel) =>
        {
            if (format is not (OutputFormats.Markdown or OutputFormats.Html or OutputFormats.Pdf or "csv"))
            {
                return Results.Text("the summary comes as summary.md, summary.html, summary.csv or summary.pdf", statusCode: StatusCodes.Status404NotFound);
            }

            ChromiumPdf? printer;
            try
            {
                printer = Printer(format, state);
            }
            catch (DiagnosticException ex)
            {
                return Unavailable(ex);
            }

            var snapshot = state.Current;
            var folder = Path.Combine(Out(state), "district");
            var formats = format == "csv" ? [OutputFormats.Json] : new[] { format };
            // Every file the page counts, not only the schools it shows: the summary a leader forwards names the schools
            // that could not be evaluated, the files that are not profiles and the folders left unread, as district's does.
            var request = new BatchRequest(snapshot.Scan.Profiles, snapshot.Policy, folder, formats, snapshot.Cuts, snapshot.Culture, null, Environment.ProcessorCount)
            {
                Workspace = state.Options.Workspace?.Label,
                Overrides = state.Options.OverrideLookup(state.Reader),
                Pdf = printer,
                Import = snapshot.Import,
                Unread = snapshot.Scan.Unread,
            };
            var report = await runner.RunAsync(request, snapshot.Workspace, () => snapshot.Workspace.Rules, new NoProgress(), cancel);
            var file = report.SummaryFiles.FirstOrDefault(f => f.EndsWith("summary." + format, StringComparison.Ordinal));
            return file is null ? Results.Problem("the summary was not written") : Download(file);
        });

        app.MapGet("/rules", (ServeState state, RuleEditor editor, RuleFixtureRunner fixtures, HttpRequest request) =>
        {
            var snapshot = state.Current;
            IReadOnlyList<string>? lines = null;
            if (request.Query.ContainsKey("test"))
            {
                var report = fixtures.Run(state.RulesDirectory, snapshot.Workspace, snapshot.Culture);
                lines = [.. report.Outcomes.SelectMany(o => new[] { $"{(o.Passed ? "PASS" : "FAIL")} {o.File}: {o.Name}" }.Concat(o.Differences.Select(d => "  " + d.Replace("\n", "\n  ", StringComparison.Ordinal)))),
                    $"fixtures: {report.Passed} passed, {report.Failed} failed"];
            }

            var saved = request.Query["saved"].ToString();
            return Page<RulesPage>(RuleViews.Page(snapshot, state, editor, saved.Length > 0 ? $"Saved {saved}: the pages now use rule set {snapshot.Workspace.Rules.ShortHash}." : null, false, lines));
        });

        app.MapGet("/plugins", (ServeState state) => Page<PluginsPage>(RuleViews.Plugins(state.Current, state)));

        app.MapGet("/assets/{name}", (string name) => Asset(name) is { } asset ? Results.Text(asset.Text, asset.Type) : Results.NotFound());
    }

    private static void MapWrites(WebApplication app)
    {
        // Forms are read by hand (ids and text only); RequireAntiforgeryToken makes the antiforgery middleware refuse a
        // post without the page's token before any of this runs.
        var antiforgery = new RequireAntiforgeryTokenAttribute();
        var writes = app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? Results.Text("refused: the form's antiforgery token is missing or stale; reload the page and try again", statusCode: StatusCodes.Status400BadRequest)
                : await next(context));
        writes.MapPost("/schools/{id}/package", async (string id, ServeState state, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var snapshot = state.Current;
            if (Lookup(id, snapshot) is not { } school)
            {
                return NotFoundOrBad(id);
            }

            if (state.Overrides is not { } store)
            {
                return Results.Text("saving a package needs a workspace (see init)", statusCode: StatusCodes.Status400BadRequest);
            }

            var note = form["note"].ToString().Trim();
            var package = Package(school, form["protect"].OfType<string>().ToArray(), form["first"].OfType<string>().ToArray(), note.Length == 0 ? null : note, out var unknown);
            if (unknown.Count > 0)
            {
                return Results.Text($"not saved: {string.Join(", ", unknown)} {(unknown.Count == 1 ? "is" : "are")} not an item of {school.Profile.Name}", statusCode: StatusCodes.Status400BadRequest);
            }

            store.Save(school.Id, package);
            state.Reload();
            var cut = int.TryParse(form["cut"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 0, 60) : 30;
            return Results.Redirect($"/schools/{Uri.EscapeDataString(school.Id)}?cut={cut.ToString(CultureInfo.InvariantCulture)}&saved=1");
        }).WithMetadata(antiforgery);

        writes.MapPost("/rules/check", async (RuleEditor editor, ServeState state, HttpRequest request) =>
        {
            var edit = await EditFrom(request);
            var check = editor.Check(edit);
            return new RazorComponentResult<RuleCheckFragment>(new { Model = RuleViews.Check(edit.Rule, check, null, state.Current.Culture) });
        }).WithMetadata(antiforgery);

        writes.MapPost("/rules/preview", async (RuleEditor editor, ServeState state, HttpRequest request) =>
        {
            var edit = await EditFrom(request);
            var check = editor.Check(edit);
            var preview = check.Candidate is { } candidate ? editor.Preview(candidate) : null;
            return new RazorComponentResult<RuleCheckFragment>(new { Model = RuleViews.Check(edit.Rule, check, preview, state.Current.Culture) });
        }).WithMetadata(antiforgery);

        writes.MapPost("/rules/save", async (RuleEditor editor, ServeState state, HttpRequest request) =>
        {
            var edit = await EditFrom(request);
            var refused = editor.Save(edit);
            if (refused is null)
            {
                return (IResult)Results.Redirect($"/rules?saved={Uri.EscapeDataString(edit.Rule)}#rule-{Uri.EscapeDataString(edit.Rule)}");
            }

            var snapshot = state.Current;
            return new RazorComponentResult<RulesPage>(new { Model = RuleViews.Page(snapshot, state, editor, $"{edit.Rule}: {refused}", true, null) })
            {
                StatusCode = refused.Contains("changed since", StringComparison.Ordinal) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
            };
        }).WithMetadata(antiforgery);
    }

    private static async Task<RuleEdit> EditFrom(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        return new RuleEdit(form["file"].ToString(), form["rule"].ToString(), form["expression"].ToString(), form["properties"].ToString(), form["ruleSetHash"].ToString());
    }

    private static IResult School(string id, ServeState state, HttpRequest request, string? message)
    {
        var snapshot = state.Current;
        if (Lookup(id, snapshot) is not { } school)
        {
            return NotFoundOrBad(id);
        }

        var (cut, package, unknown) = Choice(request, school, snapshot);
        var (rules, yours) = Packages(state, snapshot, school, cut, package);
        var saved = school.Saved;
        var deepest = state.Evaluate(snapshot, school, 60, null)!;
        if (unknown.Count > 0)
        {
            message = $"Not items of {school.Profile.Name}, so left out: {string.Join(", ", unknown)}.";
        }

        var facts = $"{school.Profile.Enrollment.Students.ToString("#,0", snapshot.Culture)} students · {(school.Result.Model.Archetypes.Count == 0 ? "own design" : string.Join(", ", school.Result.Model.Archetypes.Select(a => a.Name)))} · general funding {Formatting.Formats.Money(school.Profile.Funding.General, snapshot.Culture)} · {school.File}";
        var model = new SchoolPageModel(ViewBuilder.Frame(snapshot, state, school.Profile.Name, "district"), school.Id, school.Profile.Name, facts,
            ViewBuilder.Panel(snapshot, school, cut, rules, yours, package), ViewBuilder.Cards(school, deepest, package, snapshot.Culture),
            package.Protect, package.CutFirst, saved is not null, saved?.Override.Note ?? package.Note, message);
        return Page<SchoolPage>(model);
    }

    /// <summary>The school at one cut under the rules' order alone, and under the package (the same result when it is empty).</summary>
    private static (Evaluation.SchoolResult Rules, Evaluation.SchoolResult Yours) Packages(ServeState state, ServeSnapshot snapshot, ServedSchool school, int cut, SchoolOverride package)
    {
        var rules = state.Evaluate(snapshot, school, cut, null)!;
        return (rules, package.IsEmpty ? rules : state.Evaluate(snapshot, school, cut, package)!);
    }

    /// <summary>The cut and the package a request asks for: its query (pkg=1 marks a package sent by the page), else the saved package.</summary>
    private static (int Cut, SchoolOverride Package, IReadOnlyList<string> Unknown) Choice(HttpRequest request, ServedSchool school, ServeSnapshot snapshot)
    {
        var cut = int.TryParse(request.Query["cut"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 0, 60) : snapshot.Cuts.Count > 0 ? snapshot.Cuts[^1] : 30;
        if (!request.Query.ContainsKey("pkg") && !request.Query.ContainsKey("protect") && !request.Query.ContainsKey("first"))
        {
            return (cut, school.Saved?.Override ?? SchoolOverride.None, []);
        }

        var package = Package(school, request.Query["protect"].OfType<string>().ToArray(), request.Query["first"].OfType<string>().ToArray(), null, out var unknown);
        return (cut, package, unknown);
    }

    private static SchoolOverride Package(ServedSchool school, string[]? protect, string[]? first, string? note, out List<string> unknown)
    {
        var ids = school.Profile.Positions.Select(p => p.Id).Concat(school.Profile.NonPersonnel.Select(l => l.Id)).ToHashSet(StringComparer.Ordinal);
        var kept = (protect ?? []).Distinct(StringComparer.Ordinal).ToList();
        var chosen = (first ?? []).Distinct(StringComparer.Ordinal).Where(f => !kept.Contains(f, StringComparer.Ordinal)).ToList();
        unknown = kept.Concat(chosen).Where(i => !ids.Contains(i)).Select(Printable.Of).ToList();
        return new SchoolOverride(kept.Where(ids.Contains).ToList(), chosen.Where(ids.Contains).ToList(), note);
    }

    private static ServedSchool? Lookup(string id, ServeSnapshot snapshot) => SafePath.WhyUnsafe(id) is null ? snapshot.Find(id) : null;

    private static IResult NotFoundOrBad(string id) => SafePath.WhyUnsafe(id) is { } why
        ? Results.Text($"'{Printable.Of(id)}' is not a school id: {why}", statusCode: StatusCodes.Status400BadRequest)
        : Results.Text($"no school '{id}' in this workspace", statusCode: StatusCodes.Status404NotFound);

    private static RazorComponentResult<T> Page<T>(object model)
        where T : Microsoft.AspNetCore.Components.IComponent => new RazorComponentResult<T>(new { Model = model });

    private static string Out(ServeState state) => Path.Combine(state.Options.Workspace?.Root ?? Places.WorkingFolder, "out", "serve");

    private static ChromiumPdf? Printer(string format, ServeState state) => format == OutputFormats.Pdf ? ChromiumPdf.Locate(state.Options.ChromiumPath) : null;

    private static IResult Written(Func<IReadOnlyList<string>> write, string name)
    {
        try
        {
            var file = write().FirstOrDefault(f => f.EndsWith(name, StringComparison.Ordinal));
            return file is null ? Results.Problem($"{name} was not written") : Download(file);
        }
        catch (DiagnosticException ex)
        {
            return Unavailable(ex);
        }
    }

    /// <summary>What a download cannot be made without (Chromium for a PDF), said in the tool's error format.</summary>
    private static IResult Unavailable(DiagnosticException ex) => Results.Text(ex.Diagnostics[0].ToString(), statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult Download(string file)
    {
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".md" => "text/markdown; charset=utf-8",
            ".csv" => "text/csv; charset=utf-8",
            ".pdf" => "application/pdf",
            _ => "application/octet-stream",
        };
        return Results.File(File.ReadAllBytes(file), type, Path.GetExtension(file) == ".html" ? null : Path.GetFileName(file));
    }

    private static (string Text, string Type)? Asset(string name)
    {
        var type = name switch
        {
            "app.css" => "text/css; charset=utf-8",
            "app.js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PluginHost.Serve.Assets." + name);
        using var reader = new StreamReader(stream!);
        return (reader.ReadToEnd(), type);
    }

    private sealed class NoProgress : IBatchProgress
    {
        public void Started(int total)
        {
        }

        public void SchoolDone(Evaluation.SchoolOutcome outcome, IReadOnlyList<string> written)
        {
        }

        public void SchoolWithdrawn(string profile)
        {
        }
    }
}

