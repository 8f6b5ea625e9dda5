namespace Rampa.Core.Artifacts;

/// <summary>
/// One failed attempt at one file, reported by <see cref="ArtifactUploader"/> before it waits and retries
/// (<see cref="RetryDelay"/> is null when it gives up on the file).
/// </summary>
public sealed record ArtifactUploadAttemptFailed(string Name, int Attempt, int MaxAttempts, string Error, TimeSpan? RetryDelay);
