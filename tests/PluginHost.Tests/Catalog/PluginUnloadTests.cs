using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using PluginHost.Catalog;
using PluginHost.Inputs;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Catalog;

/// <summary>watch loads the plugins again on every save; a disposed catalog's load contexts must go, or memory grows without end.</summary>
public sealed class PluginUnloadTests
{
    [Fact]
    public void Two_hundred_catalog_reloads_leave_no_plugin_load_context_behind()
    {
        var loader = new PluginCatalogLoader(new JsonInputReader(TestPaths.Schemas));
        LoadUseAndDispose(loader, 5);
        var baseline = LiveContexts();

        LoadUseAndDispose(loader, 200);
        var after = LiveContexts();

        // Each load creates one context per plugin (four here): 800 over the run. All of them must be collected again,
        // within the 10 % the issue allows for the runtime's own bookkeeping.
        Assert.InRange(after, 0, baseline + Math.Max(1, baseline / 10));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoadUseAndDispose(PluginCatalogLoader loader, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var catalog = loader.Load(TestPaths.ShippedPlugins, activate: true, trustUnpinned: true);
            Assert.Equal(4, catalog.Usable.Count(p => p.Instance is not null));
            Assert.All(catalog.Usable, p => Assert.NotEmpty(p.Instance!.Definition.DesignElements));
        }
    }

    private static int LiveContexts()
    {
        for (var i = 0; i < 10; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return AssemblyLoadContext.All.Count();
    }
}
