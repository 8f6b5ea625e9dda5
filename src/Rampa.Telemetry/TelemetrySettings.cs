namespace Rampa.Telemetry;

/// <summary>What every exporter of one process shares: the push interval and who this process is.</summary>
public sealed record TelemetrySettings
{
    /// <summary>How often pushing exporters (OTLP, Azure Monitor) send the metrics: <c>OTEL_METRIC_EXPORT_INTERVAL</c> (ms), default 5 s.</summary>
    public TimeSpan ExportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>service.instance.id</c>: the silo's name, or the CLI's host name.</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary><c>service.name</c> (<c>OTEL_SERVICE_NAME</c>, default <c>rampa</c>).</summary>
    public string Service { get; init; } = "rampa";

    public static TelemetrySettings FromEnvironment(Func<string, string?> environment, string? instance = null)
    {
        var settings = new TelemetrySettings();
        if (instance is not null) settings = settings with { Instance = instance };
        if (environment("OTEL_SERVICE_NAME") is { Length: > 0 } service) settings = settings with { Service = service };
        if (environment("OTEL_METRIC_EXPORT_INTERVAL") is { } text)
        {
            if (!int.TryParse(text, out var ms) || ms < 100)
                throw new TelemetryConfigException($"OTEL_METRIC_EXPORT_INTERVAL={text}: expected milliseconds, at least 100");
            settings = settings with { ExportInterval = TimeSpan.FromMilliseconds(ms) };
        }
        return settings;
    }
}
