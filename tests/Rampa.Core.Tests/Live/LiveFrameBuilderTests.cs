using Rampa.Core.Live;
using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Live;

public class LiveFrameBuilderTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_000);
    private static readonly Dictionary<string, (long, long)> NoVus = new();

    private static SeriesKey Key(MetricDefinition m, string scenario, string name = "home", string status = "200") =>
        m == BuiltinMetrics.Iterations || m == BuiltinMetrics.DroppedIterations
            ? new SeriesKey(m, [new("scenario", scenario)])
            : new SeriesKey(m, [new("method", "GET"), new("name", name), new("scenario", scenario), new("status", status)]);

    /// <summary>One silo's interval snapshot for <paramref name="second"/>: requests with these durations (µs), some failed.</summary>
    private static MetricSnapshot Interval(long second, string scenario, double[] durations, int failed = 0, string name = "home", string status = "200")
    {
        var s = new MetricSnapshot { IntervalUnixSecond = second };
        var reqs = new SeriesAccumulator(MetricType.Counter);
        var fail = new SeriesAccumulator(MetricType.Rate);
        var dur = new SeriesAccumulator(MetricType.Trend);
        for (var i = 0; i < durations.Length; i++)
        {
            reqs.Add(1);
            fail.Add(i < failed ? 1 : 0);
            dur.Add(durations[i]);
        }
        var iters = new SeriesAccumulator(MetricType.Counter);
        iters.Add(durations.Length);
        s.Set(Key(BuiltinMetrics.HttpReqs, scenario, name, status), reqs);
        s.Set(Key(BuiltinMetrics.HttpReqFailed, scenario, name, status), fail);
        s.Set(Key(BuiltinMetrics.HttpReqDuration, scenario, name, status), dur);
        s.Set(Key(BuiltinMetrics.Iterations, scenario), iters);
        return s;
    }

    [Fact]
    public void Each_settled_second_becomes_one_frame_with_its_counts_and_percentiles()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Interval(1_001, "browse", [1000, 2000, 3000, 4000], failed: 1));
        agg.Apply("b", 1, Interval(1_001, "browse", [5000]));
        agg.Apply("a", 2, Interval(1_002, "browse", [1000, 1000]));
        var builder = new LiveFrameBuilder("r1", Start, ["browse", "idle"]);

        var frames = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_002, new Dictionary<string, (long, long)> { ["browse"] = (3, 5) });

        Assert.Equal([1_001L, 1_002L], frames.Select(f => f.Second));
        var first = frames[0];
        Assert.Equal(5, first.Interval.Requests);
        Assert.Equal(1, first.Interval.Failures);
        Assert.Equal(5, first.Interval.Iterations);
        Assert.Equal(5, first.Rate);
        Assert.Equal(3, first.Vus);
        Assert.Equal(5, first.VusMax);
        Assert.Equal(["browse", "idle"], first.Scenarios.Select(s => s.Scenario));    // the plan's order; idle has no traffic yet
        Assert.Equal(0, first.Scenarios[1].Interval.Requests);
        Assert.Equal(5.0, first.Latency!.Max);                                          // milliseconds
        Assert.InRange(first.Latency.P50, 2.99, 3.01);
        var row = Assert.Single(first.Requests);
        Assert.Equal(("browse", "home", "GET", 5L, 1L), (row.Scenario, row.Name, row.Method, row.Requests, row.Failures));
        Assert.Equal(5, row.Statuses["200"]);
        Assert.Equal(7, frames[1].Totals.Requests);
        Assert.Equal(1.0, frames[0].Elapsed);
        Assert.Empty(builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_002, NoVus)); // nothing new
    }

    [Fact]
    public void A_second_without_samples_is_a_frame_of_zeros()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Interval(1_001, "s", [1000]));
        agg.Apply("a", 2, Interval(1_003, "s", [1000]));
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);
        var frames = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_003, NoVus);
        Assert.Equal([1L, 0L, 1L], frames.Select(f => f.Interval.Requests));
        Assert.Null(frames[1].Latency);
    }

    [Fact]
    public void Samples_that_arrive_after_their_second_was_sent_count_in_the_next_frame()
    {
        var agg = new MetricAggregator();
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);
        agg.Apply("a", 1, Interval(1_001, "s", [1000, 1000]));
        Assert.Equal(2, builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_001, NoVus).Single().Interval.Requests);

        agg.Apply("b", 1, Interval(1_001, "s", [1000, 1000, 1000]));    // silo b's flush of second 1001, late
        agg.Apply("a", 2, Interval(1_002, "s", [1000]));
        var next = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_002, NoVus).Single();
        Assert.Equal(4, next.Interval.Requests);                         // 1 of its own + 3 late
        Assert.Equal(6, next.Totals.Requests);
    }

    [Fact]
    public void The_final_frames_add_up_to_the_totals_whatever_arrived_late_or_without_a_second()
    {
        var agg = new MetricAggregator();
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);
        agg.Apply("a", 1, Interval(1_001, "s", [1000, 2000]));
        var sent = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_001, NoVus).ToList();
        agg.Apply("a", 2, Interval(1_002, "s", [1000]));
        agg.Apply("a", 3, Interval(1_003, "s", [1000, 1000, 1000], failed: 2));
        var unstamped = Interval(0, "s", [7000]);
        unstamped.IntervalUnixSecond = null;                             // counts in the totals only
        agg.Apply("b", 1, unstamped);

        var final = builder.Finish(agg.Merged(), NoVus);

        Assert.Equal([1_002L, 1_003L], final.Select(f => f.Second));
        Assert.True(final[^1].Final);
        Assert.False(final[0].Final);
        var all = sent.Concat(final).ToList();
        Assert.Equal((long)agg.Total.Total("http_reqs")!.Sum, all.Sum(f => f.Interval.Requests));
        Assert.Equal(agg.Total.Total("http_req_failed")!.NonZero, all.Sum(f => f.Interval.Failures));
        Assert.Equal((long)agg.Total.Total("iterations")!.Sum, all.Sum(f => f.Interval.Iterations));
        Assert.Equal(all.Sum(f => f.Interval.Requests), final[^1].Totals.Requests);
        Assert.Empty(builder.Finish(agg.Merged(), NoVus));
        Assert.Empty(builder.Advance(agg.TimeSeriesFrom(0), 2_000, NoVus));
    }

    [Fact]
    public void A_run_that_measured_nothing_still_ends_with_one_final_frame()
    {
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);
        var final = Assert.Single(builder.Finish(new MetricSnapshot(), NoVus));
        Assert.True(final.Final);
        Assert.Equal(1_001, final.Second);
        Assert.Equal(0, final.Totals.Requests);
    }

    [Fact]
    public void Request_rows_are_per_scenario_name_and_method_with_statuses_and_the_busiest_first()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Interval(1_001, "s", [1000], name: "login"));
        agg.Apply("a", 2, Interval(1_001, "s", [1000, 1000], name: "home"));
        agg.Apply("a", 3, Interval(1_001, "s", [1000], name: "home", status: "503", failed: 1));
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);
        var frame = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_001, NoVus).Single();
        Assert.Equal(["home", "login"], frame.Requests.Select(r => r.Name));
        Assert.Equal(3, frame.Requests[0].Requests);
        Assert.Equal(1, frame.Requests[0].Failures);
        Assert.Equal(new Dictionary<string, long> { ["200"] = 2, ["503"] = 1 }, frame.Requests[0].Statuses);
    }

    [Fact]
    public void A_frame_reads_back_from_its_json_line()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Interval(1_001, "s", [1500, 2500], failed: 1));
        var frame = new LiveFrameBuilder("r1", Start, ["s"]).Advance(agg.TimeSeriesFrom(0), 1_001, NoVus).Single();
        var line = LiveFrameJson.Write(frame);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("\"time\":\"1970-01-01T00:16:41+00:00\"", line);
        var back = LiveFrameJson.Read(line);
        Assert.Equal(LiveFrameJson.Write(back), line);
        Assert.Equal(frame.Interval, back.Interval);
    }
    /// <summary>One silo's generator gauges for <paramref name="second"/>.</summary>
    private static MetricSnapshot Health(long second, string silo, double cpu, double queue, double? flush = null)
    {
        var s = new MetricSnapshot { IntervalUnixSecond = second };
        void Gauge(MetricDefinition m, double v)
        {
            var acc = new SeriesAccumulator(MetricType.Gauge);
            acc.Add(v);
            s.Set(new SeriesKey(m, [new("silo", silo)]), acc);
        }
        Gauge(BuiltinMetrics.GeneratorCpu, cpu);
        Gauge(BuiltinMetrics.GeneratorThreadPoolQueue, queue);
        if (flush is { } f) Gauge(BuiltinMetrics.GeneratorFlushInterval, f);
        return s;
    }

    [Fact]
    public void Each_frame_carries_every_silos_generator_health_of_its_second()
    {
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Health(1_001, "silo-b", cpu: 0.5, queue: 3, flush: 1.0));
        agg.Apply("b", 1, Health(1_001, "silo-a", cpu: 0.25, queue: 0));
        agg.Apply("a", 2, Health(1_002, "silo-b", cpu: 0.75, queue: 7));
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);

        var frames = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_002, NoVus);

        Assert.Equal(["silo-a", "silo-b"], frames[0].Generators.Select(g => g.Silo));    // by silo
        var b = frames[0].Generators[1];
        Assert.Equal((0.5, 3.0, 1.0), (b.Cpu, b.ThreadPoolQueue, b.FlushInterval));
        Assert.Null(frames[0].Generators[0].FlushInterval);                            // not sampled: absent, not 0
        Assert.Equal("silo-b", Assert.Single(frames[1].Generators).Silo);              // silo-a's second 1002 had not arrived
        Assert.Equal(0.75, frames[1].Generators[0].Cpu);
        Assert.Equal(0, frames[0].Interval.Requests);                                  // gauges never count as traffic
        var json = LiveFrameJson.Write(frames[0]);
        Assert.Contains("\"generators\":[{\"silo\":\"silo-a\",\"cpu\":0.25", json);
        Assert.Equal(frames[0].Generators, LiveFrameJson.Read(json).Generators);
    }
    [Fact]
    public void Each_protocol_used_gets_its_units_failures_and_latency_exact_in_sum()
    {
        var sessions = new MetricDefinition("ws_sessions", MetricType.Counter);
        var failed = new MetricDefinition("ws_session_failed", MetricType.Rate);
        var duration = new MetricDefinition("ws_session_duration", MetricType.Trend, MetricUnit.Time);
        MetricSnapshot Ws(long second, int count, int failures)
        {
            var s = new MetricSnapshot { IntervalUnixSecond = second };
            var c = new SeriesAccumulator(MetricType.Counter);
            var f = new SeriesAccumulator(MetricType.Rate);
            var d = new SeriesAccumulator(MetricType.Trend);
            for (var i = 0; i < count; i++) { c.Add(1); f.Add(i < failures ? 1 : 0); d.Add(2000); }
            KeyValuePair<string, string>[] tags = [new("name", "chat"), new("scenario", "s")];
            s.Set(new SeriesKey(sessions, tags), c);
            s.Set(new SeriesKey(failed, tags), f);
            s.Set(new SeriesKey(duration, tags), d);
            return s;
        }
        var agg = new MetricAggregator();
        agg.Apply("a", 1, Ws(1_001, 3, 1));
        agg.Apply("a", 2, Ws(1_002, 2, 0));
        var builder = new LiveFrameBuilder("r1", Start, ["s"]);
        var frames = builder.Advance(agg.TimeSeriesFrom(builder.WindowStart), 1_002, NoVus);
        var first = Assert.Single(frames[0].Protocols);
        Assert.Equal(("WebSocket", "sessions", 3L, 1L), (first.Protocol, first.Unit, first.Count, first.Failures));
        Assert.Equal(2.0, first.Latency!.P95);
        Assert.Equal((2L, 0L, 5L, 1L), (frames[1].Protocols[0].Count, frames[1].Protocols[0].Failures, frames[1].Protocols[0].TotalCount, frames[1].Protocols[0].TotalFailures));
        Assert.Equal(0, frames[0].Interval.Requests);                                   // not HTTP requests

        agg.Apply("a", 3, Ws(1_001, 1, 1));                                             // late for second 1001: counts in the last frame
        var last = builder.Finish(agg.Merged(), NoVus);
        Assert.Equal((6L, 2L), (last[^1].Protocols[0].TotalCount, last[^1].Protocols[0].TotalFailures));
    }
}
