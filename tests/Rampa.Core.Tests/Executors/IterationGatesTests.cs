using System.Collections.Concurrent;
using Rampa.Core.Engine;
using Rampa.Core.Time;

namespace Rampa.Core.Tests.Executors;

public class IterationGatesTests
{
    private const long Never = long.MaxValue;   // a regular end that never comes
    private const long Past = 0;                // a regular end long gone (Stopwatch timestamps are positive)

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(250_000)]
    public void Shared_pool_hands_out_exactly_total_across_threads(long total)
    {
        var pool = new SharedIterationPool(total);
        const int threads = 16;
        var taken = new long[threads];
        var takenAfterEmpty = new long[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            while (pool.TryTake()) taken[t]++;
            // Once empty, it stays empty.
            for (var i = 0; i < 10; i++) if (pool.TryTake()) takenAfterEmpty[t]++;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Equal(total, taken.Sum());
        Assert.Equal(0, takenAfterEmpty.Sum());
        Assert.Equal(total, pool.Total);
        Assert.Equal(total, pool.Attempted);  // never more than the total, however many failed takes
    }

    [Fact]
    public void Shared_pool_with_parallel_for_counts_each_iteration_once()
    {
        var pool = new SharedIterationPool(100_000);
        var handedOut = new ConcurrentBag<long>();
        long counter = 0;
        Parallel.For(0, 200_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (pool.TryTake()) handedOut.Add(Interlocked.Increment(ref counter));
        });
        Assert.Equal(100_000, handedOut.Count);
        Assert.Equal(100_000, pool.Attempted);
    }

    [Fact]
    public void Shared_pool_attempted_grows_with_takes()
    {
        var pool = new SharedIterationPool(3);
        Assert.Equal(0, pool.Attempted);
        Assert.True(pool.TryTake());
        Assert.Equal(1, pool.Attempted);
        Assert.True(pool.TryTake());
        Assert.True(pool.TryTake());
        Assert.False(pool.TryTake());
        Assert.False(pool.TryTake());
        Assert.Equal(3, pool.Attempted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Per_vu_gate_allows_exactly_its_iterations(long iterations)
    {
        var gate = new PerVuGate(iterations, Never);
        Assert.Equal(iterations, gate.NotStarted);
        for (long i = 0; i < iterations; i++)
        {
            Assert.True(gate.TryBegin());
            Assert.Equal(iterations - i - 1, gate.NotStarted);
        }
        Assert.False(gate.TryBegin());
        Assert.False(gate.TryBegin());
        Assert.Equal(0, gate.NotStarted);
    }

    [Fact]
    public void Per_vu_gate_after_the_regular_end_starts_nothing_and_counts_it_all_as_not_started()
    {
        var gate = new PerVuGate(7, Past);
        Assert.False(gate.TryBegin());
        Assert.Equal(7, gate.NotStarted);
    }

    [Fact]
    public void Per_vu_gate_stopped_by_time_part_way_counts_the_rest()
    {
        var gate = new PerVuGate(10, MonotonicClock.Now + MonotonicClock.FromTimeSpan(TimeSpan.FromSeconds(1)));
        Assert.True(gate.TryBegin());
        Assert.True(gate.TryBegin());
        Thread.Sleep(1100);
        Assert.False(gate.TryBegin());
        Assert.Equal(8, gate.NotStarted);
    }

    [Fact]
    public void Shared_pool_gate_takes_nothing_after_the_regular_end()
    {
        var pool = new SharedIterationPool(5);
        var late = new SharedPoolGate(pool, Past);
        Assert.False(late.TryBegin());
        Assert.Equal(0, pool.Attempted);     // time was checked first: the pool was not touched

        var onTime = new SharedPoolGate(pool, Never);
        for (var i = 0; i < 5; i++) Assert.True(onTime.TryBegin());
        Assert.False(onTime.TryBegin());
        Assert.Equal(5, pool.Attempted);
    }

    [Fact]
    public void Deadline_gate()
    {
        Assert.True(new DeadlineGate(Never).TryBegin());
        Assert.False(new DeadlineGate(Past).TryBegin());
        Assert.False(new DeadlineGate(MonotonicClock.Now).TryBegin());
    }
}
