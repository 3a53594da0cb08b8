using System.Diagnostics.Tracing;

namespace PluginHost.Benchmarks;

/// <summary>
/// What a stage allocates, by type, from the runtime's allocation sampling (an event about every 100 KB allocated,
/// naming the type that crossed the mark): counts are proportional to bytes. `loop` and `rules-loop` print them when SAMPLE_ALLOC is set.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _byType = new(StringComparer.Ordinal);

    /// <summary>A sampler when SAMPLE_ALLOC is set, otherwise none.</summary>
    public static AllocationSampler? FromEnvironment() => Environment.GetEnvironmentVariable("SAMPLE_ALLOC") is null ? null : new AllocationSampler();

    /// <summary>Prints the types sampled most, with their counts.</summary>
    public void PrintTop(int count)
    {
        lock (_byType)
        {
            foreach (var (type, samples) in _byType.OrderByDescending(t => t.Value).Take(count))
            {
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{samples,7} {type}"));
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "GCAllocationTick_V4" || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        lock (_byType)
        {
            _byType[type] = _byType.GetValueOrDefault(type) + 1;
        }
    }
}
