using System.Security.Cryptography;

namespace PluginHost.Io;

/// <summary>
/// Names no other call in this process gives, and that another process cannot guess or repeat: a random part drawn
/// once per process, then a count. A new GUID per file read the system's random source once per call, a system call
/// for every file a district run writes; this reads it once.
/// </summary>
internal static class UniqueNames
{
    private static readonly string Process = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static long s_count;

    public static string Next() => $"{Process}{Interlocked.Increment(ref s_count):x}";
}
