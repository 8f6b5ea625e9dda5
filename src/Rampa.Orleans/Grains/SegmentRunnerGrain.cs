using Microsoft.Extensions.Logging;
using Rampa.Core.Time;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: creates the silo's <see cref="LocalRun"/>, arms each scenario segment at the common start, starts the VU
/// grains, flushes metrics each second, and reports done after the final flush is acknowledged.
/// </summary>
public sealed class SegmentRunnerGrain(LocalRunRegistry registry, ILocalSiloDetails silo, ILogger<SegmentRunnerGrain> log)
    : Grain, ISegmentRunnerGrain
{
    private LocalRun? _run;
    private MetricFlusher? _flusher;
    private IGrainTimer? _timer;
    private bool _done;
    private string? _error;
    private DateTimeOffset? _ended;

    private string SiloName => silo.SiloAddress.ToParsableString();

    public async Task Start(SegmentAssignment assignment)
    {
        if (_run is not null) return;
        var request = assignment.Request;
        var plan = request.LoadPlan();
        var run = _run = registry.GetOrAdd(request.RunId, () => new LocalRun(request.RunId, plan, assignment.Segment, assignment.SegmentCount));
        _flusher = new MetricFlusher(run, GrainFactory, SiloName);

        // The common start is wall-clock time; convert it to this silo's monotonic clock once, then never look back.
        var startTicks = MonotonicClock.Now + MonotonicClock.FromTimeSpan(assignment.StartUtc - DateTimeOffset.UtcNow);
        var longest = plan.Scenarios.Select(s => s.Executor.StartTime + s.Executor.HardDuration).DefaultIfEmpty().Max();
        var keepAlive = longest + (assignment.StartUtc - DateTimeOffset.UtcNow) + TimeSpan.FromMinutes(5);
        DelayDeactivation(keepAlive);

        foreach (var segment in run.Scenarios.Values)
            segment.Arm(startTicks + MonotonicClock.FromTimeSpan(segment.Scenario.Executor.StartTime));
        var starts = new List<Task>();
        foreach (var (name, segment) in run.Scenarios)
            foreach (var vu in segment.VuIndices)
                starts.Add(GrainFactory.GetGrain<IVirtualUserGrain>($"{request.RunId}/{name}/{vu}").Start(request.RunId, name, vu, keepAlive));
        await Task.WhenAll(starts);

        _timer = this.RegisterGrainTimer(_ => _flusher.FlushAsync(), new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))
        {
            Interleave = true,
            KeepAlive = true,
        });
        _ = WaitForEndAsync(run);
    }

    private async Task WaitForEndAsync(LocalRun run)
    {
        try
        {
            await Task.WhenAll(run.Scenarios.Values.Select(s => s.Completion));
            _ended = DateTimeOffset.UtcNow;
            _timer?.Dispose();
            if (!await _flusher!.FinalFlushAsync())
                _error = $"{_flusher.PendingCount} metric snapshots of silo {SiloName} could not be delivered";
        }
        catch (Exception e)
        {
            log.LogError(e, "segment of run {RunId} failed", run.RunId);
            _error = e.Message;
        }
        finally
        {
            _done = true;
            registry.Remove(run.RunId);
        }
    }

    public Task<SegmentStatus> GetStatus() => Task.FromResult(new SegmentStatus
    {
        Silo = SiloName,
        Done = _done,
        Error = _error,
        EndedUtc = _ended,
        Scenarios = _run?.Scenarios.Values.Select(s => new ScenarioProgress
        {
            Name = s.Scenario.Name,
            Executor = s.Scenario.Executor.Kind,
            ActiveVus = s.ActiveVus,
            AllocatedVus = s.AllocatedVus,
            Completed = Interlocked.Read(ref s.Counters.Completed),
            Interrupted = Interlocked.Read(ref s.Counters.Interrupted),
            StartTime = s.Scenario.Executor.StartTime,
            RegularDuration = s.Scenario.Executor.RegularDuration,
            GracefulStop = s.Scenario.Executor.GracefulStop,
            Done = s.IsDone,
            PlannedIterations = s.IterationShare,
        }).ToList() ?? new(),
    });

    public Task Stop()
    {
        if (!_done) _run?.Interrupt();
        return Task.CompletedTask;
    }
}
