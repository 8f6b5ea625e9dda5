namespace Rampa.Orleans.Contracts;

/// <summary>
/// A run's C# scenario assembly and its dependencies: the files of its build output, identified by a hash of their
/// contents. On one machine (the embedded scale) the silo loads them from <see cref="LocalFolder"/>; silos elsewhere
/// fetch them from the run's storage (<c>bundles/&lt;hash&gt;/</c>, put there by the CLI) before loading.
/// </summary>
[GenerateSerializer, Immutable, Alias("Rampa.CodeBundle")]
public sealed record CodeBundle
{
    /// <summary>The scenario assembly's file name, e.g. <c>MyLoadTests.dll</c>.</summary>
    [Id(0)] public required string EntryAssembly { get; init; }
    /// <summary>SHA-256 over the files' names and contents, hex: two builds that differ have different hashes.</summary>
    [Id(1)] public required string Hash { get; init; }
    /// <summary>The build output folder, when the silo runs on the machine that built it (the embedded scale).</summary>
    [Id(2)] public string? LocalFolder { get; init; }
    /// <summary>The bundle's files (relative paths, '/'-separated).</summary>
    [Id(3)] public List<string> Files { get; init; } = new();
}
