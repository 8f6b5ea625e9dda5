using Rampa.Core.Metrics;

namespace Rampa.Core.Scenarios;

/// <summary>
/// The C# scenarios a plan may name with <c>exec:</c> (a loaded scenario assembly), as the loader sees them: the
/// workload of an entry point, and the custom metrics it declares (so thresholds may name them).
/// </summary>
public interface ICodeScenarios
{
    /// <summary>The assembly's file name, for messages.</summary>
    string Describe { get; }

    /// <summary>The workload of the scenario <paramref name="exec"/> names, or null with why.</summary>
    IWorkload? Workload(string exec, CodeRequestDefaults defaults, out string? error);

    /// <summary>The type of a custom metric the code declares.</summary>
    bool TryGetMetricType(string metric, out MetricType type);

    /// <summary>The names a scenario may use in <c>exec:</c>, for "did you mean".</summary>
    IReadOnlyList<string> EntryPoints { get; }
}

/// <summary>What a code scenario's requests start from: the plan's base URL and request defaults, and its env lookup.</summary>
public sealed record CodeRequestDefaults
{
    /// <summary>The base URL without a trailing '/', or null.</summary>
    public string? BaseUrl { get; init; }
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public StatusSet ExpectedStatuses { get; init; } = StatusSet.Default;
    public Func<string, string?> Env { get; init; } = _ => null;
    /// <summary>The HTTP version of requests that set no <c>Version</c> (the scenario's <c>http:</c>, else <c>defaults.http</c>).</summary>
    public Protocols.Http.HttpVersionChoice Http { get; init; }
    /// <summary>How the scenario's HTTP/2 connections are held.</summary>
    public Protocols.Http.ConnectionSharing Connections { get; init; }
}
