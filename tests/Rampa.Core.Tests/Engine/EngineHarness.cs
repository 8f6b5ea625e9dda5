using System.Collections.Concurrent;
using Rampa.Core.Engine;
using Rampa.Core.Executors;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;
using Rampa.Core.Time;

namespace Rampa.Core.Tests.Engine;

/// <summary>One iteration as the fake behaviour saw it.</summary>
public readonly record struct SeenIteration(long Vu, long ScheduledIndex, long ScheduledStart, long ActualStart, long End, bool Cancelled);

/// <summary>
/// A workload with no HTTP: each iteration records when it ran, then waits <see cref="IterationTime"/> (or until
/// <see cref="Release"/> when <see cref="BlockUntilReleased"/>), honouring cancellation. VU creation can be slowed down
/// (<see cref="CreateTime"/>) and is traced (<see cref="Creations"/>), to see VUs being initialised one at a time.
/// </summary>
public sealed class FakeWorkload : IWorkload
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan IterationTime { get; init; }
    public bool BlockUntilReleased { get; init; }
    public TimeSpan CreateTime { get; init; }
    public ConcurrentQueue<SeenIteration> Iterations { get; } = new();
    /// <summary>(VU index, start, end) of every VU creation, in monotonic ticks.</summary>
    public ConcurrentQueue<(int VuIndex, long Start, long End)> Creations { get; } = new();

    public void Release() => _release.TrySetResult();

    public IVuBehavior CreateVu(VuContext vu)
    {
        var start = MonotonicClock.Now;
        if (CreateTime > TimeSpan.Zero) Thread.Sleep(CreateTime);
        Creations.Enqueue((vu.ScenarioVuIndex, start, MonotonicClock.Now));
        return new Behavior(this);
    }

    private sealed class Behavior(FakeWorkload owner) : IVuBehavior
    {
        public async ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellation)
        {
            var actual = MonotonicClock.Now;
            var cancelled = false;
            try
            {
                if (owner.BlockUntilReleased) await owner._release.Task.WaitAsync(cancellation);
                else if (owner.IterationTime > TimeSpan.Zero) await Task.Delay(owner.IterationTime, cancellation);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
            finally
            {
                owner.Iterations.Enqueue(new SeenIteration(iteration.VuContext.Vu, iteration.ScheduledIndex, iteration.ScheduledStart,
                    actual, MonotonicClock.Now, cancelled));
            }
        }
    }
}

/// <summary>A scenario segment run with a fake workload, driven as the grains drive it, but in plain tasks.</summary>
public sealed class SegmentHarness : IDisposable
{
    static SegmentHarness()
    {
        // The test host blocks pool threads now and then (measured: every pool thread of a 2-core machine stuck for
        // ~600 ms early in a test run, with plain Task.Delay loops as well as with the engine), which delays every VU
        // continuation by as much. These tests time the engine, not the host: give the pool room up front.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
    }

    public SegmentHarness(ExecutorConfig executor, IWorkload workload, int segment = 0, ExecutionSegmentSequence? segments = null, long seed = 1,
        SegmentResume resume = default)
    {
        var scenario = new ScenarioPlan { Name = "s", Executor = executor, Workload = workload };
        Sink = new MetricSink();
        Services = new RunServices("test", new TestPlan { Seed = seed, Scenarios = [scenario] }, Sink);
        Run = new ScenarioSegmentRun(Services, scenario, segments ?? ExecutionSegmentSequence.Even(1), segment, 0, resume);
    }

    public MetricSink Sink { get; }
    public RunServices Services { get; }
    public ScenarioSegmentRun Run { get; }
    public long ExecutorStart { get; private set; }
    private MetricSnapshot? _metrics;

    /// <summary>Arms the run to start <paramref name="lead"/> from now and starts its initial VUs (as the grains would).</summary>
    public void Start(TimeSpan lead) => Start(MonotonicClock.Now + MonotonicClock.FromTimeSpan(lead));

    public void Start(long executorStart)
    {
        ExecutorStart = executorStart;
        Run.Arm(executorStart);
        foreach (var vu in Run.InitialVuIndices) _ = Task.Run(() => Run.RunVuAsync(vu));
    }

    public async Task WaitAsync(TimeSpan timeout) => await Run.Completion.WaitAsync(timeout);

    /// <summary>Everything recorded, summed over the whole run (snapshots accumulate across calls).</summary>
    public MetricSnapshot Metrics()
    {
        _metrics ??= new MetricSnapshot();
        _metrics.Merge(Sink.TakeSnapshot());
        return _metrics;
    }

    public double Sum(string metric) => Metrics().Total(metric)?.Sum ?? 0;
    public long Count(string metric) => Metrics().Total(metric)?.Count ?? 0;

    public void Dispose()
    {
        Run.Dispose();
        Services.Dispose();
        Sink.Dispose();
    }
}
