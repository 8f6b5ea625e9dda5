namespace Rampa.Core.Engine.WarmUp;

/// <summary>How a warm-up ended. Only <see cref="Completed"/> marks the process as warm; every other outcome lets the next run try again.</summary>
public enum WarmUpOutcome
{
    /// <summary>The synthetic run ran to its end before the deadline.</summary>
    Completed,
    /// <summary>A warm-up of this process completed before: the code is compiled already.</summary>
    AlreadyWarm,
    /// <summary>The plan uses nothing the warm-up exercises (no HTTP request).</summary>
    NotNeeded,
    /// <summary>The deadline was too close (or past) to start one: nothing was done.</summary>
    NoTime,
    /// <summary>The deadline came first: the synthetic run was interrupted there (what it ran is compiled still).</summary>
    Cut,
    /// <summary>The caller cancelled it (the run was stopped).</summary>
    Cancelled,
    /// <summary>Something failed; <see cref="WarmUpResult.Detail"/> says what. Harmless to the run.</summary>
    Failed,
}

/// <summary>What a warm-up did, for a debug log line: its outcome, how long it took, and what it sent to its own stub.</summary>
/// <param name="Iterations">Iterations the synthetic run completed (from its own throwaway sink).</param>
/// <param name="StubRequests">Requests the loopback stub answered: all the traffic the warm-up made.</param>
/// <param name="StubPort">The stub's port on 127.0.0.1 (closed by the time the result is returned), or 0 when none was started.</param>
public sealed record WarmUpResult(WarmUpOutcome Outcome, TimeSpan Elapsed, long Iterations = 0, long StubRequests = 0, int StubPort = 0,
    string? Detail = null)
{
    public override string ToString() =>
        $"warm-up {Outcome.ToString().ToLowerInvariant()} in {Elapsed.TotalMilliseconds:F0} ms: {Iterations} iterations, " +
        $"{StubRequests} requests to its loopback stub" + (StubPort == 0 ? "" : $" on 127.0.0.1:{StubPort}") + (Detail is null ? "" : $" ({Detail})");
}
