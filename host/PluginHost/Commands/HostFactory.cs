using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginHost.Catalog;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Policy;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>The generic host every command runs in: options, loaders and the evaluator as services.</summary>
internal static class HostFactory
{
    public static IHost Build(PluginHostOptions options, Action<IServiceCollection>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // A CLI reads its settings from its arguments; appsettings and environment would make runs differ by machine.
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new JsonInputReader(options.SchemasDirectory));
        builder.Services.AddSingleton<InputLoader>();
        builder.Services.AddSingleton<PluginCatalogLoader>();
        builder.Services.AddSingleton<RuleSetLoader>();
        builder.Services.AddSingleton<WorkspaceLoader>();
        builder.Services.AddSingleton<SchoolEvaluator>();
        builder.Services.AddSingleton<BatchRunner>();
        builder.Services.AddSingleton<RuleSetHolder>();
        builder.Services.AddSingleton<RuleFixtureRunner>();
        builder.Services.AddSingleton(new Reporter(Console.Out, Console.Error));
        extra?.Invoke(builder.Services);
        return builder.Build();
    }
}
