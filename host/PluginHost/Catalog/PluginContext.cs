using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using PluginHost.Contracts;

namespace PluginHost.Catalog;

/// <summary>
/// One plugin's load context, made by McMaster's <see cref="AssemblyLoadContextBuilder"/> with the settings its
/// <c>PluginLoader</c> would use for us: the contract assembly shared from the host (so <see cref="IArchetypePlugin"/>
/// is the host's type, whatever copy sits in the folder), shared types preferred, and collectible (a catalog that
/// is replaced, as watch does on every save, is unloaded, not leaked).
/// </summary>
/// <remarks>
/// What the loader would add and this leaves out: probing paths from runtimeconfig.json files. For every plugin it
/// reads the plugin's and each of the host's runtimeconfig files and, to look for a dotnet package store, asks for the
/// process's main module, which lists every module mapped into the process: 2-4 ms per plugin in a fresh process
/// (measured: 20-25 ms of a cold plan's four plugin loads), and a fifth of a warm district run's fixed cost in a
/// long-lived process. Our plugins' runtimeconfig files name no probing paths, and their dependencies are copied
/// beside them (EnableDynamicLoading), which is where the context looks.
/// </remarks>
internal sealed class PluginContext : IDisposable
{
    private static readonly AssemblyName Contract = typeof(IArchetypePlugin).Assembly.GetName();

    private readonly AssemblyLoadContext _context;
    private readonly string _entryAssembly;
    private int _unloaded;

    private PluginContext(AssemblyLoadContext context, string entryAssembly)
    {
        (_context, _entryAssembly) = (context, entryAssembly);
    }

    public static PluginContext For(string entryAssembly)
    {
        var context = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(entryAssembly)
            .SetDefaultContext(AssemblyLoadContext.GetLoadContext(typeof(PluginContext).Assembly) ?? AssemblyLoadContext.Default)
            .PreferDefaultLoadContext(true)
            .EnableUnloading()
            .IsLazyLoaded(false)
            .PreferDefaultLoadContextAssembly(Contract)
            .Build();
        return new PluginContext(context, entryAssembly);
    }

    public Assembly LoadEntryAssembly() => _context.LoadFromAssemblyPath(_entryAssembly);

    /// <summary>Unloads the context once; a catalog disposed twice does not ask twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _unloaded, 1) == 0)
        {
            _context.Unload();
        }
    }
}
