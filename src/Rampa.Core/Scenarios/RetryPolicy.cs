namespace Rampa.Core.Scenarios;

/// <summary>
/// An opt-in retry policy for a request: up to <see cref="Attempts"/> tries in all; after a try whose outcome is in
/// <see cref="On"/>, wait <see cref="Delay"/> and try again. Every try is recorded as a request (tagged <c>attempt</c>);
/// checks and captures run on the last try only.
/// </summary>
public sealed record RetryPolicy
{
    public const int DefaultAttempts = 3;
    public static readonly TimeSpan DefaultBase = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(2);
    public const double DefaultJitter = 0.5;

    /// <summary>Tries in all, the first included (1 = no retry).</summary>
    public int Attempts { get; init; } = DefaultAttempts;
    /// <summary>The wait after the first failed try; doubled after each further one.</summary>
    public TimeSpan Base { get; init; } = DefaultBase;
    /// <summary>The cap on the doubled wait, applied before the jitter.</summary>
    public TimeSpan Max { get; init; } = DefaultMax;
    /// <summary>The wait is multiplied by a random factor in [1 - Jitter, 1 + Jitter]; 0 to 1.</summary>
    public double Jitter { get; init; } = DefaultJitter;
    /// <summary>Which outcomes are retried.</summary>
    public RetryOn On { get; init; } = RetryOn.Default;

    /// <summary>Whether a try that ended this way is tried again (attempts left permitting).</summary>
    public bool ShouldRetry(int status, string? error) => On.Matches(status, error);

    /// <summary>
    /// The wait after failed try number <paramref name="attempt"/> (1-based): <c>Base * 2^(attempt-1)</c>, capped at
    /// <see cref="Max"/>, times a factor drawn from <paramref name="random"/> in [1 - Jitter, 1 + Jitter].
    /// </summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(random);
        var doubled = Base.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62));
        var capped = Math.Min(doubled, Max.Ticks);
        var factor = Jitter <= 0 ? 1.0 : 1.0 - Jitter + (2 * Jitter * random.NextDouble());
        var ticks = capped * factor;
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.MaxValue.Ticks / 2.0));
    }
}

/// <summary>Which outcomes retry: statuses (codes and ranges) and, with <see cref="Network"/>, no response at all.</summary>
public sealed record RetryOn(StatusSet Statuses, bool Network)
{
    /// <summary><c>[429, 5xx, network]</c>.</summary>
    public static readonly RetryOn Default = new(new StatusSet([(429, 429), (500, 599)]), Network: true);

    /// <summary>A status in the set, or no response (status 0 with an error: refused, reset, timeout) when <see cref="Network"/>.</summary>
    public bool Matches(int status, string? error) =>
        status == 0 ? Network && error is not null : Statuses.Contains(status);

    public override string ToString() =>
        string.Join(",", Statuses.Ranges.Count > 0 ? Statuses.ToString() : null, Network ? "network" : null).Trim(',');
}
