using Microsoft.Extensions.Logging;
using Rampa.Core.Engine.WarmUp;
using Rampa.Core.Scenarios;
using Rampa.Core.Time;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Placement;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: creates the silo's <see cref="LocalRun"/>, arms each scenario segment at the common start, starts the VU grains a
/// segment starts with (and gives it the starter for VUs it adds later), warms the iteration path up until the start
/// (<see cref="EngineWarmUp"/>), flushes metrics each second, and reports done after the final flush is acknowledged. Its
/// key (<see cref="SiloPinnedKey"/>) names the silo it runs on, and <see cref="SegmentStatus.Silo"/> reports where it
/// really runs.
/// </summary>
[SiloPinnedPlacement]
public sealed class SegmentRunnerGrain(LocalRunRegistry registry, ScenarioCodeHost code, ILocalSiloDetails silo, ILogger<SegmentRunnerGrain> log)
    : Grain, ISegmentRunnerGrain
{
    /// <summary>How long before the common start the warm-up must have ended: room for the pre-start collection.</summary>
    private static readonly TimeSpan WarmUpMargin = PreStartCollection.Margin + TimeSpan.FromMilliseconds(50);

    /// <summary>When the flushes tick, after each second of the run's common start.</summary>
    private static readonly TimeSpan FlushPhase = TimeSpan.FromMilliseconds(500);

    private LocalRun? _run;
    private MetricFlusher? _flusher;
    private IGrainTimer? _timer;
    private bool _done;
    private string? _error;
    private DateTimeOffset? _ended;
    private int _generation;
    private CancellationTokenSource? _warmUpStop;

    private string SiloName => silo.SiloAddress.ToParsableString();

    /// <summary>The name a runner holds data rows under: its silo, segment and generation.</summary>
    public static string DataHolder(string silo, int segment, int generation) => $"{silo}/{segment}.{generation}";

    public async Task Start(SegmentAssignment assignment)
    {
        if (_run is not null || _done) return; // started already, or stopped before it could start
        var request = assignment.Request;
        // Another activation of this runner on this silo started it already (see Attached): never run a segment twice.
        if (registry.Find(request.RunId, assignment.Segment, assignment.Generation) is not null
            || registry.Finished(request.RunId, assignment.Segment, assignment.Generation) is not null) return;
        var plan = await code.LoadPlanAsync(request);
        _generation = assignment.Generation;
        // Each runner is its data sources' holder of record: a lost runner's unused rows are written off by that name.
        var holder = DataHolder(SiloName, assignment.Segment, assignment.Generation);
        var grainFactory = GrainFactory;
        var run = _run = registry.GetOrAdd(request.RunId, assignment.Segment, assignment.Generation, () => new LocalRun(request.RunId, plan,
            assignment.Segment, assignment.SegmentCount, assignment.ResumeAfter, assignment.CompletedBefore, assignment.SetupData,
            source => new GrainRowLeaseClient(grainFactory, request.RunId, source, holder)));
        // The histogram grains deduplicate by (sender, sequence): each runner is its own sender, so a silo that also
        // runs a taken-over segment never reuses another runner's sequence numbers.
        _flusher = new MetricFlusher(run, GrainFactory, $"{SiloName}/{assignment.Segment}.{assignment.Generation}");

        // The common start is wall-clock time; convert it to this silo's monotonic clock once, then never look back.
        var startTicks = MonotonicClock.Now + MonotonicClock.FromTimeSpan(assignment.StartUtc - DateTimeOffset.UtcNow);
        var longest = plan.Scenarios.Select(s => s.Executor.StartTime + s.Executor.HardDuration).DefaultIfEmpty().Max();
        var keepAlive = longest + (assignment.StartUtc - DateTimeOffset.UtcNow) + TimeSpan.FromMinutes(5);
        DelayDeactivation(keepAlive);

        try
        {
            await StartVusAsync(run, request, startTicks, keepAlive);
        }
        catch (Exception e)
        {
            // Never leave a half-started segment behind: stop what started, report done with the error.
            log.LogError(e, "segment of run {RunId} could not start", request.RunId);
            _error = "the segment could not start: " + e.Message;
            run.Interrupt();
            _done = true;
            registry.Remove(request.RunId, assignment.Segment, assignment.Generation);
            throw;
        }

        // Flushes (and the gauge samples they take) half a second off the run's seconds: a sample of a ramp then never sits
        // on the instant a stage begins or ends, whatever lead the start had.
        var untilStart = MonotonicClock.ToTimeSpan(Math.Max(0, startTicks - MonotonicClock.Now));
        _timer = this.RegisterGrainTimer(_ => _flusher.FlushAsync(), new GrainTimerCreationOptions(untilStart + FlushPhase, TimeSpan.FromSeconds(1))
        {
            Interleave = true,
            KeepAlive = true,
        });
        _ = WaitForEndAsync(run);

        // The segment is armed and its VUs wait for the start: the time left until then is idle, so the iteration path is
        // compiled now. After the VUs, not before: a slow warm-up must never leave VUs unready at the start.
        await WarmUpAsync(plan, startTicks - MonotonicClock.FromTimeSpan(WarmUpMargin));
        // Then the garbage of starting the silo, the VUs and the warm-up goes, before anything is measured.
        await Task.Run(() => PreStartCollection.RunIfQuiet(registry, startTicks));
        // The generator's health is the run's from here: not the warm-up's CPU, nor the pre-start collection's pause.
        _flusher.MarkStart();
    }

    /// <summary>
    /// Compiles the iteration path before the first real start (<see cref="EngineWarmUp"/>: against its own loopback stub,
    /// into its own sink; once per process). It ends by <paramref name="deadline"/> and never throws. It runs on the thread
    /// pool, not on this activation, whose GetStatus and Stop keep answering meanwhile (Stop cuts it short).
    /// </summary>
    private async Task WarmUpAsync(TestPlan plan, long deadline)
    {
        using var stop = _warmUpStop = new CancellationTokenSource();
        var result = await Task.Run(() => EngineWarmUp.EnsureWarmAsync(plan, deadline, stop.Token));
        _warmUpStop = null;
        log.LogDebug("run {RunId}, segment {Segment}: {WarmUp}", _run?.RunId, _run?.Segment, result);
    }

    private async Task StartVusAsync(LocalRun run, RunRequest request, long startTicks, TimeSpan keepAlive)
    {
        // Every VU of the silo is a VU grain. A driver that adds VUs mid-run (arrival-rate growth) starts their grains
        // through the same starter, from its own thread: one call per added VU, never one per iteration.
        var grains = GrainFactory;
        foreach (var (name, segment) in run.Scenarios)
            segment.VuStarter = vu => grains.GetGrain<IVirtualUserGrain>($"{request.RunId}/{name}/{vu}").Start(request.RunId, name, vu, keepAlive);
        foreach (var segment in run.Scenarios.Values)
            segment.Arm(startTicks + MonotonicClock.FromTimeSpan(segment.Scenario.Executor.StartTime));
        await Task.WhenAll(run.Scenarios.Values.SelectMany(segment => segment.InitialVuIndices.Select(vu => segment.VuStarter(vu))));
    }

    private async Task WaitForEndAsync(LocalRun run)
    {
        try
        {
            await Task.WhenAll(run.Scenarios.Values.Select(s => s.Completion));
            _ended = DateTimeOffset.UtcNow;
            await ReportDataAsync(run);
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
            registry.Finish(run.RunId, run.Segment, _generation, Status(run, done: true, _error, _ended));
        }
    }

    /// <summary>The rows this runner used of each leased data source: the coordinators' books then say what was used.</summary>
    private async Task ReportDataAsync(LocalRun run)
    {
        try
        {
            await run.Services.Data.ReportAsync();
        }
        catch (Exception e)
        {
            // The rows were used; only the count in the summary would be short. Never a reason to fail the segment.
            log.LogWarning(e, "run {RunId}: could not report the data rows used", run.RunId);
        }
    }

    public Task<SegmentStatus> GetStatus()
    {
        if (_run is null && !_done && Attached() is { } other) return Task.FromResult(other.Finished ?? Status(other.Live, false, null, null));
        return Task.FromResult(Status(_run, _done, _error, _ended));
    }

    /// <summary>
    /// For an activation that was never started here: the segment its key names, if another activation of this runner
    /// on this silo runs it or ran it (the directory lost the first one's entry when a silo died).
    /// </summary>
    private (LocalRun? Live, SegmentStatus? Finished)? Attached()
    {
        if (!SiloPinnedKey.TryParse(this.GetPrimaryKeyString(), out var key)) return null;
        var hash = key.RunId.LastIndexOf('#');
        var runId = hash < 0 ? key.RunId : key.RunId[..hash];
        var generation = hash < 0 ? 0 : int.Parse(key.RunId[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var finished = registry.Finished(runId, key.Segment, generation);
        var live = registry.Find(runId, key.Segment, generation);
        return finished is null && live is null ? null : (live, finished);
    }

    private SegmentStatus Status(LocalRun? run, bool done, string? error, DateTimeOffset? ended) => new()
    {
        Silo = SiloName,
        Done = done,
        Error = error,
        EndedUtc = ended,
        Failures = run is null ? null : LiveFailuresOf(run.Failures.Summary()),
        AbortReason = run?.Services.AbortReason,
        Warnings = run?.Sink.OverflowedMetrics.Select(m =>
            $"metric '{m}' had more tag sets than the limit; the extra ones were merged into its series tagged overflow:true").ToList() ?? new(),
        Scenarios = run?.Scenarios.Values.Select(s => new ScenarioProgress
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
    };

    private static LiveFailures LiveFailuresOf(Rampa.Core.Reporting.FailureSummary summary) => new()
    {
        Requests = summary.Requests,
        Classes = summary.Overall.Select(r => new LiveFailureClass { Code = r.Class.Code, Name = r.Class.Name, Count = r.Count, Message = r.Message }).ToList(),
    };

    public Task Stop()
    {
        _warmUpStop?.Cancel();
        if (_run is null && !_done && Attached() is { } other)
        {
            other.Live?.Interrupt(); // another activation runs it: stop the run itself
            return Task.CompletedTask;
        }
        if (_run is null) _done = true; // never started: nothing to stop, nothing to wait for
        else if (!_done) _run.Interrupt();
        return Task.CompletedTask;
    }
}
