using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class MetricSinkTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);
    private static SeriesKey Key(MetricDefinition m, params KeyValuePair<string, string>[] tags) => new(m, tags);

    [Fact]
    public void Registration_is_idempotent()
    {
        using var sink = new MetricSink();
        var a = sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "home"), T("method", "GET")));
        var b = sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("method", "GET"), T("name", "home")));
        var c = sink.Register(BuiltinMetrics.HttpReqDuration, [T("name", "home"), T("method", "GET")]);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        var other = sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "cart")));
        var untagged = sink.Register(Key(BuiltinMetrics.HttpReqs));
        Assert.Equal(3, new[] { a, other, untagged }.Distinct().Count());
        Assert.Equal(other, sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "cart"))));
        Assert.Empty(sink.OverflowedMetrics);
    }

    [Fact]
    public void Concurrent_registration_gives_one_id_per_key()
    {
        using var sink = new MetricSink();
        var ids = new int[16, 100];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            for (var i = 0; i < 100; i++)
            {
                var n = (i * 7 + t) % 100;   // every thread in its own order
                ids[t, n] = sink.Register(Key(BuiltinMetrics.HttpReqs, T("name", $"r{n}")));
            }
        });
        for (var n = 0; n < 100; n++)
            for (var t = 1; t < 16; t++)
                Assert.Equal(ids[0, n], ids[t, n]);
        Assert.Equal(100, Enumerable.Range(0, 100).Select(n => ids[0, n]).Distinct().Count());
    }

    [Fact]
    public void Records_every_type_and_a_second_snapshot_is_empty()
    {
        using var sink = new MetricSink();
        var reqs = sink.Register(Key(BuiltinMetrics.HttpReqs, T("name", "home")));
        var duration = sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "home")));
        var failed = sink.Register(Key(BuiltinMetrics.HttpReqFailed));
        var vus = sink.Register(Key(BuiltinMetrics.Vus));
        sink.Add(reqs, 1);
        sink.Add(reqs, 1);
        sink.Add(duration, 1500);
        sink.Add(duration, 500);
        sink.Add(failed, 0);
        sink.Add(failed, 1);
        sink.Add(failed, 0);
        sink.Add(vus, 3);
        sink.Add(vus, 5);
        // A request's samples in one call.
        sink.Add([new Sample(reqs, 1), new Sample(duration, 1000), new Sample(failed, 0)]);

        var snapshot = sink.TakeSnapshot();
        Assert.Equal(4, snapshot.Series.Count);
        var r = snapshot.Series[Key(BuiltinMetrics.HttpReqs, T("name", "home"))];
        Assert.Equal(3, r.Sum);
        var d = snapshot.Series[Key(BuiltinMetrics.HttpReqDuration, T("name", "home"))];
        Assert.Equal(3, d.Count);
        Assert.Equal(3000, d.Sum);
        Assert.Equal(500, d.Min);
        Assert.Equal(1500, d.Max);
        Assert.Equal(1000, d.Percentile(50));
        var f = snapshot.Series[Key(BuiltinMetrics.HttpReqFailed)];
        Assert.Equal(4, f.Count);
        Assert.Equal(1, f.NonZero);
        var g = snapshot.Series[Key(BuiltinMetrics.Vus)];
        Assert.Equal(5, g.Last);

        Assert.True(sink.TakeSnapshot().IsEmpty);

        // Recording goes on into the next interval, on reused accumulators.
        sink.Add(reqs, 1);
        sink.Add(duration, 42);
        var next = sink.TakeSnapshot();
        Assert.Equal(2, next.Series.Count);
        Assert.Equal(1, next.Series[Key(BuiltinMetrics.HttpReqs, T("name", "home"))].Sum);
        var d2 = next.Series[Key(BuiltinMetrics.HttpReqDuration, T("name", "home"))];
        Assert.Equal(1, d2.Count);
        Assert.Equal(42, d2.Min);
        Assert.Equal(42, d2.Percentile(99));
        // The first snapshot was not disturbed by the reuse.
        Assert.Equal(3, d.Count);
        Assert.Equal(1000, d.Percentile(50));
    }

    [Fact]
    public void Parallel_recording_is_exact()
    {
        const int threads = 8, perThread = 100_000;
        using var sink = new MetricSink();
        var reqs = sink.Register(Key(BuiltinMetrics.HttpReqs));
        var duration = sink.Register(Key(BuiltinMetrics.HttpReqDuration));
        var failed = sink.Register(Key(BuiltinMetrics.HttpReqFailed));
        var sent = sink.Register(Key(BuiltinMetrics.DataSent));
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < perThread; i++)
            {
                sink.Add(reqs, 1);
                sink.Add(duration, i % 1000);
                sink.Add(failed, i % 4 == 0 ? 1 : 0);
                sink.Add([new Sample(sent, 3), new Sample(sent, t)]);
            }
        });
        var s = sink.TakeSnapshot();
        Assert.Equal(threads * perThread, s.Series[Key(BuiltinMetrics.HttpReqs)].Sum);
        Assert.Equal(threads * perThread, s.Series[Key(BuiltinMetrics.HttpReqs)].Count);
        var d = s.Series[Key(BuiltinMetrics.HttpReqDuration)];
        Assert.Equal(threads * perThread, d.Count);
        Assert.Equal(threads * 100.0 * 499_500, d.Sum);
        Assert.Equal(0, d.Min);
        Assert.Equal(999, d.Max);
        Assert.Equal(threads * perThread, d.Histogram!.TotalCount);
        Assert.Equal(threads * perThread / 4, s.Series[Key(BuiltinMetrics.HttpReqFailed)].NonZero);
        Assert.Equal(threads * perThread, s.Series[Key(BuiltinMetrics.HttpReqFailed)].Count);
        var data = s.Series[Key(BuiltinMetrics.DataSent)];
        Assert.Equal(2L * threads * perThread, data.Count);
        Assert.Equal(3.0 * threads * perThread + perThread * (threads * (threads - 1) / 2.0), data.Sum);
        Assert.True(sink.TakeSnapshot().IsEmpty);
    }

    [Fact]
    public async Task Snapshots_taken_while_recording_lose_and_double_nothing()
    {
        const int threads = 8, perThread = 100_000;
        using var sink = new MetricSink();
        var reqs = sink.Register(Key(BuiltinMetrics.HttpReqs));
        var duration = sink.Register(Key(BuiltinMetrics.IterationDuration));
        var total = new MetricSnapshot();
        var snapshots = 0;
        using var done = new CancellationTokenSource();
        var snapshotter = Task.Factory.StartNew(() =>
        {
            while (!done.IsCancellationRequested)
            {
                total.Merge(sink.TakeSnapshot());
                Interlocked.Increment(ref snapshots);
            }
        }, TaskCreationOptions.LongRunning);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (var i = 0; i < perThread; i++)
            {
                // Half way, make sure several snapshots happen while every writer is mid-stream.
                if (i == perThread / 2) SpinWait.SpinUntil(() => Volatile.Read(ref snapshots) >= 5, TimeSpan.FromSeconds(10));
                sink.Add(reqs, 1);
                sink.Add(duration, 1 + i % 5000);
            }
        });
        done.Cancel();
        await snapshotter;
        total.Merge(sink.TakeSnapshot());

        Assert.True(snapshots >= 5);
        Assert.Equal(threads * perThread, total.Series[Key(BuiltinMetrics.HttpReqs)].Sum);
        var d = total.Series[Key(BuiltinMetrics.IterationDuration)];
        Assert.Equal(threads * perThread, d.Count);
        Assert.Equal(threads * perThread, d.Histogram!.TotalCount);
        Assert.Equal(threads * 20.0 * (5000.0 * 5001 / 2), d.Sum);
        Assert.Equal(1, d.Min);
        Assert.Equal(5000, d.Max);
    }

    [Fact]
    public async Task Series_registered_while_snapshots_are_taken_are_never_lost()
    {
        // New tag sets appear mid-run (a first 503, a new request name) while the once-a-second snapshot runs.
        const int writers = 6, seriesPerWriter = 4000;
        using var sink = new MetricSink(maxSeriesPerMetric: 1_000_000);
        var trend = sink.Register(Key(BuiltinMetrics.HttpReqDuration));
        var total = new MetricSnapshot();
        var snapshots = 0;
        var written = 0;
        using var done = new CancellationTokenSource();
        var snapshotter = Task.Factory.StartNew(() =>
        {
            while (!done.IsCancellationRequested)
            {
                total.Merge(sink.TakeSnapshot());   // must never throw
                Interlocked.Increment(ref snapshots);
            }
        }, TaskCreationOptions.LongRunning);
        var tasks = Enumerable.Range(0, writers).Select(t => Task.Factory.StartNew(() =>
        {
            for (var n = 0; n < seriesPerWriter; n++)
            {
                var id = sink.Register(Key(BuiltinMetrics.HttpReqs, T("name", $"{t}-{n}")));
                sink.Add(id, 1);
                sink.Add(trend, 1 + n);
                // Keep the writers going until several snapshots have overlapped them.
                if (Interlocked.Increment(ref written) == writers * seriesPerWriter / 2)
                    SpinWait.SpinUntil(() => Volatile.Read(ref snapshots) >= 3, TimeSpan.FromSeconds(10));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);
        done.Cancel();
        await snapshotter;
        total.Merge(sink.TakeSnapshot());

        Assert.True(snapshots >= 3);
        Assert.Equal(writers * seriesPerWriter, total.OfMetric("http_reqs").Count());
        Assert.All(total.OfMetric("http_reqs"), s => Assert.Equal(1, s.Value.Sum));
        Assert.Equal(writers * seriesPerWriter, total.Series[Key(BuiltinMetrics.HttpReqDuration)].Count);
    }

    [Fact]
    public void Samples_of_threads_that_have_ended_are_still_collected()
    {
        using var sink = new MetricSink();
        var id = sink.Register(Key(BuiltinMetrics.Iterations));
        var workers = Enumerable.Range(0, 4).Select(_ => new Thread(() => { for (var i = 0; i < 1000; i++) sink.Add(id, 1); })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Equal(4000, sink.TakeSnapshot().Series[Key(BuiltinMetrics.Iterations)].Sum);
    }

    [Fact]
    public void Series_past_the_per_metric_bound_fold_into_an_overflow_series()
    {
        using var sink = new MetricSink(maxSeriesPerMetric: 3);
        var ids = Enumerable.Range(0, 3).Select(i => sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", $"n{i}")))).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Empty(sink.OverflowedMetrics);

        var extra1 = sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "n3")));
        var extra2 = sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "n4"), T("status", "500")));
        Assert.Equal(extra1, extra2);
        Assert.DoesNotContain(extra1, ids);
        Assert.Equal(["http_req_duration"], sink.OverflowedMetrics);
        // Registered ones keep their ids; a folded one keeps the overflow id.
        Assert.Equal(ids[1], sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "n1"))));
        Assert.Equal(extra1, sink.Register(Key(BuiltinMetrics.HttpReqDuration, T("name", "n3"))));
        // Another metric has its own bound.
        var other = Enumerable.Range(0, 3).Select(i => sink.Register(Key(BuiltinMetrics.HttpReqs, T("name", $"n{i}")))).ToList();
        Assert.Equal(3, other.Distinct().Count());
        Assert.Equal(["http_req_duration"], sink.OverflowedMetrics);

        sink.Add(ids[0], 100);
        sink.Add(extra1, 200);
        sink.Add(extra2, 300);
        var snapshot = sink.TakeSnapshot();
        var overflow = snapshot.Series[Key(BuiltinMetrics.HttpReqDuration, T("overflow", "true"))];
        Assert.Equal(2, overflow.Count);
        Assert.Equal(500, overflow.Sum);
        Assert.Equal(100, snapshot.Series[Key(BuiltinMetrics.HttpReqDuration, T("name", "n0"))].Sum);
        Assert.Equal(2, snapshot.OfMetric("http_req_duration").Count());   // n0 and overflow; n1, n2 had no samples
        Assert.Equal(600, snapshot.Total("http_req_duration")!.Sum);
    }
}
