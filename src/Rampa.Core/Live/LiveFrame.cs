namespace Rampa.Core.Live;

/// <summary>
/// One second of a run as the whole cluster saw it: the merged view the live outputs (the terminal view, JSON lines,
/// OpenTelemetry, Prometheus) are fed from, once a second, off the recording path. Built by <see cref="LiveFrameBuilder"/>
/// from the histogram grains' per-second series; its JSON form (<see cref="LiveFrameJson"/>) is one line of
/// <c>--out json=FILE</c>, documented by <c>schemas/rampa-live.schema.json</c>.
/// <para>
/// Counts are exact in sum: a sample that reached the histogram grains after its second's frame was sent counts in the
/// next frame, and the last frame (<see cref="Final"/>) carries whatever is left, so the frames of a run add up to its
/// summary's totals. Percentiles are those of the samples that had arrived for this second.
/// </para>
/// </summary>
public sealed record LiveFrame
{
    /// <summary>The kind of JSON line, so a reader can tell frames from anything added later.</summary>
    public string Type { get; init; } = "frame";
    public required string RunId { get; init; }
    /// <summary>The UTC second (Unix seconds) the silos' flushers stamped on the samples of this frame: they hold about the second before it.</summary>
    public required long Second { get; init; }
    /// <summary>That second as a UTC time.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Second);
    /// <summary>Seconds since the run's common start.</summary>
    public required double Elapsed { get; init; }
    /// <summary>True for the run's last frame, sent once every silo's final flush was merged.</summary>
    public bool Final { get; init; }
    /// <summary>This second's counts over every scenario.</summary>
    public required LiveCounts Interval { get; init; }
    /// <summary>The run's counts so far (the sum of every frame up to this one).</summary>
    public required LiveCounts Totals { get; init; }
    /// <summary>Requests per second in this frame.</summary>
    public double Rate { get; init; }
    /// <summary>Active VUs over the cluster, and the VUs allocated (<c>vus</c>, <c>vus_max</c>).</summary>
    public long Vus { get; init; }
    public long VusMax { get; init; }
    /// <summary>The run's <c>http_req_duration</c> in this second, every scenario together.</summary>
    public LiveLatency? Latency { get; init; }
    public required IReadOnlyList<LiveScenario> Scenarios { get; init; }
    /// <summary>Per request name (scenario, name, method); at most <see cref="LiveFrameBuilder.MaxRequestRows"/>, the busiest first.</summary>
    public required IReadOnlyList<LiveRequest> Requests { get; init; }
    /// <summary>Each protocol with steps of its own (WebSocket, SSE, gRPC) that the run used so far: its sessions, streams or calls.</summary>
    public IReadOnlyList<LiveProtocol> Protocols { get; init; } = [];
    /// <summary>Each silo's own health in this second (<c>rampa_generator_*</c>), by silo; a silo whose sample is late is missing.</summary>
    public IReadOnlyList<LiveGenerator> Generators { get; init; } = [];
}

/// <summary>
/// One silo's health as a load generator in one second: the <c>rampa_generator_*</c> gauges its sampler recorded
/// (docs/semantics.md#generator-saturation). Null where that gauge's sample had not arrived.
/// </summary>
public sealed record LiveGenerator
{
    public required string Silo { get; init; }
    /// <summary>The silo process's CPU use as a share of its machine (0..1).</summary>
    public double? Cpu { get; init; }
    /// <summary>Work items waiting in the thread pool.</summary>
    public double? ThreadPoolQueue { get; init; }
    /// <summary>Milliseconds of GC pause in the second.</summary>
    public double? GcPauseMs { get; init; }
    /// <summary>Bytes allocated per second.</summary>
    public double? AllocRate { get; init; }
    /// <summary>Seconds since the silo's previous sample (1 when its flush runs on time).</summary>
    public double? FlushInterval { get; init; }
}

/// <summary>Counts of one second, or of the run so far.</summary>
public sealed record LiveCounts
{
    public long Requests { get; init; }
    /// <summary>Requests that failed (<c>http_req_failed</c>: not an expected status, or no response).</summary>
    public long Failures { get; init; }
    public long Iterations { get; init; }
    public long Dropped { get; init; }
    public long ChecksPassed { get; init; }
    public long ChecksFailed { get; init; }

    public static readonly LiveCounts Zero = new();

    public LiveCounts Add(LiveCounts o) => new()
    {
        Requests = Requests + o.Requests, Failures = Failures + o.Failures, Iterations = Iterations + o.Iterations,
        Dropped = Dropped + o.Dropped, ChecksPassed = ChecksPassed + o.ChecksPassed, ChecksFailed = ChecksFailed + o.ChecksFailed,
    };
}

/// <summary>Latency of one second (<c>http_req_duration</c>), in milliseconds; null in a second without requests.</summary>
public sealed record LiveLatency
{
    public double P50 { get; init; }
    public double P90 { get; init; }
    public double P95 { get; init; }
    public double P99 { get; init; }
    public double Max { get; init; }
    public double Mean { get; init; }
}

/// <summary>One scenario in one second.</summary>
public sealed record LiveScenario
{
    public required string Scenario { get; init; }
    public required LiveCounts Interval { get; init; }
    public required LiveCounts Totals { get; init; }
    /// <summary>Requests per second in this frame.</summary>
    public double Rate { get; init; }
    /// <summary>The <c>vus</c> gauge summed over silos, and <c>vus_max</c>.</summary>
    public long Vus { get; init; }
    public long VusMax { get; init; }
    public LiveLatency? Latency { get; init; }
    /// <summary>Open model: <c>iteration_start_lag</c> of the iterations started in this second (how late they began), in ms; null without any.</summary>
    public LiveLatency? StartLag { get; init; }
}

/// <summary>One request name of one scenario in one second.</summary>
public sealed record LiveRequest
{
    public required string Scenario { get; init; }
    public required string Name { get; init; }
    public required string Method { get; init; }
    public long Requests { get; init; }
    public long Failures { get; init; }
    public double Rate { get; init; }
    /// <summary>Requests by status (<c>0</c> when there was no response).</summary>
    public required IReadOnlyDictionary<string, long> Statuses { get; init; }
    public LiveLatency? Latency { get; init; }
}

/// <summary>
/// One protocol with steps of its own in one second, every scenario together: its unit of work (a WebSocket session,
/// an SSE stream, a gRPC call), how many ended and how many failed, in the second and so far, and their latency.
/// </summary>
public sealed record LiveProtocol
{
    /// <summary>The protocol's name (<c>WebSocket</c>, <c>Server-Sent Events</c>, <c>gRPC</c>).</summary>
    public required string Protocol { get; init; }
    /// <summary>What its unit is called: <c>sessions</c>, <c>streams</c>, <c>calls</c>.</summary>
    public required string Unit { get; init; }
    /// <summary>Units counted in this second (its Counter, e.g. <c>ws_sessions</c>), and failed (its Rate, e.g. <c>ws_session_failed</c>).</summary>
    public long Count { get; init; }
    public long Failures { get; init; }
    /// <summary>The same over the run so far.</summary>
    public long TotalCount { get; init; }
    public long TotalFailures { get; init; }
    /// <summary>Units per second in this frame.</summary>
    public double Rate { get; init; }
    /// <summary>Its latency Trend in this second (e.g. <c>ws_session_duration</c>, <c>sse_time_to_first_event</c>, <c>grpc_req_duration</c>), in ms.</summary>
    public LiveLatency? Latency { get; init; }
}
