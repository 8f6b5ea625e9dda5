namespace Rampa.Core.Metrics;

/// <summary>
/// The metrics Rampa records itself (docs/semantics.md#metrics), with their types and units; the metrics of the
/// protocols with steps of their own come from <see cref="Protocols.ProtocolCatalog"/> (a protocol's metric definitions
/// must not read this class while it initialises).
/// </summary>
public static class BuiltinMetrics
{
    public static readonly MetricDefinition HttpReqs = new("http_reqs", MetricType.Counter);
    public static readonly MetricDefinition HttpReqDuration = new("http_req_duration", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqBlocked = new("http_req_blocked", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqConnecting = new("http_req_connecting", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqTlsHandshaking = new("http_req_tls_handshaking", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqSending = new("http_req_sending", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqWaiting = new("http_req_waiting", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqReceiving = new("http_req_receiving", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition HttpReqFailed = new("http_req_failed", MetricType.Rate);
    public static readonly MetricDefinition Iterations = new("iterations", MetricType.Counter);
    public static readonly MetricDefinition IterationDuration = new("iteration_duration", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition DroppedIterations = new("dropped_iterations", MetricType.Counter);
    public static readonly MetricDefinition InterruptedIterations = new("interrupted_iterations", MetricType.Counter);
    public static readonly MetricDefinition IterationStartLag = new("iteration_start_lag", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition IterationResponseTime = new("iteration_response_time", MetricType.Trend, MetricUnit.Time);
    public static readonly MetricDefinition Vus = new("vus", MetricType.Gauge);
    public static readonly MetricDefinition VusMax = new("vus_max", MetricType.Gauge);
    public static readonly MetricDefinition DataSent = new("data_sent", MetricType.Counter, MetricUnit.Data);
    public static readonly MetricDefinition DataReceived = new("data_received", MetricType.Counter, MetricUnit.Data);
    public static readonly MetricDefinition Checks = new("checks", MetricType.Rate);
    public static readonly MetricDefinition GroupDuration = new("group_duration", MetricType.Trend, MetricUnit.Time);
    /// <summary>Exceptions thrown by C# scenario code, tagged with the exception's type and where it was thrown.</summary>
    public static readonly MetricDefinition IterationErrors = new("iteration_errors", MetricType.Counter);

    // The generator's own health (GeneratorHealthSampler), once a second per silo, tagged `silo`: what the
    // SaturationJudge reads to call a run inconclusive. Gauges, so each silo's series keeps its own latest value.
    /// <summary>The silo process's CPU use as a share of its machine (0..1).</summary>
    public static readonly MetricDefinition GeneratorCpu = new("rampa_generator_cpu", MetricType.Gauge);
    /// <summary>Work items waiting in the silo's thread pool at the sample.</summary>
    public static readonly MetricDefinition GeneratorThreadPoolQueue = new("rampa_generator_threadpool_queue", MetricType.Gauge);
    /// <summary>Milliseconds of GC pause per second.</summary>
    public static readonly MetricDefinition GeneratorGcPause = new("rampa_generator_gc_pause", MetricType.Gauge);
    /// <summary>Bytes allocated per second.</summary>
    public static readonly MetricDefinition GeneratorAllocRate = new("rampa_generator_alloc_rate", MetricType.Gauge);
    /// <summary>Seconds since the silo's previous sample: 1 when its once-a-second flush runs on time.</summary>
    public static readonly MetricDefinition GeneratorFlushInterval = new("rampa_generator_flush_interval", MetricType.Gauge);

    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        HttpReqs, HttpReqDuration, HttpReqBlocked, HttpReqConnecting, HttpReqTlsHandshaking, HttpReqSending,
        HttpReqWaiting, HttpReqReceiving, HttpReqFailed, Iterations, IterationDuration, DroppedIterations,
        InterruptedIterations, IterationStartLag, IterationResponseTime, Vus, VusMax, DataSent, DataReceived, Checks,
        GroupDuration, IterationErrors, GeneratorCpu, GeneratorThreadPoolQueue, GeneratorGcPause, GeneratorAllocRate,
        GeneratorFlushInterval, .. Protocols.ProtocolCatalog.Metrics,
    ];

    private static readonly Dictionary<string, MetricDefinition> ByName = All.ToDictionary(m => m.Name);

    public static MetricDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The summary's groups, in k6's order.</summary>
    public static string GroupOf(string metric) => metric switch
    {
        _ when Protocols.ProtocolCatalog.OfMetric(metric) is { } protocol => protocol.SummaryGroup,
        _ when metric.StartsWith("http_", StringComparison.Ordinal) => "HTTP",
        _ when metric.StartsWith("rampa_generator_", StringComparison.Ordinal) => "GENERATOR",
        "data_sent" or "data_received" => "NETWORK",
        "checks" => "CHECKS",
        "iterations" or "iteration_duration" or "dropped_iterations" or "interrupted_iterations"
            or "iteration_start_lag" or "iteration_response_time" or "vus" or "vus_max" or "group_duration" or "iteration_errors" => "EXECUTION",
        _ => "CUSTOM",
    };
}
