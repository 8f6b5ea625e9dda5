namespace Rampa.Silo;

/// <summary>How quickly the cluster declares a silent silo dead (<c>--failure-detection</c>).</summary>
public enum FailureDetection
{
    /// <summary>
    /// Probes every second with a 2 s timeout, dead after 2 missed probes: a killed silo is gone in a few seconds
    /// instead of Orleans' ~12 s, which matters on one host where a process that dies is simply gone.
    /// </summary>
    Fast,

    /// <summary>Orleans' own defaults (10 s probes, 3 missed probes), for networks with real latency hiccups.</summary>
    Orleans,
}
