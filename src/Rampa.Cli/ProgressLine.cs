using System.Globalization;
using Rampa.Core.Failures;
using Rampa.Core.Live;
using Rampa.Core.Reporting;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli;

/// <summary>
/// The live progress line: k6's "running (…), N/M VUs, X complete and Y interrupted iterations", the latest frame's
/// request rate, p(95) and error share, and each scenario's share of its duration.
/// </summary>
public static class ProgressLine
{
    public static string Render(RunStatus status, DateTimeOffset now, LiveFrame? frame = null)
    {
        var elapsed = status.StartedUtc is { } s && now > s ? now - s : TimeSpan.Zero;
        var active = status.Scenarios.Sum(x => x.ActiveVus);
        var max = status.Scenarios.Sum(x => x.AllocatedVus);
        var complete = status.Scenarios.Sum(x => x.Completed);
        var interrupted = status.Scenarios.Sum(x => x.Interrupted);
        var word = status.State switch
        {
            RunState.Stopping when status.AbortedByThreshold is not null => "aborting",
            RunState.Stopping => "stopping",
            RunState.Starting or RunState.Pending => "starting",
            _ => "running",
        };
        var parts = status.Scenarios.Select(x =>
        {
            var total = x.RegularDuration;
            var into = elapsed - x.StartTime;
            var pct = x.Done ? 100 : total > TimeSpan.Zero ? Math.Clamp(into / total * 100, 0, 100) : 0;
            return $"{x.Name} [{pct,3:0}%]";
        });
        return string.Create(CultureInfo.InvariantCulture,
            $"{word} ({(int)elapsed.TotalMinutes:00}m{elapsed.Seconds + elapsed.Milliseconds / 1000.0:00.0}s), {active}/{max} VUs, {complete} complete and {interrupted} interrupted iterations{Figures(frame)}  {string.Join("  ", parts)}{Thresholds(status)}{(Alert(status) is null ? "" : "  ⚠ failing")}");
    }

    /// <summary>
    /// The loud warning when nearly every request so far failed for a network reason (<see cref="FailureAlert"/>), e.g.
    /// <c>⚠ 100% of requests fail: connection refused (connect to 127.0.0.1:5081: Connection refused) — is the target up?</c>;
    /// null otherwise. The driver prints it on a line of its own, once.
    /// </summary>
    public static string? Alert(RunStatus status) => status.Failures is { } f
        ? FailureAlert.Line(f.Requests, f.Classes.Select(c => new LiveFailureCount(c.Code, c.Name, c.Count, c.Message)))
        : null;

    /// <summary>
    /// The latest frame's figures, e.g. <c>, 98.2 req/s, p(95)=3.13ms, 0.00% failed</c>: the rate and p(95) of that
    /// second, the failed share of the requests so far; empty before the first frame.
    /// </summary>
    private static string Figures(LiveFrame? frame) => frame is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $", {MetricValues.FormatRateShort(frame.Rate)} req/s, p(95)={(frame.Latency is { } l ? MetricValues.FormatMs(l.P95) : "-")}, {FailedShare(frame.Totals):0.00}% failed");

    /// <summary>The failed share of <paramref name="counts"/>' requests, in percent (0 without requests).</summary>
    public static double FailedShare(LiveCounts counts) => counts.Requests == 0 ? 0 : 100.0 * counts.Failures / counts.Requests;

    /// <summary>The live threshold state, e.g. <c>  thresholds 1/3 failing</c>; empty before the first evaluation.</summary>
    private static string Thresholds(RunStatus status) => status.Thresholds is { Total: > 0 } t
        ? string.Create(CultureInfo.InvariantCulture, $"  thresholds {t.Failing}/{t.Total} failing")
        : "";
}
