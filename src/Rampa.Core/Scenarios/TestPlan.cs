using Rampa.Core.Thresholds;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Scenarios;

/// <summary>
/// Everything one run needs, loaded and validated: the scenarios, their executors and workloads, the thresholds.
/// Immutable. It is rebuilt on every silo from the same <see cref="ScenarioSource"/>, so it never crosses the wire.
/// </summary>
public sealed record TestPlan
{
    public string? Name { get; init; }
    /// <summary>The run's seed: every random choice (weights, think ranges, poisson arrivals) derives from it.</summary>
    public long Seed { get; init; }
    /// <summary>Whether the file fixed the seed (otherwise one was drawn and is reported).</summary>
    public bool SeedFromFile { get; init; }
    public Uri? BaseUrl { get; init; }
    public RequestDefaults Defaults { get; init; } = new();
    public IReadOnlyList<ScenarioPlan> Scenarios { get; init; } = [];
    public IReadOnlyList<ThresholdSpec> Thresholds { get; init; } = [];
    /// <summary>
    /// A threshold whose metric or sub-metric received no samples fails the run (exit 99) instead of being reported as
    /// "no samples": the file's <c>strictThresholds: true</c> or <c>rampa run --strict-thresholds</c>.
    /// </summary>
    public bool StrictThresholds { get; init; }
    /// <summary>
    /// The file's <c>insecureSkipTLSVerify: true</c> (k6's option): TLS certificates are not verified. Off by default,
    /// so a self-signed or otherwise untrusted server fails each request with a TLS error naming the host.
    /// </summary>
    public bool InsecureSkipTlsVerify { get; init; }
    /// <summary>Trend statistics shown in the summary, e.g. avg, min, med, max, p(90), p(95).</summary>
    public IReadOnlyList<string> SummaryTrendStats { get; init; } = DefaultTrendStats;
    /// <summary>What runs once before and once after the load (a C# scenario assembly's <c>[Setup]</c>/<c>[Teardown]</c>); null for none.</summary>
    public IRunLifecycle? Lifecycle { get; init; }
    /// <summary>The file's <c>data:</c> sources, indexed.</summary>
    public Data.DataCatalog Data { get; init; } = Rampa.Core.Data.DataCatalog.Empty;
    public static readonly IReadOnlyList<string> DefaultTrendStats = ["avg", "min", "med", "max", "p(90)", "p(95)"];
}

/// <summary>One named scenario: an executor and what each iteration does.</summary>
public sealed record ScenarioPlan
{
    public required string Name { get; init; }
    public required Executors.ExecutorConfig Executor { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public required IWorkload Workload { get; init; }
    /// <summary>The data sources (catalog indices) its requests read: a row of each is taken per iteration (or per VU).</summary>
    public IReadOnlyList<int> DataSources { get; init; } = [];
}

/// <summary>Options that apply to every request unless the request overrides them.</summary>
public sealed record RequestDefaults
{
    public IReadOnlyList<HeaderSpec> Headers { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public StatusSet ExpectedStatuses { get; init; } = StatusSet.Default;
    /// <summary><c>defaults.http</c>: the HTTP version of requests that set none.</summary>
    public Protocols.Http.HttpVersionChoice Http { get; init; }
}
