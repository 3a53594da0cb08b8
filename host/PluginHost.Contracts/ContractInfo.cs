namespace PluginHost.Contracts;

/// <summary>The contract's version, as plugins are built against it.</summary>
public static class ContractInfo
{
    /// <summary>Major version: a plugin built against another major is refused.</summary>
    public const int Major = 1;

    /// <summary>Minor version: a plugin built against a newer minor is refused, an older one loads.</summary>
    public const int Minor = 0;
}
