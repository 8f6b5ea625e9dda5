using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>
/// End to end through the real CLI against the in-process demo target: the open-model executors start exactly their
/// schedule, ramping-vus follows its stages, and under overload the numbers stay honest (drops counted, start lag small,
/// response time from the scheduled start reported beside the service time).
/// </summary>
[Collection("cli")]
public sealed class ExecutorTests(Xunit.Abstractions.ITestOutputHelper output) : TargetTest
{
    public override async Task InitializeAsync()
    {
        // The demo target runs in this test process, whose host blocks pool threads now and then (measured: requests of
        // the in-process target stalled up to ~800 ms on 2 cores): these tests check the generator's timing, so give
        // the target's pool room up front.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        await base.InitializeAsync();
    }

    private static JsonElement Values(JsonDocument summary, string metric) => summary.Metric(metric).GetProperty("values");

    private static double Trend(JsonDocument summary, string metric, string stat) => Values(summary, metric).GetProperty(stat).GetDouble();

    /// <summary>The count of a metric's series tagged with <paramref name="scenario"/> (0 when the metric never appeared).</summary>
    private static double CountFor(JsonDocument summary, string metric, string scenario) =>
        summary.RootElement.GetProperty("metrics").TryGetProperty(metric, out var m)
            ? m.GetProperty("series").EnumerateArray()
                .Where(s => s.GetProperty("tags").GetProperty("scenario").GetString() == scenario)
                .Sum(s => s.GetProperty("values").GetProperty("count").GetDouble())
            : 0;

    /// <summary>The series of a metric in summary.json's per-second <c>timeSeries</c>.</summary>
    private static List<JsonElement> TimeSeriesOf(JsonDocument summary, string metric) =>
        summary.RootElement.GetProperty("timeSeries").GetProperty("series").EnumerateArray()
            .Where(s => s.GetProperty("metric").GetString() == metric).ToList();

    /// <summary>A counter's per-second counts summed over every second of every one of its series.</summary>
    private static double PerSecondCount(JsonDocument summary, string metric) =>
        TimeSeriesOf(summary, metric).SelectMany(s => s.GetProperty("points").EnumerateArray()).Sum(p => p.GetProperty("count").GetDouble());

    [Fact]
    public async Task Constant_arrival_rate_makes_exactly_its_iterations_and_the_target_counts_them()
    {
        var file = Ws.Write("car.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              steady:
                executor: constant-arrival-rate
                rate: 200
                timeUnit: 1s
                duration: 10s
                preAllocatedVUs: 20
                maxVUs: 50
                tags: { kind: open }
                flow:
                  - request: GET /
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(2000, summary.Count("iterations"));
        Assert.Equal(2000, summary.Count("http_reqs"));
        Assert.Equal(2000, Target.RequestCount);
        Assert.Equal(0, summary.Count("dropped_iterations"));
        Assert.Equal(0, summary.Count("interrupted_iterations"));
        // Every iteration of the open model has a start lag and a response time, tagged like `iterations`.
        Assert.Equal(2000, Trend(summary, "iteration_start_lag", "count"));
        Assert.Equal(2000, Trend(summary, "iteration_response_time", "count"));
        var tags = summary.Metric("iteration_start_lag").GetProperty("series")[0].GetProperty("tags");
        Assert.Equal("steady", tags.GetProperty("scenario").GetString());
        Assert.Equal("open", tags.GetProperty("kind").GetString());
        Assert.True(Trend(summary, "iteration_start_lag", "p(95)") < 10, $"start lag p(95) {Trend(summary, "iteration_start_lag", "p(95)")} ms");
        // The run lasts its 10 s, not more (the last start is at 9.995 s).
        var duration = summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble();
        Assert.InRange(duration, 9.9, 12);
        Assert.Equal(2000, summary.RootElement.GetProperty("scenarios")[0].GetProperty("iterations").GetDouble());
        // The per-second series hold every request and iteration, each in exactly one second.
        Assert.Equal(2000, PerSecondCount(summary, "http_reqs"));
        Assert.Equal(2000, PerSecondCount(summary, "iterations"));
    }

    [Fact]
    public async Task Ramping_vus_ramps_up_holds_and_ramps_down()
    {
        var file = Ws.Write("rv.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              ramp:
                executor: ramping-vus
                startVUs: 0
                stages:
                  - { duration: 3s, target: 20 }
                  - { duration: 2s, target: 20 }
                  - { duration: 3s, target: 0 }
                gracefulRampDown: 5s
                flow:
                  - request: GET /delay/50
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var iterations = summary.Count("iterations");
        // 20 VUs for 2 s plus two ramps averaging 10 VUs for 3 s each: 100 VU-seconds of ~52 ms iterations (~1900).
        Assert.InRange(iterations, 1500, 2000);
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        Assert.Equal(iterations, summary.Count("http_reqs"));
        Assert.Equal(20, Values(summary, "vus").GetProperty("max").GetDouble());   // the hold: all 20 at once
        Assert.Equal(20, Values(summary, "vus_max").GetProperty("value").GetDouble());
        Assert.Equal(0, summary.Count("interrupted_iterations"));                  // 50 ms iterations finish within gracefulRampDown
        Assert.Equal(0, summary.Count("dropped_iterations"));
        var duration = summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble();
        Assert.InRange(duration, 7.9, 10);

        // The per-second counts of http_reqs add up exactly to the total.
        Assert.Equal(summary.Count("http_reqs"), PerSecondCount(summary, "http_reqs"));
        Assert.Equal(iterations, PerSecondCount(summary, "iterations"));

        // The per-second vus series shows the ramp: from few VUs up to 20, held, and back down.
        var vus = Assert.Single(TimeSeriesOf(summary, "vus")).GetProperty("points").EnumerateArray()
            .Select(p => (T: p.GetProperty("t").GetInt64(), V: p.GetProperty("value").GetDouble())).ToList();
        var shown = string.Join(" ", vus.Select(p => $"{p.T}:{p.V}"));
        output.WriteLine("vus per second: " + shown);
        Assert.True(vus.Count >= 7, shown);                                           // an 8 s run, one point a second
        Assert.All(vus, p => Assert.InRange(p.T, 0, 11));
        Assert.Equal(vus.Select(p => p.T).Distinct().Order(), vus.Select(p => p.T)); // ascending seconds
        Assert.Equal(20, vus.Max(p => p.V));                                          // the peak is the hold's 20
        var firstPeak = vus.FindIndex(p => p.V == 20);
        var lastPeak = vus.FindLastIndex(p => p.V == 20);
        // Each point is the peak since the previous flush; on a busy machine a late flush folds two seconds into one
        // point, so the shape is asserted, not where each second falls: below 20 before the hold and after it.
        Assert.True(firstPeak >= 1, $"the ramp up shows: {shown}");
        Assert.True(vus.Count - 1 - lastPeak >= 1, $"the ramp down shows: {shown}");
        Assert.True(vus[0].V < 20, $"starts low: {shown}");
        Assert.True(vus[^1].V < 20, $"ends low: {shown}");
        // Monotonic-ish: rising up to the first 20, never rising after the last one (2 VUs of slack for sampling).
        const double slack = 2;
        for (var i = 1; i <= firstPeak; i++) Assert.True(vus[i].V >= vus[i - 1].V - slack, $"rising at {vus[i].T}: {shown}");
        for (var i = lastPeak + 1; i < vus.Count; i++) Assert.True(vus[i].V <= vus[i - 1].V + slack, $"falling at {vus[i].T}: {shown}");
        Assert.All(vus.Skip(firstPeak).Take(lastPeak - firstPeak + 1), p => Assert.True(p.V >= 20 - slack, $"held at {p.T}: {shown}"));
    }

    [Fact]
    public async Task Overload_drops_what_cannot_start_and_keeps_the_numbers_honest()
    {
        // 100/s against a 500 ms endpoint needs ~50 VUs; at most 10 exist: ~20/s start, the rest is dropped.
        var file = Ws.Write("over.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              over:
                executor: constant-arrival-rate
                rate: 100
                duration: 5s
                preAllocatedVUs: 5
                maxVUs: 10
                flow:
                  - request: GET /delay/500
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        var iterations = summary.Count("iterations");
        var dropped = summary.Count("dropped_iterations");
        var interrupted = summary.Count("interrupted_iterations");
        Assert.True(dropped > 300, $"dropped {dropped}");
        Assert.Equal(500, iterations + dropped + interrupted);
        Assert.InRange(iterations, 50, 120);                         // 10 VUs x 2 per second x 5 s, give or take the growth
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        Assert.Equal(10, Values(summary, "vus_max").GetProperty("value").GetDouble()); // grown from 5 to maxVUs
        // The iterations that started, started on time.
        Assert.Equal(iterations + interrupted, Trend(summary, "iteration_start_lag", "count"));
        Assert.True(Trend(summary, "iteration_start_lag", "p(95)") < 10, $"start lag p(95) {Trend(summary, "iteration_start_lag", "p(95)")} ms");
        // Response time from the scheduled start, beside the service time: at least the iteration's own duration.
        Assert.Equal(iterations, Trend(summary, "iteration_response_time", "count"));
        Assert.Equal(iterations, Trend(summary, "http_req_duration", "count"));
        Assert.True(Trend(summary, "http_req_duration", "med") >= 490);
        foreach (var stat in new[] { "min", "avg", "med", "max" })
            Assert.True(Trend(summary, "iteration_response_time", stat) >= Trend(summary, "iteration_duration", stat),
                $"{stat}: response {Trend(summary, "iteration_response_time", stat)} < iteration {Trend(summary, "iteration_duration", stat)}");
        Assert.True(Trend(summary, "iteration_response_time", "min") >= Trend(summary, "http_req_duration", "min"));
    }

    [Fact]
    public async Task Ramping_arrival_rate_and_a_delayed_scenario_run_side_by_side()
    {
        var file = Ws.Write("rar.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              ramp:
                executor: ramping-arrival-rate
                startRate: 0
                stages:
                  - { duration: 2s, target: 100 }
                  - { duration: 2s, target: 100 }
                preAllocatedVUs: 10
                flow:
                  - request: GET /json
              late:
                executor: constant-arrival-rate
                startTime: 2s
                rate: 30
                duration: 2s
                preAllocatedVUs: 5
                arrival: poisson
                flow:
                  - request: GET /
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        // The ramp's area: 100 over the ramp plus 200 on the flat.
        Assert.Equal(300, Target.CountFor("/json"));
        var perScenario = summary.RootElement.GetProperty("scenarios").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("iterations").GetDouble());
        Assert.Equal(300, perScenario["ramp"]);
        // Poisson: about 60 starts in its 2 s (4 sigma is ~31); every one counted by the target or as dropped.
        var late = perScenario["late"];
        Assert.InRange(late, 29, 91);
        Assert.Equal(Target.CountFor("/"), (long)late);
        Assert.Equal(late, CountFor(summary, "iterations", "late"));
        Assert.Equal(late, CountFor(summary, "iteration_start_lag", "late"));
        Assert.Equal(0, CountFor(summary, "dropped_iterations", "late"));
        Assert.Equal(0, summary.Count("interrupted_iterations"));
        var duration = summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble();
        Assert.InRange(duration, 3.9, 6);
    }
}
