using Rampa.Telemetry.Exporters;

namespace Rampa.Telemetry;

/// <summary>
/// The telemetry kinds of <c>--out</c> (the CLI's and <c>rampa silo</c>'s): each names its value's shape and creates
/// its exporter, checking the value. A new exporter is one entry here and its class in <c>Exporters/</c>.
/// </summary>
public static class TelemetryKinds
{
    /// <summary>One kind: its name, the value it takes (null: none; <c>[X]</c>: optional), a line of help, and how it is made from <c>(option, value, environment)</c>.</summary>
    public sealed record Kind(string Name, string? Value, string Help, Func<string, string?, Func<string, string?>, ITelemetryExporter> Create)
    {
        public string Usage => Value switch
        {
            null => Name,
            ['[', .., ']'] => $"{Name}[={Value[1..^1]}]",   // an optional value: otlp[=URL]
            _ => $"{Name}={Value}",
        };
    }

    public static readonly IReadOnlyList<Kind> All =
    [
        new("otlp", "[URL]", "metrics and the run's span over OTLP/HTTP to URL (/v1/metrics, /v1/traces); without URL the OTEL_EXPORTER_OTLP_* variables decide",
            OtlpExporter.Create),
        new("azure-monitor", "[CONNECTION_STRING]", "metrics and the run's span to Application Insights (default: APPLICATIONINSIGHTS_CONNECTION_STRING)",
            AzureMonitorExporter.Create),
        new("prometheus", "[ADDRESS:PORT]", "a Prometheus scrape endpoint at http://ADDRESS:PORT/metrics (default 127.0.0.1:9464; loopback unless an address is given)",
            PrometheusExporter.Create),
    ];

    public static Kind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>
    /// The exporters the environment turns on besides those given: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or the metrics
    /// one) turns on <c>otlp</c>, <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> turns on <c>azure-monitor</c>.
    /// </summary>
    public static IEnumerable<ITelemetryExporter> FromEnvironment(IReadOnlyCollection<string> given, Func<string, string?> environment)
    {
        if (!given.Contains("otlp") && (Set(environment("OTEL_EXPORTER_OTLP_ENDPOINT")) || Set(environment("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))))
            yield return OtlpExporter.Create("OTEL_EXPORTER_OTLP_ENDPOINT", null, environment);
        if (!given.Contains("azure-monitor") && Set(environment(AzureMonitorExporter.ConnectionStringVariable)))
            yield return AzureMonitorExporter.Create(AzureMonitorExporter.ConnectionStringVariable, null, environment);
    }

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);
}
