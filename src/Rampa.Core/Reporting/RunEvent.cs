namespace Rampa.Core.Reporting;

/// <summary>
/// Something that happened to the cluster during a run and changes how its numbers read: a silo lost mid-run and
/// its segment taken over by another, with what may be missing. <see cref="At"/> is the time since the run's start.
/// </summary>
public sealed record RunEvent(TimeSpan At, string Kind, string Message)
{
    /// <summary>A silo left the cluster (died or was stopped) while it ran a segment.</summary>
    public const string SiloLost = "silo-lost";

    /// <summary>Rows of a unique or sequential data source that a lost silo held and had not reported as used: never handed out again.</summary>
    public const string DataRowsLost = "data-rows-lost";
}
