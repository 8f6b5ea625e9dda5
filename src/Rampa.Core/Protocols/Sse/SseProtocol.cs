using Rampa.Core.Metrics;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Sse;

/// <summary>Server-Sent Events: the <c>sse</c> flow step (a stream read until a condition, a count or a timeout).</summary>
internal sealed class SseProtocol : IProtocol
{
    public string Name => "Server-Sent Events";
    public string StepKey => "sse";
    public string SummaryGroup => "SSE";
    public IReadOnlyList<MetricDefinition> Metrics => SseMetrics.All;
    public ProtocolLive Live { get; } = new("streams", SseMetrics.Streams, SseMetrics.StreamFailed, SseMetrics.TimeToFirstEvent);
    public ProtocolStep? ReadStep(StepReadContext context, Fields step) => new SseStepReader(context).Read(step);
}
