namespace Rampa.Storage.Tests;

/// <summary>Run ids in the CLI's shape, unique per test so tests sharing one Azurite never see each other's blobs.</summary>
internal static class RunIds
{
    public static string New() => $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}
