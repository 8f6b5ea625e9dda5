namespace Rampa.Core.Metrics;

/// <summary>
/// The process counters the generator's health is computed from, read at one instant: wall clock (monotonic ticks),
/// CPU time used by the process, GC pause time, bytes allocated, and the thread pool's queue length.
/// </summary>
public readonly record struct GeneratorReading(TimeSpan Wall, TimeSpan Cpu, TimeSpan GcPause, long AllocatedBytes, long ThreadPoolQueue)
{
    /// <summary>This process, now.</summary>
    public static GeneratorReading Now() => new(
        Time.MonotonicClock.ToTimeSpan(Time.MonotonicClock.Now),
        Environment.CpuUsage.TotalTime,
        GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: false),
        ThreadPool.PendingWorkItemCount);
}

/// <summary>One interval of the generator's health, as the <c>rampa_generator_*</c> gauges record it.</summary>
/// <param name="Cpu">The process's CPU use as a share of the whole machine (0..1): CPU time / wall time / processors.</param>
/// <param name="ThreadPoolQueue">Work items waiting in the thread pool's queues at the end of the interval.</param>
/// <param name="GcPauseMsPerSecond">Milliseconds the GC paused the process, per second of the interval.</param>
/// <param name="AllocBytesPerSecond">Bytes allocated per second of the interval.</param>
/// <param name="IntervalSeconds">The interval's length: 1 s when the silo's once-a-second flush runs on time.</param>
public readonly record struct GeneratorHealth(double Cpu, long ThreadPoolQueue, double GcPauseMsPerSecond, double AllocBytesPerSecond,
    double IntervalSeconds)
{
    /// <summary>The health between two readings of one process with <paramref name="processors"/> processors.</summary>
    public static GeneratorHealth Between(GeneratorReading before, GeneratorReading after, int processors)
    {
        var wall = (after.Wall - before.Wall).TotalSeconds;
        if (wall <= 0) return new GeneratorHealth(0, after.ThreadPoolQueue, 0, 0, 0);
        var cpu = (after.Cpu - before.Cpu).TotalSeconds / wall / Math.Max(1, processors);
        return new GeneratorHealth(
            // CPU time is sampled by the OS at its own tick: a short interval can read a little over its share.
            Math.Clamp(cpu, 0, 1),
            Math.Max(0, after.ThreadPoolQueue),
            Math.Max(0, (after.GcPause - before.GcPause).TotalMilliseconds / wall),
            Math.Max(0, (after.AllocatedBytes - before.AllocatedBytes) / wall),
            wall);
    }
}

/// <summary>
/// Records the generator's own health into a run's <see cref="MetricSink"/> as five gauges tagged <c>silo</c>
/// (<see cref="BuiltinMetrics.GeneratorCpu"/> and its siblings): called once a second, just before the silo's snapshot,
/// each call records the interval since the previous one. The first call (or <see cref="Restart"/>) only takes the
/// baseline, so what happened before the run's start (the warm-up, the pre-start collection) is never counted.
/// Thread-safe (a lock, taken once a second): the runner may restart it while a flush samples.
/// </summary>
public sealed class GeneratorHealthSampler
{
    private readonly MetricSink _sink;
    private readonly Func<GeneratorReading> _read;
    private readonly int _processors;
    private readonly int _cpu, _queue, _gcPause, _alloc, _interval;
    private readonly Lock _lock = new();
    private GeneratorReading? _last;

    /// <param name="silo">The <c>silo</c> tag: each silo (each runner of a segment) is its own series, never summed with another.</param>
    /// <param name="read">Where readings come from; the process by default.</param>
    public GeneratorHealthSampler(MetricSink sink, string silo, Func<GeneratorReading>? read = null, int? processors = null)
    {
        _sink = sink;
        _read = read ?? GeneratorReading.Now;
        _processors = processors ?? Environment.ProcessorCount;
        KeyValuePair<string, string>[] tags = [new("silo", silo)];
        _cpu = sink.Register(BuiltinMetrics.GeneratorCpu, tags);
        _queue = sink.Register(BuiltinMetrics.GeneratorThreadPoolQueue, tags);
        _gcPause = sink.Register(BuiltinMetrics.GeneratorGcPause, tags);
        _alloc = sink.Register(BuiltinMetrics.GeneratorAllocRate, tags);
        _interval = sink.Register(BuiltinMetrics.GeneratorFlushInterval, tags);
    }

    /// <summary>True once at least one interval was recorded.</summary>
    public bool HasSampled { get; private set; }

    /// <summary>Takes a new baseline: the next <see cref="Sample"/> records from here.</summary>
    public void Restart()
    {
        lock (_lock) _last = _read();
    }

    /// <summary>
    /// Records the interval since the previous reading; the first call only takes the baseline. An interval shorter
    /// than <paramref name="minInterval"/> is not recorded (and the baseline stays): the OS counts CPU time in ticks, so
    /// a short interval's CPU share is noise.
    /// </summary>
    public GeneratorHealth? Sample(TimeSpan minInterval = default)
    {
        lock (_lock)
        {
            var now = _read();
            var last = _last;
            if (last is { } b && now.Wall - b.Wall < minInterval) return null;
            _last = now;
            if (last is not { } before || now.Wall <= before.Wall) return null;
            var health = GeneratorHealth.Between(before, now, _processors);
            _sink.Add(_cpu, health.Cpu);
            _sink.Add(_queue, health.ThreadPoolQueue);
            _sink.Add(_gcPause, health.GcPauseMsPerSecond);
            _sink.Add(_alloc, health.AllocBytesPerSecond);
            _sink.Add(_interval, health.IntervalSeconds);
            HasSampled = true;
            return health;
        }
    }
}
