namespace Rampa.Orleans.Contracts;

/// <summary>
/// Where a finished run's artifacts went: always a local folder (on the orchestrator's silo), and, when a store is
/// configured, the store. <see cref="Problem"/> says in one line what went wrong (an upload that gave up: the files are
/// kept in <see cref="Folder"/>); null when all went well.
/// </summary>
[GenerateSerializer, Immutable, Alias("Rampa.ArtifactOutcome")]
public sealed record ArtifactOutcome
{
    [Id(0)] public required string Folder { get; init; }
    /// <summary>The artifact names written into <see cref="Folder"/> (summary.json, metrics.csv, report.html, junit.xml).</summary>
    [Id(1)] public List<string> Files { get; init; } = new();
    /// <summary>The store's location of the run (a blob container URI and prefix); null when no store is configured.</summary>
    [Id(2)] public string? StoreLocation { get; init; }
    /// <summary>True when every file reached the store.</summary>
    [Id(3)] public bool Uploaded { get; init; }
    [Id(4)] public string? Problem { get; init; }
}
