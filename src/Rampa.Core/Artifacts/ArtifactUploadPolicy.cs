namespace Rampa.Core.Artifacts;

/// <summary>
/// How hard <see cref="ArtifactUploader"/> tries each file. The defaults suit a CLI at the end of a run: a store
/// that stays down costs about 15 s (0.5 + 1 + 2 + 4 s of backoff plus the attempts), not minutes.
/// </summary>
public sealed record ArtifactUploadPolicy
{
    public static ArtifactUploadPolicy Default { get; } = new();

    /// <summary>Tries per file, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles for each further retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one attempt at one file may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public void Validate()
    {
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
        if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must not be negative");
        if (MaxDelay < BaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "must not be below BaseDelay");
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "must be positive");
    }

    /// <summary>
    /// The wait after <paramref name="failedAttempts"/> failures: BaseDelay·2^(n−1), capped at MaxDelay, then scaled by a
    /// random factor in [0.5, 1] so that silos uploading at the same moment don't retry in lockstep.
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempts, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + 0.5 * random.NextDouble()));
    }
}
