using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Thresholds;

namespace Rampa.Report.Tests;

/// <summary>
/// Runs built from real data: interval snapshots of two silos applied through <see cref="MetricAggregator"/>, the way
/// the histogram grains merge them, and thresholds judged by <see cref="ThresholdEvaluator"/>.
/// </summary>
internal static class SampleRuns
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    public const int Seconds = 40;
    public static readonly string[] DefaultNames = ["home", "/items/{{iteration}}", "checkout"];

    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    private static SeriesAccumulator Of(MetricType type, IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    /// <summary>
    /// 40 seconds on two silos: VUs ramp 0→20 over 10 s, hold, and ramp down over the last 5 s; each VU makes about
    /// one request of every name per second; the last name is slower and fails more, with a spike at 25..28 s that
    /// also drops iterations.
    /// </summary>
    public static RunReport Completed(string[]? names = null, string? runName = "checkout flow")
    {
        names ??= DefaultNames;
        var rng = new Random(42);
        var agg = new MetricAggregator();
        var silos = new[] { "silo-a", "silo-b" };
        long seq = 0;
        for (var t = 0; t < Seconds; t++)
        {
            var vusTotal = t < 10 ? 2 * t : t >= Seconds - 5 ? 4 * (Seconds - t) : 20;
            var spike = t is >= 25 and <= 28;
            foreach (var silo in silos)
            {
                var vus = vusTotal / 2;
                var interval = new MetricSnapshot { IntervalUnixSecond = Start.ToUnixTimeSeconds() + t + 1 };
                interval.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [vus]));
                interval.Set(new SeriesKey(BuiltinMetrics.VusMax, []), Of(MetricType.Gauge, [10]));
                var statusOk = new SeriesAccumulator(MetricType.Rate);
                for (var n = 0; n < names.Length; n++)
                {
                    var name = names[n];
                    var count = vus * (n + 2);
                    if (count == 0) continue;
                    var baseMs = 15.0 * (n + 1) * (n + 1);
                    var failShare = n == names.Length - 1 ? (spike ? 0.3 : 0.05) : 0.0;
                    var durations = new List<double>();
                    var failed = new List<double>();
                    for (var i = 0; i < count; i++)
                    {
                        var ms = baseMs * (0.6 + rng.NextDouble() * (spike ? 3.0 : 0.9)) + (rng.NextDouble() < 0.02 ? baseMs * 4 : 0);
                        durations.Add(ms * 1000); // histograms hold microseconds
                        var fail = rng.NextDouble() < failShare;
                        failed.Add(fail ? 1 : 0);
                        statusOk.Add(fail ? 0 : 1);
                    }
                    var method = n == names.Length - 1 ? "POST" : "GET";
                    interval.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", name), T("method", method), T("status", "200")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, count)));
                    interval.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", name), T("method", method), T("expected_response", "true")]), Of(MetricType.Trend, durations));
                    interval.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, [T("name", name), T("method", method)]), Of(MetricType.Rate, failed));
                    interval.Set(new SeriesKey(BuiltinMetrics.HttpReqWaiting, [T("name", name), T("method", method)]), Of(MetricType.Trend, durations.Select(d => d * 0.9)));
                }
                if (statusOk.Count > 0)
                {
                    interval.Set(new SeriesKey(BuiltinMetrics.Checks, [T("check", "status is 200")]), statusOk);
                    interval.Set(new SeriesKey(BuiltinMetrics.Checks, [T("check", "body has id")]), Of(MetricType.Rate, Enumerable.Repeat(1.0, vus)));
                    interval.Set(new SeriesKey(BuiltinMetrics.Iterations, [T("scenario", "browse")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, vus)));
                    interval.Set(new SeriesKey(BuiltinMetrics.IterationDuration, [T("scenario", "browse")]), Of(MetricType.Trend, Enumerable.Range(0, vus).Select(_ => 900_000 + rng.NextDouble() * 300_000)));
                    interval.Set(new SeriesKey(BuiltinMetrics.DataReceived, []), Of(MetricType.Counter, [statusOk.Count * 1830.0]));
                    interval.Set(new SeriesKey(BuiltinMetrics.DataSent, []), Of(MetricType.Counter, [statusOk.Count * 212.0]));
                }
                if (spike) interval.Set(new SeriesKey(BuiltinMetrics.DroppedIterations, [T("scenario", "browse")]), Of(MetricType.Counter, [3]));
                agg.Apply(silo, ++seq, interval);
            }
        }

        var metrics = agg.Merged();
        var duration = TimeSpan.FromSeconds(Seconds);
        var last = names[^1];
        var thresholds = ThresholdEvaluator.Evaluate(
        [
            Spec("http_req_duration", "p(95)<2000"),
            Spec("http_req_failed", "rate<0.01"),
            Spec($"http_req_duration{{name:{last}}}", "p(99)<100"),
            Spec("checks", "rate>0.9"),
        ], metrics, duration);
        return new RunReport
        {
            RunId = "20261125-100000-ab12",
            Name = runName,
            ScenarioFile = "examples/checkout.yaml",
            ScenarioHash = "sha256:9f2c1e0b7a",
            StartUtc = Start,
            EndUtc = Start + duration,
            Silos = silos,
            RampaVersion = "0.1.0",
            Seed = 1234,
            State = "completed",
            Scenarios = [new ScenarioSummary("browse", "ramping-vus", 20, (long)metrics.Total("iterations")!.Sum, 4, TimeSpan.Zero, duration, TimeSpan.FromSeconds(30))],
            Metrics = metrics,
            TimeSeries = agg.TimeSeries,
            Thresholds = thresholds,
            Warnings = ["metric http_req_duration: more than 2000 tag sets on silo-a; the rest were folded into overflow:true"],
            ExitCode = thresholds.Any(t => !t.Passed) ? 99 : 0,
        };
    }

    /// <summary>A run that failed before it started: no metric, no series.</summary>
    public static RunReport FailedBeforeStart() => new()
    {
        RunId = "20261125-110000-ff00",
        Name = "broken",
        ScenarioFile = "examples/broken.yaml",
        ScenarioHash = "sha256:0000",
        StartUtc = Start,
        EndUtc = Start,
        Silos = ["silo-a"],
        RampaVersion = "0.1.0",
        State = "failed",
        Error = "the run could not start: no silo answered within 30s",
        Metrics = new MetricSnapshot(),
        ExitCode = 97,
    };

    public static ThresholdSpec Spec(string key, string expression)
    {
        Assert.True(ThresholdParser.TryParseKey(key, out var metric, out var tags, out var keyError), keyError);
        Assert.True(ThresholdParser.TryParse(expression, out var expr, out var error), error);
        return new ThresholdSpec { Key = key, Metric = metric, TagFilter = tags, Expressions = [expr] };
    }
}
