using Rampa.Core.Metrics;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols;

/// <summary>
/// A protocol spoken by flow steps of its own (WebSocket, Server-Sent Events, gRPC), beside the HTTP request steps:
/// the key that marks its step in a flow, how such a step is read, and the metrics it records. Every protocol is one
/// entry of <see cref="ProtocolCatalog.All"/>; nothing else names a protocol, so adding one is a folder under
/// <c>Protocols/</c> and one line in that list.
/// </summary>
internal interface IProtocol
{
    /// <summary>A short name for people: the report's section title and the docs (e.g. <c>WebSocket</c>).</summary>
    string Name { get; }

    /// <summary>The flow step key that marks a step of this protocol (e.g. <c>ws</c> in <c>- ws: wss://host/chat</c>).</summary>
    string StepKey { get; }

    /// <summary>The end-of-test summary's group for its metrics (e.g. <c>WEBSOCKET</c>).</summary>
    string SummaryGroup { get; }

    /// <summary>Every metric its steps record (k6's names where k6 has them), so thresholds may name them.</summary>
    IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>What the live feed shows of it each second (the live view, <c>--out json</c>, telemetry).</summary>
    ProtocolLive Live { get; }

    /// <summary>
    /// Reads one step of this protocol (a mapping holding <see cref="StepKey"/>); reports every error through
    /// <paramref name="context"/> with its place and returns null after any.
    /// </summary>
    ProtocolStep? ReadStep(StepReadContext context, Fields step);
}

/// <summary>What a protocol's step reader reads against: the error list, the scenario's request scope, and the group.</summary>
/// <param name="Load">Where errors go (file:line:col).</param>
/// <param name="Scope">The scenario's env, base URL, default headers, timeout and data sources.</param>
/// <param name="Group">The path of the enclosing group (e.g. <c>::chat</c>), the step's <c>group</c> tag; null outside groups.</param>
internal sealed record StepReadContext(LoadContext Load, RequestScope Scope, string? Group);

/// <summary>
/// A protocol's unit of work as the live feed counts it (a session, a stream, a call): the Counter that counts them, the
/// Rate that tells the failed ones, and the Trend that gives their latency, all among the protocol's own metrics.
/// </summary>
/// <param name="Noun">What one is called, plural, for people (<c>sessions</c>, <c>streams</c>, <c>calls</c>).</param>
internal sealed record ProtocolLive(string Noun, MetricDefinition Calls, MetricDefinition Failed, MetricDefinition Duration);
