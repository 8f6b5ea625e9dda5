using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols;

/// <summary>
/// The one list of protocols with flow steps of their own (<see cref="IProtocol"/>). The YAML flow reader finds a
/// step's protocol here by its key; the built-in metrics, the threshold reader, the summary and the report read their
/// metrics and groups from here.
/// </summary>
internal static class ProtocolCatalog
{
    public static readonly IReadOnlyList<IProtocol> All =
    [
        new Sse.SseProtocol(),
        new Ws.WebSocketProtocol(),
        new Grpc.GrpcProtocol(),
    ];

    /// <summary>The step keys of every protocol, for "a step needs ..." messages.</summary>
    public static IReadOnlyList<string> StepKeys { get; } = [.. All.Select(p => p.StepKey)];

    /// <summary>Every metric of every protocol, in list order.</summary>
    public static IReadOnlyList<MetricDefinition> Metrics { get; } = [.. All.SelectMany(p => p.Metrics)];

    private static readonly Dictionary<string, IProtocol> ByMetric =
        All.SelectMany(p => p.Metrics.Select(m => (m.Name, Protocol: p))).ToDictionary(x => x.Name, x => x.Protocol, StringComparer.Ordinal);

    /// <summary>The protocol whose key the step mapping holds; null for none (a request, think or group step).</summary>
    public static IProtocol? ForStep(Scenarios.Yaml.Fields step)
    {
        foreach (var p in All)
            if (step.Has(p.StepKey)) return p;
        return null;
    }

    /// <summary>What a metric is to the live feed: a protocol's calls, its failures, its latency; null for none of those.</summary>
    public static (IProtocol Protocol, LiveRole Role)? LiveRoleOf(string metric) =>
        ByLiveMetric.TryGetValue(metric, out var r) ? r : null;

    private static readonly Dictionary<string, (IProtocol, LiveRole)> ByLiveMetric = All
        .SelectMany(p => new[] { (p.Live.Calls.Name, (p, LiveRole.Calls)), (p.Live.Failed.Name, (p, LiveRole.Failed)), (p.Live.Duration.Name, (p, LiveRole.Duration)) })
        .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    /// <summary>The protocol that records <paramref name="metric"/>; null for a metric of no protocol.</summary>
    public static IProtocol? OfMetric(string metric) => ByMetric.GetValueOrDefault(metric);
}

/// <summary>What one of a protocol's metrics is to the live feed (<see cref="ProtocolLive"/>).</summary>
internal enum LiveRole { Calls, Failed, Duration }
