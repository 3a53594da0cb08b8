return await PluginHost.Commands.Cli.RunAsync(args);
