namespace Rampa.Telemetry;

/// <summary>
/// Every name Rampa's telemetry uses, in one place: the meter, the activity source, the instruments and their
/// attributes. The README's "Live telemetry" table lists them with their Prometheus forms (dots become underscores,
/// counters get <c>_total</c>, the unit <c>ms</c> becomes <c>_milliseconds</c>); the Azure workbook queries them by
/// these names.
/// </summary>
public static class RampaTelemetryNames
{
    public const string Meter = "Rampa";
    public const string ActivitySource = "Rampa";

    // Counters: observable and cumulative, read from the frames' running totals.
    public const string Requests = "rampa.requests";
    public const string RequestFailures = "rampa.request.failures";
    public const string Iterations = "rampa.iterations";
    public const string IterationsDropped = "rampa.iterations.dropped";
    public const string Checks = "rampa.checks";

    // Gauges: the last frame's values.
    public const string Vus = "rampa.vus";
    public const string VusMax = "rampa.vus.max";
    public const string DurationP50 = "rampa.request.duration.p50";
    public const string DurationP90 = "rampa.request.duration.p90";
    public const string DurationP95 = "rampa.request.duration.p95";
    public const string DurationP99 = "rampa.request.duration.p99";
    public const string DurationMax = "rampa.request.duration.max";

    // Protocols with steps of their own (WebSocket, SSE, gRPC), attribute protocol: their sessions, streams or calls.
    public const string ProtocolUnits = "rampa.protocol.units";
    public const string ProtocolFailures = "rampa.protocol.failures";
    public const string ProtocolDurationP95 = "rampa.protocol.duration.p95";
    public const string ProtocolDurationP99 = "rampa.protocol.duration.p99";

    // The generator's own health, per silo (attribute silo): the last frame's rampa_generator_* gauges.
    public const string GeneratorCpu = "rampa.generator.cpu";
    public const string GeneratorThreadPoolQueue = "rampa.generator.threadpool.queue";
    public const string GeneratorGcPause = "rampa.generator.gc.pause";
    public const string GeneratorAllocRate = "rampa.generator.alloc.rate";
    public const string GeneratorFlushInterval = "rampa.generator.flush.interval";

    /// <summary>Meters of other libraries exported beside Rampa's: the .NET runtime's and Orleans'.</summary>
    public const string RuntimeMeter = "System.Runtime";
    public const string OrleansMeter = "Microsoft.Orleans";

    // Attributes.
    public const string RunId = "run.id";
    public const string Scenario = "scenario";
    public const string Name = "name";
    public const string Method = "method";
    public const string Status = "status";
    public const string Passed = "passed";
    public const string Silo = "silo";
    public const string Protocol = "protocol";

    /// <summary>The span of one run, from its start to its end.</summary>
    public const string RunSpan = "rampa.run";
    public const string SpanScenarios = "rampa.scenarios";
    public const string SpanVerdict = "rampa.verdict";
    public const string SpanRequests = "rampa.requests";
}
