using System.Diagnostics.Tracing;

namespace Rampa.Telemetry;

/// <summary>
/// Turns the exporters' own error events (they report through EventSource, never by throwing at the run) into one
/// warning line per process: an endpoint that is down is worth saying once, not every five seconds, and never stops
/// or changes the run.
/// </summary>
internal sealed class ExportFailureWatch(Action<string> warn) : EventListener
{
    private int _warned;

    private volatile bool _stopping;

    /// <summary>
    /// The pipeline is shutting down: an exporter that is stopped reports its own cancelled loop as an error (the
    /// Prometheus listener does), which is not a failed export. A real failure of the last push is still reported.
    /// </summary>
    public void Stopping() => _stopping = true;

    private static bool Watched(EventSource source) =>
        source.Name.StartsWith("OpenTelemetry-Exporter", StringComparison.Ordinal) ||
        source.Name.StartsWith("OpenTelemetry-AzureMonitor-Exporter", StringComparison.Ordinal);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (Watched(source)) EnableEvents(source, EventLevel.Error);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        // Other listeners' sources (the runtime's counters) reach every listener too: only the exporters' errors count.
        if (e.Level is > EventLevel.Error or EventLevel.LogAlways || !Watched(e.EventSource)) return;
        if (Interlocked.Exchange(ref _warned, 1) == 1) return;
        var text = e.Message is { } format && e.Payload is { } payload
            ? SafeFormat(format, payload.ToArray())
            : e.EventName ?? "export failed";
        text = text.ReplaceLineEndings(" ");
        if (_stopping && (text.Contains("TaskCanceledException", StringComparison.Ordinal) || text.Contains("OperationCanceledException", StringComparison.Ordinal)))
        {
            Interlocked.Exchange(ref _warned, 0);
            return;
        }
        // The first line of an exception says it (Connection refused ...); its inner ones and stack do not.
        if (text.IndexOf(" ---> ", StringComparison.Ordinal) is > 0 and var inner) text = text[..inner];
        if (text.Length > 300) text = text[..300] + "...";
        warn($"warning: telemetry export failed ({e.EventSource.Name}): {text}; the run goes on (shown once)");
    }

    private static string SafeFormat(string format, object?[] args)
    {
        try { return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args); }
        catch (FormatException) { return format; }
    }
}
