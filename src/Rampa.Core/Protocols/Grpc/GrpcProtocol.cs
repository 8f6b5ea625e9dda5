using Rampa.Core.Metrics;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>gRPC: a <c>grpc: package.Service/Method</c> flow step, a unary or server-streaming call.</summary>
internal sealed class GrpcProtocol : IProtocol
{
    public string Name => "gRPC";
    public string StepKey => "grpc";
    public string SummaryGroup => "GRPC";
    public IReadOnlyList<MetricDefinition> Metrics => GrpcMetrics.All;
    public ProtocolLive Live { get; } = new("calls", GrpcMetrics.Reqs, GrpcMetrics.ReqFailed, GrpcMetrics.ReqDuration);

    public ProtocolStep? ReadStep(StepReadContext context, Fields step) => new GrpcStepReader(context).ReadStep(step);
}
