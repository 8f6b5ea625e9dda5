using Rampa.Core.Live;
using Rampa.Orleans.Contracts;
using Rampa.Telemetry;

namespace Rampa.Cli.Live;

/// <summary>
/// The telemetry <c>--out</c> kinds (otlp, azure-monitor, prometheus, and those the OTEL_*/APPLICATIONINSIGHTS_*
/// variables turn on) as one live output: one <see cref="TelemetryPipeline"/> whose <see cref="RunTelemetry"/> gets
/// every frame; the exporters run on the SDK's threads. At the end the run's span closes with its verdict, a scraped
/// endpoint keeps serving the final values until it was scraped once more (at most <see cref="Linger"/>, and only if it
/// was scraped at all), and the pushing exporters are flushed.
/// </summary>
public sealed class TelemetryOutput(TelemetryPipeline pipeline) : ILiveOutput
{
    /// <summary><c>RAMPA_PROMETHEUS_LINGER</c> (a duration, default 15s, Prometheus' default scrape interval).</summary>
    public static TimeSpan Linger =>
        Environment.GetEnvironmentVariable("RAMPA_PROMETHEUS_LINGER") is { } text && Rampa.Core.Time.DurationFormat.TryParse(text, out var d)
            ? d : TimeSpan.FromSeconds(15);

    private string? _runId;

    public void Begin(LiveRunInfo run)
    {
        _runId = run.RunId;
        pipeline.Telemetry.BeginRun(run.RunId, run.Scenarios);
    }

    public void Update(RunStatus status, IReadOnlyList<LiveFrame> frames, DateTimeOffset now)
    {
        foreach (var frame in frames) pipeline.Telemetry.OnFrame(frame);
    }

    public void End(RunStatus status)
    {
        if (_runId is not null) pipeline.Telemetry.EndRun(_runId, Verdict(status));
        if (pipeline.IsScraped) WaitForScrape();
        pipeline.Flush(TimeSpan.FromSeconds(5));
    }

    private void WaitForScrape()
    {
        var seen = pipeline.Telemetry.Collections;
        if (seen == 0) return;
        var until = DateTime.UtcNow + Linger;
        while (pipeline.Telemetry.Collections == seen && DateTime.UtcNow < until) Thread.Sleep(50);
    }

    private static string Verdict(RunStatus status) => status.State switch
    {
        RunState.Completed when (status.Thresholds?.Failing ?? 0) == 0 => "passed",
        RunState.Interrupted => "interrupted",
        _ => "failed",
    };

    public ValueTask DisposeAsync()
    {
        pipeline.Dispose();
        pipeline.Telemetry.Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => string.Join(", ", pipeline.Exporters.Select(e => e.Option));
}
