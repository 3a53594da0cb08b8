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
        Register(builder.Services, configure);
        extra?.Invoke(builder.Services);
        CliSession.Current.Services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>The services every command uses, in a generic host or in serve's web application.</summary>
    public static void Register(IServiceCollection services, Action<PluginHostOptions> configure)
    {
        // The command line owns Ctrl+C and SIGTERM (it cancels the command's token); the host's console lifetime would
        // also hold SIGTERM and wait for a stop nobody asks for, leaving the process running.
        services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        services.AddOptions<PluginHostOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PluginHostOptions>, PluginHostOptionsValidator>();
        services.AddSingleton(services => services.GetRequiredService<IOptions<PluginHostOptions>>().Value);
        services.AddSingleton(services => new JsonInputReader(services.GetRequiredService<PluginHostOptions>().SchemasDirectory));
        services.AddSingleton<InputLoader>();
        services.AddSingleton<PluginCatalogLoader>();
        services.AddSingleton<RuleSetLoader>();
        services.AddSingleton<WorkspaceLoader>();
        services.AddSingleton<SchoolEvaluator>();
        services.AddSingleton<BatchRunner>();
        services.AddSingleton<RuleSetHolder>();
        services.AddSingleton<RuleFixtureRunner>();
        services.AddSingleton<IChangeSignal, FileChangeSignal>();
        services.AddSingleton(_ => new Reporter(CliSession.Current.Out, CliSession.Current.Error));
    }

    /// <summary>A host for a run whose folders are already set (tests, benchmarks).</summary>
    public static IHost Build(PluginHostOptions options, Action<IServiceCollection>? extra = null) => Build(target => options.CopyTo(target), extra);
}

/// <summary>A host lifetime that leaves signals to the command line: starting and stopping are the command's to do.</summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
