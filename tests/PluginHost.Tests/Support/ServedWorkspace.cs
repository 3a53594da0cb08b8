using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PluginHost.Commands;
using PluginHost.Diagnostics;
using PluginHost.Inputs;
using PluginHost.Runs;
using PluginHost.Serve;

namespace PluginHost.Tests.Support;

/// <summary>
/// A fresh demo workspace (init --demo) served by the product's own web application: in memory through the ASP.NET
/// test server for endpoint tests, or on a free loopback port for the browser tests.
/// </summary>
internal sealed class ServedWorkspace : IAsyncDisposable
{
    private readonly TempDir _temp;

    private ServedWorkspace(TempDir temp, string root, WebApplication app, List<string> errors)
    {
        _temp = temp;
        Root = root;
        App = app;
        Errors = errors;
    }

    public string Root { get; }

    public WebApplication App { get; }

    /// <summary>What serve reported to its terminal (faults in requests).</summary>
    public List<string> Errors { get; }

    public string Url => App.Urls.First();

    public static async Task<ServedWorkspace> StartAsync(bool allowEdit, bool browser = false, Action<string>? prepare = null, bool recursive = false)
    {
        var temp = new TempDir();
        var init = CliRunner.Run(temp.Path, "init", "ws", "--demo");
        Assert.True(init.ExitCode == 0, init.ToString());
        var root = temp.Combine("ws");
        prepare?.Invoke(root);
        Places.Use(root, TestPaths.HostOutput);
        Places.Workspace = root;
        var workspace = DistrictWorkspace.Open(root, new JsonInputReader(Path.Combine(TestPaths.HostOutput, "rules", "schemas")));
        var errors = new List<string>();
        var app = ServeApp.Build(
            new ServeOptions(null, 0, null, allowEdit) { Recursive = recursive },
            services => HostFactory.Register(services, options =>
            {
                options.PluginsDirectory = TestPaths.ShippedPlugins;
                options.RulesDirectory = workspace.Rules;
                options.TemplatesDirectory = workspace.Templates;
                options.Workspace = workspace;
                options.WorkspacePluginsDirectory = workspace.Plugins;
            }),
            line => { lock (errors) { errors.Add(line); } },
            browser ? null : web => web.UseTestServer());
        app.Services.GetRequiredService<ServeState>().Reload();
        await app.StartAsync();
        return new ServedWorkspace(temp, root, app, errors);
    }

    public HttpClient Client() => App.GetTestClient();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _temp.Dispose();
    }
}
