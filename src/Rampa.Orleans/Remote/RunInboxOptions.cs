namespace Rampa.Orleans.Remote;

/// <summary>How a silo watches the run mailbox (see <see cref="RunInboxService"/>).</summary>
public sealed class RunInboxOptions
{
    /// <summary>The cluster id this silo belongs to, for its heartbeat.</summary>
    public string ClusterId { get; set; } = "";
    public string? SiloName { get; set; }
    /// <summary>How often the inbox is read and the owned runs' statuses are written.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How often this silo writes its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>A claimed, unfinished run whose status is older than this is taken over by another silo.</summary>
    public TimeSpan TakeOverAfter { get; set; } = TimeSpan.FromSeconds(15);
}
