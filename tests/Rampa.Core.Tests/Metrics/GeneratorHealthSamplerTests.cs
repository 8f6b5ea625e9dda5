using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

public class GeneratorHealthSamplerTests
{
    private static GeneratorReading At(double wallS, double cpuS, double gcMs = 0, long allocated = 0, long queue = 0) =>
        new(TimeSpan.FromSeconds(wallS), TimeSpan.FromSeconds(cpuS), TimeSpan.FromMilliseconds(gcMs), allocated, queue);

    [Theory]
    // wall 1 s, 2 processors: 1.5 s of CPU is 75% of the machine.
    [InlineData(1.0, 1.5, 2, 0.75)]
    // 2 s of wall, 1 s of CPU on 4 processors: 12.5%.
    [InlineData(2.0, 1.0, 4, 0.125)]
    // The OS's CPU tick can read a little over the machine in a short interval: clamped to 1.
    [InlineData(0.5, 1.2, 2, 1.0)]
    [InlineData(1.0, 0.0, 8, 0.0)]
    public void Cpu_is_cpu_time_over_wall_time_over_processors(double wall, double cpu, int processors, double expected)
    {
        var health = GeneratorHealth.Between(At(10, 3), At(10 + wall, 3 + cpu), processors);
        Assert.Equal(expected, health.Cpu, 9);
    }

    [Fact]
    public void Gc_pause_and_allocation_are_per_second_and_the_queue_is_the_last_reading()
    {
        var health = GeneratorHealth.Between(At(0, 0, gcMs: 10, allocated: 1_000, queue: 7), At(2, 0, gcMs: 90, allocated: 201_000, queue: 42), 1);
        Assert.Equal(40, health.GcPauseMsPerSecond, 9);
        Assert.Equal(100_000, health.AllocBytesPerSecond, 9);
        Assert.Equal(42, health.ThreadPoolQueue);
        Assert.Equal(2, health.IntervalSeconds, 9);
    }

    [Fact]
    public void No_wall_time_reads_as_idle_not_as_infinity()
    {
        var health = GeneratorHealth.Between(At(5, 1), At(5, 2), 2);
        Assert.Equal(0, health.Cpu);
        Assert.Equal(0, health.GcPauseMsPerSecond);
    }

    [Fact]
    public void The_first_sample_is_a_baseline_and_each_later_one_records_four_gauges_tagged_by_silo()
    {
        var readings = new Queue<GeneratorReading>([At(0, 0), At(1, 1.9, gcMs: 5, allocated: 1_000_000, queue: 3), At(2, 2.0)]);
        using var sink = new MetricSink();
        var sampler = new GeneratorHealthSampler(sink, "silo-a/0.0", readings.Dequeue, processors: 2);

        Assert.Null(sampler.Sample());
        Assert.False(sampler.HasSampled);
        Assert.True(sink.TakeSnapshot().IsEmpty);

        var health = sampler.Sample();
        Assert.NotNull(health);
        Assert.True(sampler.HasSampled);
        var snapshot = sink.TakeSnapshot();
        var tags = new Dictionary<string, string> { ["silo"] = "silo-a/0.0" };
        Assert.Equal(0.95, snapshot.Total("rampa_generator_cpu", tags)!.Last, 9);
        Assert.Equal(3, snapshot.Total("rampa_generator_threadpool_queue", tags)!.Last);
        Assert.Equal(5, snapshot.Total("rampa_generator_gc_pause", tags)!.Last, 9);
        Assert.Equal(1_000_000, snapshot.Total("rampa_generator_alloc_rate", tags)!.Last, 9);
        Assert.Equal(1, snapshot.Total("rampa_generator_flush_interval", tags)!.Last, 9);
        Assert.All(snapshot.Series.Keys, k => Assert.Equal("silo-a/0.0", k.Tag("silo")));

        Assert.Equal(0.05, sampler.Sample()!.Value.Cpu, 9);
    }

    [Fact]
    public void Restart_takes_a_new_baseline()
    {
        var readings = new Queue<GeneratorReading>([At(0, 0), At(10, 19), At(11, 20)]);
        using var sink = new MetricSink();
        var sampler = new GeneratorHealthSampler(sink, "s", readings.Dequeue, processors: 2);
        sampler.Restart();   // before the warm-up, which then burns 19 s of CPU in 10 s
        sampler.Restart();   // the run's start
        // 1 s of CPU in 1 s on 2 processors, not 20 s in 11 s.
        Assert.Equal(0.5, sampler.Sample()!.Value.Cpu, 9);
    }

    [Fact]
    public void An_interval_shorter_than_asked_is_not_recorded_and_keeps_the_baseline()
    {
        var readings = new Queue<GeneratorReading>([At(0, 0), At(0.2, 0.4), At(1, 1)]);
        using var sink = new MetricSink();
        var sampler = new GeneratorHealthSampler(sink, "s", readings.Dequeue, processors: 1);
        sampler.Sample();
        Assert.Null(sampler.Sample(TimeSpan.FromMilliseconds(500)));      // 0.2 s: too short to read CPU from
        Assert.Equal(1.0, sampler.Sample(TimeSpan.FromMilliseconds(500))!.Value.IntervalSeconds, 9); // from 0, not from 0.2
    }

    [Fact]
    public void Two_silos_in_one_process_stay_two_series()
    {
        using var sink = new MetricSink();
        var a = new GeneratorHealthSampler(sink, "a", new Queue<GeneratorReading>([At(0, 0), At(1, 0.5)]).Dequeue, processors: 1);
        var b = new GeneratorHealthSampler(sink, "b", new Queue<GeneratorReading>([At(0, 0), At(1, 0.25)]).Dequeue, processors: 1);
        a.Sample(); b.Sample(); a.Sample(); b.Sample();
        var snapshot = sink.TakeSnapshot();
        Assert.Equal(2, snapshot.OfMetric("rampa_generator_cpu").Count());
        Assert.Equal(0.5, snapshot.Total("rampa_generator_cpu", new Dictionary<string, string> { ["silo"] = "a" })!.Last, 9);
        Assert.Equal(0.25, snapshot.Total("rampa_generator_cpu", new Dictionary<string, string> { ["silo"] = "b" })!.Last, 9);
    }

    [Fact]
    public void This_process_reads_counters_that_never_go_back()
    {
        var first = GeneratorReading.Now();
        var garbage = new List<byte[]>();
        for (var i = 0; i < 100; i++) garbage.Add(new byte[1024]);
        var second = GeneratorReading.Now();
        Assert.True(second.Wall >= first.Wall);
        Assert.True(second.Cpu >= first.Cpu);
        Assert.True(second.GcPause >= first.GcPause);
        Assert.True(second.AllocatedBytes >= first.AllocatedBytes);
        Assert.True(second.ThreadPoolQueue >= 0);
        GC.KeepAlive(garbage);
    }
}
