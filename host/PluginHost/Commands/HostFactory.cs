using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PluginHost.Catalog;
using PluginHost.Evaluation;
using PluginHost.Inputs;
using PluginHost.Io;
using PluginHost.Policy;
using PluginHost.Runs;

namespace PluginHost.Commands;

/// <summary>The generic host every command runs in: options, loaders and the evaluator as services.</summary>
internal static class HostFactory
{
    /// <param name="configure">Binds the run's folders (from the command line); they are validated when the host starts.</param>
    public static IHost Build(Action<PluginHostOptions> configure, Action<IServiceCollection>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // A CLI reads its settings from its arguments; appsettings and environment would make runs differ by machine.
            DisableDefaults = true,
            ContentRootPath = Diagnostics.Places.AppFolder,
        });
        // Every message the tool prints goes through the Reporter in SPEC's one format; with the defaults off the host adds no logger.
        builder.Services.AddOptions<PluginHostOptions>().Configure(configure).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PluginHostOptions>, PluginHostOptionsValidator>();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<PluginHostOptions>>().Value);
        builder.Services.AddSingleton(services => new JsonInputReader(services.GetRequiredService<PluginHostOptions>().SchemasDirectory));
        builder.Services.AddSingleton<InputLoader>();
        builder.Services.AddSingleton<PluginCatalogLoader>();
        builder.Services.AddSingleton<RuleSetLoader>();
        builder.Services.AddSingleton<WorkspaceLoader>();
        builder.Services.AddSingleton<SchoolEvaluator>();
        builder.Services.AddSingleton<BatchRunner>();
        builder.Services.AddSingleton<RuleSetHolder>();
        builder.Services.AddSingleton<RuleFixtureRunner>();
        builder.Services.AddSingleton<IChangeSignal, FileChangeSignal>();
        builder.Services.AddSingleton(_ => new Reporter(CliSession.Current.Out, CliSession.Current.Error));
        extra?.Invoke(builder.Services);
        CliSession.Current.Services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>A host for a run whose folders are already set (tests, benchmarks).</summary>
    public static IHost Build(PluginHostOptions options, Action<IServiceCollection>? extra = null) => Build(target => options.CopyTo(target), extra);
}

/// <summary>Checks the run's folders when the host starts, every problem at once, each in the tool's error format.</summary>
internal sealed class PluginHostOptionsValidator : IValidateOptions<PluginHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginHostOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }
}
