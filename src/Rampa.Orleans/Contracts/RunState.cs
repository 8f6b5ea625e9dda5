namespace Rampa.Orleans.Contracts;

/// <summary>A run's lifecycle, owned by its orchestrator grain.</summary>
public enum RunState
{
    Pending,
    Starting,
    Running,
    Stopping,
    /// <summary>Ended on its own schedule.</summary>
    Completed,
    /// <summary>Stopped by the user (a signal) or by an abort; a partial report is still produced.</summary>
    Interrupted,
    /// <summary>The cluster or the run failed; what was measured is kept.</summary>
    Failed,
}
