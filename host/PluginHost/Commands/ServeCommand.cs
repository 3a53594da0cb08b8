using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PluginHost.Diagnostics;
using PluginHost.Runs;
using PluginHost.Serve;

namespace PluginHost.Commands;

/// <summary>serve: the workspace in a browser, in this process, on loopback unless --urls says otherwise.</summary>
internal static class ServeCommand
{
    public const int DefaultPort = 5080;

    public static Command Build()
    {
        var dir = new Argument<string?>("DIR") { Description = "Folder of school profiles (default in a workspace: its profiles/)", Arity = ArgumentArity.ZeroOrOne };
        var port = new Option<int>("--port") { Description = $"Port on 127.0.0.1 (default {DefaultPort}; 0 picks a free one)", DefaultValueFactory = _ => DefaultPort };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on instead of loopback, for example http://0.0.0.0:5080 (anyone who can reach it can read the district)" };
        var allowEdit = new Option<bool>("--allow-edit") { Description = "Allow saving school packages and rule edits from the browser" };
        var recursive = CliOptions.Recursive();
        var command = new Command("serve", "The workspace in a browser: the district, each school with a cut slider, rules with validation and an impact preview") { dir, port, urls, allowEdit, recursive };
        command.SetAction(async (parse, cancel) =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535)
            {
                await CliSession.Current.Error.WriteLineAsync(CliOptions.Usage($"--port: {portValue} is not a port; use 1 to 65535, or 0 for a free one").Diagnostics[0].ToString());
                return ExitCodes.Usage;
            }

            var options = new ServeOptions(parse.GetValue(dir) is { } d ? Places.Full(d) : null, portValue, parse.GetValue(urls), parse.GetValue(allowEdit)) { Recursive = parse.GetValue(recursive) };
            return await Cli.Serve(parse, options, cancel);
        });
        return command;
    }
}
