using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Thresholds;

namespace Rampa.Core.Tests.Reporting;

/// <summary>A small, hand-computable run: the metrics every reporting test reads.</summary>
internal static class ReportFixtures
{
    public static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    public static SeriesAccumulator Of(MetricType type, IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }

    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);

    /// <summary>
    /// http_reqs: 400 home + 200 cart = 600 (10/s over 60s). http_req_duration{name:home}: 100, 200, ..., 2000 µs
    /// (avg 1.05ms, min 0.1ms, med 1ms, p(90) 1.8ms, p(95) 1.9ms, p(99) 2ms, max 2ms, all exact in the histogram);
    /// {name:cart}: 5000 µs x 4. http_req_failed: 1 of 4. vus: 12. data_received: 1.5 MB. checks: 3 of 4 pass.
    /// custom_score (Trend, no unit): 1..100.
    /// </summary>
    public static MetricSnapshot SampleMetrics()
    {
        var s = new MetricSnapshot();
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home"), T("method", "GET")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, 400)));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "cart"), T("method", "POST")]), Of(MetricType.Counter, Enumerable.Repeat(2.0, 100)));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home"), T("expected_response", "true")]),
            Of(MetricType.Trend, Enumerable.Range(1, 20).Select(i => i * 100.0)));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "cart"), T("expected_response", "false")]),
            Of(MetricType.Trend, Enumerable.Repeat(5000.0, 4)));
        s.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, []), Of(MetricType.Rate, [0, 1, 0, 0]));
        s.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [3, 15, 12]));
        s.Set(new SeriesKey(BuiltinMetrics.Iterations, [T("scenario", "s")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, 120)));
        s.Set(new SeriesKey(BuiltinMetrics.IterationDuration, [T("scenario", "s")]), Of(MetricType.Trend, [250_000, 500_000]));
        s.Set(new SeriesKey(BuiltinMetrics.DataReceived, []), Of(MetricType.Counter, [1_000_000, 500_000]));
        s.Set(new SeriesKey(BuiltinMetrics.DataSent, []), Of(MetricType.Counter, [812]));
        s.Set(new SeriesKey(BuiltinMetrics.Checks, [T("check", "status is 200")]), Of(MetricType.Rate, [1, 1, 1]));
        s.Set(new SeriesKey(BuiltinMetrics.Checks, [T("check", "body has id")]), Of(MetricType.Rate, [0]));
        s.Set(new SeriesKey(new MetricDefinition("custom_score", MetricType.Trend), []), Of(MetricType.Trend, Enumerable.Range(1, 100).Select(i => (double)i)));
        return s;
    }

    public static ThresholdExpression Expr(string source, ThresholdAggregation aggregation, ThresholdOperator op, double value,
        double? percentile = null, bool abortOnFail = false) =>
        new() { Source = source, Aggregation = aggregation, Operator = op, Value = value, Percentile = percentile, AbortOnFail = abortOnFail };

    public static ThresholdSpec Spec(string metric, IReadOnlyDictionary<string, string>? filter, params ThresholdExpression[] expressions) =>
        new()
        {
            Key = filter is null || filter.Count == 0 ? metric : $"{metric}{{{string.Join(",", filter.Select(f => $"{f.Key}:{f.Value}"))}}}",
            Metric = metric,
            TagFilter = filter ?? new Dictionary<string, string>(),
            Expressions = expressions,
        };

    public static RunReport Report(MetricSnapshot metrics, IReadOnlyList<ThresholdResult>? thresholds = null) => new()
    {
        RunId = "run-123",
        Name = "shop",
        ScenarioFile = "examples/shop.yaml",
        ScenarioHash = "abc123",
        StartUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        EndUtc = new DateTimeOffset(2025, 1, 2, 3, 5, 5, TimeSpan.Zero),
        Silos = ["silo-1", "silo-2"],
        RampaVersion = "0.1.0",
        Seed = 42,
        State = "completed",
        Scenarios = [new ScenarioSummary("s", "constant-vus", 10, 120, 3, TimeSpan.Zero, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(30))],
        Metrics = metrics,
        Thresholds = thresholds ?? [],
        Warnings = ["tag 'name' exploded"],
        ExitCode = 99,
    };

    /// <summary>Three seconds of a run starting at the fixture's start (2025-01-02T03:04:05Z), merged from two silos.</summary>
    public static MetricTimeSeries SampleTimeSeries(long start)
    {
        var agg = new MetricAggregator();
        var home = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home"), T("method", "GET")]);
        var cart = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "cart"), T("method", "POST")]);
        var duration = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]);
        var failed = new SeriesKey(BuiltinMetrics.HttpReqFailed, []);
        var vus = new SeriesKey(BuiltinMetrics.Vus, []);
        var score = new SeriesKey(new MetricDefinition("custom_score", MetricType.Trend), []);
        long seq = 0;
        for (var t = 0; t < 3; t++)
        {
            foreach (var silo in new[] { "a", "b" })
            {
                var interval = new MetricSnapshot { IntervalUnixSecond = start + t };
                interval.Set(home, Of(MetricType.Counter, Enumerable.Repeat(1.0, 10 * (t + 1))));
                if (t == 1) interval.Set(cart, Of(MetricType.Counter, [2]));
                // Per silo: 1..10 ms and 11..20 ms (b), so each second holds 1..20 ms, 20 samples.
                interval.Set(duration, Of(MetricType.Trend, Enumerable.Range(silo == "a" ? 1 : 11, 10).Select(i => i * 1000.0 * (t + 1))));
                interval.Set(failed, Of(MetricType.Rate, silo == "a" ? [1, 0, 0, 0] : [0, 0, 0, 0]));
                interval.Set(vus, Of(MetricType.Gauge, [silo == "a" ? 5 * t : 1]));
                interval.Set(score, Of(MetricType.Trend, Enumerable.Range(1, 50).Select(i => (double)i)));
                Assert.True(agg.Apply(silo, ++seq, interval));
            }
        }
        return agg.TimeSeries;
    }
}
