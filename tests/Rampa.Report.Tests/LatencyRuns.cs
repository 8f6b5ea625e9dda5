using Rampa.Core.Metrics;
using Rampa.Core.Reporting;

namespace Rampa.Report.Tests;

/// <summary>
/// Runs shaped like the ones users found hard to read, built through <see cref="MetricAggregator"/> as the cluster
/// builds them: a slow first second and a fast steady state, a name sent with two methods, error statuses, and a run in
/// which no request got a response.
/// </summary>
internal static class LatencyRuns
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public const int Seconds = 20;

    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);

    /// <summary>One request kind: its name, method, status and how many it makes per second.</summary>
    private sealed record Kind(string Name, string Method, int Status, int PerSecond);

    private static readonly Kind[] Kinds =
    [
        new("home", "GET", 200, 40),
        new("item", "GET", 200, 30),
        new("item", "POST", 200, 12),
        new("item", "POST", 503, 3),
        new("search", "GET", 404, 5),
    ];

    /// <summary>
    /// 20 seconds on one silo: every request takes about 100 ms in the first second (a cold start) and about 1 ms after
    /// it, so a linear axis draws the steady state as a line on zero. "item" is sent as GET and POST; some POSTs get 503,
    /// every "search" gets 404.
    /// </summary>
    public static RunReport SlowFirstSecond()
    {
        var rng = new Random(7);
        var agg = new MetricAggregator();
        for (var t = 0; t < Seconds; t++)
        {
            var interval = new MetricSnapshot { IntervalUnixSecond = Start.ToUnixTimeSeconds() + t + 1 };
            var baseMs = t == 0 ? 100.0 : 1.0;
            foreach (var k in Kinds)
            {
                var durations = Enumerable.Range(0, k.PerSecond).Select(_ => baseMs * (0.8 + rng.NextDouble() * 0.4) * 1000).ToList();
                var expected = k.Status < 400;
                var tags = new[] { T("name", k.Name), T("method", k.Method), T("status", k.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)), T("expected_response", expected ? "true" : "false") };
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqs, tags), Of(MetricType.Counter, Enumerable.Repeat(1.0, k.PerSecond)));
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, tags), Of(MetricType.Trend, durations));
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, tags), Of(MetricType.Rate, Enumerable.Repeat(expected ? 0.0 : 1.0, k.PerSecond)));
            }
            interval.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [10]));
            agg.Apply("silo-a", t + 1, interval);
        }
        return Report("20261125-120000-5105", "slow start", agg, Seconds);
    }

    /// <summary>
    /// 10 seconds against a closed port: every request fails before a response (status 0, an error tag, a zero duration),
    /// as the engine records a refused connection.
    /// </summary>
    public static RunReport NoResponses()
    {
        var agg = new MetricAggregator();
        for (var t = 0; t < 10; t++)
        {
            var interval = new MetricSnapshot { IntervalUnixSecond = Start.ToUnixTimeSeconds() + t + 1 };
            foreach (var name in new[] { "home", "echo" })
            {
                var tags = new[] { T("name", name), T("method", "GET"), T("status", "0"), T("expected_response", "false"), T("error", "connection refused") };
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqs, tags), Of(MetricType.Counter, Enumerable.Repeat(1.0, 25)));
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, tags), Of(MetricType.Trend, Enumerable.Repeat(0.0, 25)));
                interval.Set(new SeriesKey(BuiltinMetrics.HttpReqFailed, tags), Of(MetricType.Rate, Enumerable.Repeat(1.0, 25)));
            }
            interval.Set(new SeriesKey(BuiltinMetrics.Vus, []), Of(MetricType.Gauge, [5]));
            agg.Apply("silo-a", t + 1, interval);
        }
        return Report("20261125-120000-dead", "dead port", agg, 10) with { ExitCode = 99 };
    }

    private static RunReport Report(string id, string name, MetricAggregator agg, int seconds) => new()
    {
        RunId = id,
        Name = name,
        ScenarioFile = "examples/quickstart.yaml",
        ScenarioHash = "sha256:5105",
        StartUtc = Start,
        EndUtc = Start + TimeSpan.FromSeconds(seconds),
        Silos = ["silo-a"],
        RampaVersion = "0.1.0",
        State = "completed",
        Metrics = agg.Merged(),
        TimeSeries = agg.TimeSeries,
    };

    private static SeriesAccumulator Of(MetricType type, IEnumerable<double> values)
    {
        var acc = new SeriesAccumulator(type);
        foreach (var v in values) acc.Add(v);
        return acc;
    }
}
