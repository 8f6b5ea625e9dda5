using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rampa.Core.Live;
using N = Rampa.Telemetry.RampaTelemetryNames;

namespace Rampa.Telemetry.Tests;

/// <summary>
/// RunTelemetry read the way an exporter reads it (a MeterListener collecting the observable instruments): counters
/// cumulative from the frames, per status from the rows, gauges from the last frame, the run span, and a finished run
/// forgotten after <see cref="RunTelemetry.KeepFinished"/>.
/// </summary>
public sealed class RunTelemetryTests
{
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static LiveFrame Frame(string runId, long second, LiveCounts interval, LiveCounts totals, bool final, params LiveRequest[] rows) => new()
    {
        RunId = runId, Second = second, Elapsed = second - 1_800_000_000 + 1, Final = final, Interval = interval, Totals = totals,
        Vus = 4, VusMax = 5,
        Scenarios = [new LiveScenario { Scenario = "s", Interval = interval, Totals = totals, Vus = 4, VusMax = 5,
            Latency = rows.Length == 0 ? null : new LiveLatency { P50 = 1, P90 = 2, P95 = 3, P99 = 4, Max = 9, Mean = 1.5 } }],
        Requests = rows,
    };

    private static LiveRequest Row(string name, long ok, long failed) => new()
    {
        Scenario = "s", Name = name, Method = "GET", Requests = ok + failed, Failures = failed,
        Statuses = failed == 0 ? new Dictionary<string, long> { ["200"] = ok } : new Dictionary<string, long> { ["200"] = ok, ["503"] = failed },
        Latency = new LiveLatency { P50 = 1, P90 = 2, P95 = 3, P99 = 4, Max = 9, Mean = 1.5 },
    };

    private static List<(string Instrument, double Value, Dictionary<string, string> Tags)> Collect()
    {
        var seen = new List<(string, double, Dictionary<string, string>)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == N.Meter) l.EnableMeasurementEvents(i); };
        void Add(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var d = new Dictionary<string, string>();
            foreach (var t in tags) d[t.Key] = (string)t.Value!;
            lock (seen) seen.Add((i.Name, v, d));
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    [Fact]
    public void Counters_are_cumulative_and_gauges_are_the_last_frames()
    {
        using var telemetry = new RunTelemetry(endSpanOnFinalFrame: true, () => _now);
        var run = "run-" + Guid.NewGuid().ToString("N")[..8];
        var first = new LiveCounts { Requests = 10, Failures = 2, Iterations = 5, ChecksPassed = 7, ChecksFailed = 1 };
        telemetry.OnFrame(Frame(run, 1_800_000_000, first, first, false, Row("a", 6, 0), Row("b", 2, 2)));
        var second = new LiveCounts { Requests = 4, Failures = 1, Iterations = 2, Dropped = 3 };
        telemetry.OnFrame(Frame(run, 1_800_000_001, second, first.Add(second), true, Row("b", 3, 1)));

        var mine = Collect().Where(m => m.Tags.GetValueOrDefault(N.RunId) == run).ToList();
        double Sum(string name, Func<Dictionary<string, string>, bool>? where = null) =>
            mine.Where(m => m.Instrument == name && (where?.Invoke(m.Tags) ?? true)).Sum(m => m.Value);
        Assert.Equal(14, Sum(N.Requests));
        Assert.Equal(3, Sum(N.Requests, t => t[N.Status] == "503" && t[N.Name] == "b"));
        Assert.Equal(5, Sum(N.Requests, t => t[N.Name] == "b" && t[N.Status] == "200"));
        Assert.Equal(3, Sum(N.RequestFailures));
        Assert.Equal(7, Sum(N.Iterations));
        Assert.Equal(3, Sum(N.IterationsDropped));
        Assert.Equal(7, Sum(N.Checks, t => t[N.Passed] == "true"));
        Assert.Equal(1, Sum(N.Checks, t => t[N.Passed] == "false"));
        Assert.Equal(4, Sum(N.Vus));
        Assert.Equal(5, Sum(N.VusMax));
        // p95 per scenario (no name) and per request name seen in a frame.
        Assert.Equal(3, mine.Single(m => m.Instrument == N.DurationP95 && !m.Tags.ContainsKey(N.Name)).Value);
        Assert.Equal(["a", "b"], mine.Where(m => m.Instrument == N.DurationP95 && m.Tags.ContainsKey(N.Name)).Select(m => m.Tags[N.Name]).Order());
    }

    [Fact]
    public void The_run_span_covers_the_run_and_carries_the_verdict_and_a_finished_run_is_forgotten()
    {
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == N.ActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(activities);
        using var telemetry = new RunTelemetry(endSpanOnFinalFrame: false, () => _now);
        var run = "run-" + Guid.NewGuid().ToString("N")[..8];
        telemetry.BeginRun(run, ["s", "t"]);
        Assert.Null(Activity.Current);                                   // never the ambient parent of what follows
        var counts = new LiveCounts { Requests = 1 };
        telemetry.OnFrame(Frame(run, 1_800_000_000, counts, counts, true, Row("a", 1, 0)));
        Assert.DoesNotContain(spans, s => (string?)s.GetTagItem(N.RunId) == run);   // the CLI ends it with the verdict
        telemetry.EndRun(run, "passed");
        var span = Assert.Single(spans, s => (string?)s.GetTagItem(N.RunId) == run);
        Assert.Equal(N.RunSpan, span.OperationName);
        Assert.Equal("s,t", span.GetTagItem(N.SpanScenarios));
        Assert.Equal("passed", span.GetTagItem(N.SpanVerdict));
        Assert.Equal(ActivityStatusCode.Ok, span.Status);

        Assert.Contains(Collect(), m => m.Tags.GetValueOrDefault(N.RunId) == run);
        _now += RunTelemetry.KeepFinished + TimeSpan.FromSeconds(1);
        Assert.DoesNotContain(Collect(), m => m.Tags.GetValueOrDefault(N.RunId) == run);
    }
}
