namespace Rampa.Core.Artifacts;

/// <summary>
/// Where a run's artifacts (summary.json, metrics.csv, report.html, ...) are kept: a local folder or a blob
/// container. An artifact is addressed by the run's id and a flat file name (no folders).
/// </summary>
public interface IArtifactStore
{
    /// <summary>A location a person can follow to the run's artifacts: a folder path or a container URI with the run's prefix.</summary>
    string Describe(string runId);

    /// <summary>Stores <paramref name="content"/> as the artifact <paramref name="name"/>, replacing any earlier one.</summary>
    Task PutAsync(string runId, string name, Stream content, CancellationToken ct);

    /// <summary>The names of the run's artifacts, sorted ordinally; empty when the run has none.</summary>
    Task<IReadOnlyList<string>> ListAsync(string runId, CancellationToken ct);

    /// <summary>The artifact's content, or null when the run has no artifact of that name. The caller disposes it.</summary>
    Task<Stream?> OpenReadAsync(string runId, string name, CancellationToken ct);
}
