using Rampa.Core.Metrics;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Ws;

/// <summary>WebSocket sessions as flow steps: <c>- ws: /chat</c> with its <c>actions</c> (docs/scenario-format.md#websocket-steps).</summary>
internal sealed class WebSocketProtocol : IProtocol
{
    public string Name => "WebSocket";
    public string StepKey => "ws";
    public string SummaryGroup => "WEBSOCKET";
    public IReadOnlyList<MetricDefinition> Metrics => WsMetrics.All;
    public ProtocolLive Live { get; } = new("sessions", WsMetrics.Sessions, WsMetrics.SessionFailed, WsMetrics.SessionDuration);
    public ProtocolStep? ReadStep(StepReadContext context, Fields step) => new WsStepReader(context).Read(step);
}
