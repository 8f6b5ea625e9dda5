using System.Reflection;

namespace Rampa.Cli;

internal static class RampaVersion
{
    public static string Current { get; } =
        typeof(RampaVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
