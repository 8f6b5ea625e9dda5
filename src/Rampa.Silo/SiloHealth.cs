using Orleans.Runtime;

namespace Rampa.Silo;

/// <summary>
/// What the silo's health endpoint answers (<c>--health-port</c>): a platform's probes must not call a silo ready
/// while Orleans has merely opened its port, only once this silo is Active in the membership table. Plain logic over
/// the silo's membership status, so it is tested without a socket.
/// </summary>
public sealed class SiloHealth
{
    /// <summary>Ready only while Active: a new revision takes traffic (and the old one is stopped) only after it joined.</summary>
    public const string ReadyPath = "/healthz/ready";

    /// <summary>Passes once the silo has been Active; it stays passing through a graceful stop, so the platform never
    /// restarts a silo that is leaving on purpose.</summary>
    public const string StartupPath = "/healthz/startup";

    private Func<SiloStatus>? _status;
    private volatile bool _wasActive;

    /// <summary>Where the current status comes from: the running silo's <see cref="ISiloStatusOracle"/>; null while
    /// no silo exists (before the first start, or between two start attempts).</summary>
    public void Track(Func<SiloStatus>? status) => _status = status;

    public SiloStatus Status
    {
        get
        {
            var status = _status?.Invoke() ?? SiloStatus.None;
            if (status == SiloStatus.Active) _wasActive = true;
            return status;
        }
    }

    /// <summary>The HTTP status code and a one-line body for a GET of <paramref name="path"/>.</summary>
    public (int Code, string Body) Answer(string path)
    {
        var query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        var status = Status;
        return path switch
        {
            ReadyPath => status == SiloStatus.Active ? (200, "ready: Active") : (503, $"not ready: {Describe(status)}"),
            StartupPath => _wasActive ? (200, $"started: {Describe(status)}") : (503, $"starting: {Describe(status)}"),
            _ => (404, $"unknown path; try {StartupPath} or {ReadyPath}"),
        };
    }

    private static string Describe(SiloStatus status) => status == SiloStatus.None ? "not joined" : status.ToString();
}
