using Microsoft.Extensions.Logging;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Thresholds;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Placement;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: follows a run's lifecycle. The schedule math lives in Rampa.Core (executors, segments); the merge in
/// <see cref="MetricAggregator"/>. Progress is polled twice a second on an interleaving-free grain timer; every
/// <see cref="ThresholdMonitor.Interval"/> the same timer reads the shards' merged totals and hands them to
/// <see cref="ThresholdMonitor"/>, which says whether an <c>abortOnFail</c> threshold stops the run.
/// </summary>
public sealed class RunOrchestratorGrain(ILogger<RunOrchestratorGrain> log, ArtifactPublisher artifacts) : Grain, IRunOrchestratorGrain
{
    /// <summary>Time between the start call and the common start instant: lets every silo arm its VUs first.</summary>
    private static readonly TimeSpan StartLead = TimeSpan.FromMilliseconds(500);
    /// <summary>Time past the planned hard end after which a run that has not finished is stopped.</summary>
    private static readonly TimeSpan OverrunMargin = TimeSpan.FromMinutes(1);
    /// <summary>Time a stopped run gets to wind down before it is ended with what was flushed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private RunState _state = RunState.Pending;
    private RunRequest? _request;
    private List<string> _silos = new();
    private List<ISegmentRunnerGrain> _runners = new();
    private List<SegmentStatus> _segments = new();
    private DateTimeOffset? _start, _end, _deadline;
    private string? _error, _stopReason;
    private byte[]? _metrics;
    private IGrainTimer? _timer;
    private bool _overran;
    private IReadOnlyList<ThresholdSpec> _thresholds = [];
    private DateTimeOffset _nextThresholdEval;
    private ThresholdsLive? _liveThresholds;
    private ThresholdAbort? _abortedBy;
    /// <summary>The artifact set being written after the end (off the grain's scheduler; it touches no grain state).</summary>
    private Task<ArtifactOutcome>? _artifacts;

    private string RunId => this.GetPrimaryKeyString();

    public async Task<RunStatus> Start(RunRequest request)
    {
        if (_state != RunState.Pending) return Status();
        _request = request;
        _state = RunState.Starting;
        TestPlan plan;
        try
        {
            plan = request.LoadPlan();
        }
        catch (ScenarioLoadException e)
        {
            return FailBeforeStart(e.Message);
        }

        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var silos = hosts.Keys.OrderBy(h => h.ToParsableString(), StringComparer.Ordinal).ToList();
        _silos = silos.Select(h => h.ToParsableString()).ToList();
        if (_silos.Count == 0) return FailBeforeStart("no active silo to run on");

        _start = DateTimeOffset.UtcNow + StartLead;
        _thresholds = plan.Thresholds;
        _nextThresholdEval = _start.Value + ThresholdMonitor.Interval;
        var longest = plan.Scenarios.Select(s => s.Executor.StartTime + s.Executor.HardDuration).DefaultIfEmpty().Max();
        _deadline = _start + longest + OverrunMargin;
        // Runner i is pinned to silo i by its key (SiloPinnedPlacement), so no two segments share a silo.
        _runners = silos.Select((silo, i) => GrainFactory.GetGrain<ISegmentRunnerGrain>(SiloPinnedKey.Build(RunId, i, silo))).ToList();
        try
        {
            await Task.WhenAll(_runners.Select((r, i) => r.Start(new SegmentAssignment
            {
                Request = request,
                Segment = i,
                SegmentCount = _runners.Count,
                StartUtc = _start.Value,
            })));
        }
        catch (Exception e)
        {
            log.LogError(e, "run {RunId} could not start", RunId);
            _error = "the run could not start: " + e.Message;
            _state = RunState.Failed;
            await Task.WhenAll(_runners.Select(r => r.Stop()));
        }
        if (_state == RunState.Starting) _state = RunState.Running;
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500))
        {
            KeepAlive = true,
        });
        return Status();
    }

    /// <summary>Nothing was started: the run ends at once as failed, with an empty result that says why.</summary>
    private RunStatus FailBeforeStart(string error)
    {
        _state = RunState.Failed;
        _error = error;
        _start = _end = DateTimeOffset.UtcNow;
        _metrics = MetricSnapshotCodec.Encode(new MetricSnapshot());
        PublishArtifacts();
        return Status();
    }

    /// <summary>
    /// Writes the artifacts of the finished run on the thread pool, so status calls keep answering while files are
    /// written and uploaded; <see cref="Status"/> reports the outcome once the task is done.
    /// </summary>
    private void PublishArtifacts()
    {
        var request = _request!;
        var result = new RunResult { Status = Status(), Metrics = _metrics! };
        _artifacts = Task.Run(async () =>
        {
            try
            {
                return await artifacts.PublishAsync(request, result);
            }
            catch (Exception e)
            {
                log.LogError(e, "run {RunId}: writing the artifacts failed", request.RunId);
                return new ArtifactOutcome { Folder = "", Problem = "writing the artifacts failed: " + e.Message };
            }
        });
    }

    private async Task TickAsync(CancellationToken cancellation)
    {
        if (_metrics is not null) return;
        var answered = true;
        try
        {
            _segments = (await Task.WhenAll(_runners.Select(r => r.GetStatus()))).ToList();
        }
        catch (Exception e)
        {
            log.LogWarning(e, "run {RunId}: a segment runner did not answer", RunId);
            answered = false;
        }
        if (answered && _segments.All(s => s.Done))
        {
            await FinalizeAsync();
            return;
        }
        if (_state == RunState.Running && _thresholds.Count > 0 && DateTimeOffset.UtcNow >= _nextThresholdEval)
        {
            await EvaluateThresholdsAsync();
            if (_abortedBy is not null) return;
        }
        if (DateTimeOffset.UtcNow <= _deadline) return;
        if (!_overran)
        {
            // Not a user's interrupt: the cluster failed to end the run on time (exit 97, what was measured is kept).
            _overran = true;
            _error ??= "the run did not end by its planned end plus " + OverrunMargin.TotalSeconds + "s and was stopped";
            _state = RunState.Failed;
            _deadline = DateTimeOffset.UtcNow + StopGrace;
            await StopRunners("overrun");
            return;
        }
        // Stopped and still not done: never hang; end the run with what the histogram grains hold.
        _error += "; some silos did not stop in time, their last interval may be missing";
        _state = RunState.Failed;
        await FinalizeAsync();
    }

    /// <summary>
    /// The live evaluation (SEMANTICS.md: every 2 s, on the merged data of the whole cluster): the shards' totals only,
    /// merged, judged by <see cref="ThresholdMonitor"/>; a crossed <c>abortOnFail</c> threshold stops the runners.
    /// </summary>
    private async Task EvaluateThresholdsAsync()
    {
        var now = DateTimeOffset.UtcNow;
        while (_nextThresholdEval <= now) _nextThresholdEval += ThresholdMonitor.Interval;
        var totals = new MetricSnapshot();
        try
        {
            var shards = await Task.WhenAll(Enumerable.Range(0, HistogramGrain.Shards)
                .Select(shard => GrainFactory.GetGrain<IHistogramGrain>(HistogramGrain.Key(RunId, shard)).GetTotals()));
            foreach (var bytes in shards) totals.Merge(MetricSnapshotCodec.Decode(bytes));
        }
        catch (Exception e)
        {
            // A missed evaluation is not a failure: the next one comes in 2 s, and the final one at the end.
            log.LogWarning(e, "run {RunId}: could not read the totals for the threshold evaluation", RunId);
            return;
        }
        var check = ThresholdMonitor.Check(_thresholds, totals, now - _start!.Value);
        _liveThresholds = new ThresholdsLive { Total = check.Results.Count, Failing = check.Failing, EvaluatedUtc = now };
        if (check.Abort is not { } abort || _state != RunState.Running || _stopReason is not null) return;
        _abortedBy = new ThresholdAbort
        {
            Key = abort.Key,
            Expression = abort.Expression,
            Observed = abort.Observed,
            Elapsed = now - _start.Value,
        };
        var reason = ThresholdCheck.StopReason(abort);
        log.LogInformation("run {RunId}: {Reason} at {Elapsed}s, stopping", RunId, reason, (now - _start.Value).TotalSeconds);
        await StopRunners(reason);
    }

    private async Task FinalizeAsync()
    {
        var merged = new MetricSnapshot();
        for (var shard = 0; shard < HistogramGrain.Shards; shard++)
        {
            var bytes = await GrainFactory.GetGrain<IHistogramGrain>(HistogramGrain.Key(RunId, shard)).GetMerged();
            // The totals and the per-second series (MetricSnapshot.TimeSeries) both merge; shards hold different series.
            merged.Merge(MetricSnapshotCodec.Decode(bytes));
        }
        _metrics = MetricSnapshotCodec.Encode(merged);
        _end = _segments.Select(s => s.EndedUtc).Where(e => e is not null).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
        var segmentError = _segments.Select(s => s.Error).FirstOrDefault(e => e is not null);
        _error ??= segmentError;
        // A segment that could not deliver what it measured makes the run a failure: its numbers are incomplete.
        // A stop (the user's, or an abortOnFail threshold's: then _abortedBy says so, exit 99) makes it Interrupted.
        _state = _state == RunState.Failed || segmentError is not null ? RunState.Failed
            : _stopReason is not null ? RunState.Interrupted : RunState.Completed;
        _timer?.Dispose();
        _timer = null;
        PublishArtifacts();
        // The client reads the result right away; keep it a while for `rampa` commands that come back for it.
        DelayDeactivation(TimeSpan.FromMinutes(30));
    }

    public Task<RunStatus> GetStatus() => Task.FromResult(Status());

    public async Task Stop(string reason)
    {
        if (_metrics is not null || _stopReason is not null) return;
        await StopRunners(reason);
    }

    private async Task StopRunners(string reason)
    {
        _stopReason ??= reason;
        // A stop must end the run soon even if a silo never winds down: the tick then ends it with what was flushed.
        var stopBy = DateTimeOffset.UtcNow + StopGrace;
        if (_deadline is null || stopBy < _deadline) _deadline = stopBy;
        if (_state is RunState.Running or RunState.Starting) _state = RunState.Stopping;
        if (_runners.Count == 0) return;
        await Task.WhenAll(_runners.Select(r => r.Stop()));
    }

    public Task<RunResult?> GetResult() =>
        Task.FromResult(_metrics is null ? null : new RunResult { Status = Status(), Metrics = _metrics });

    /// <summary>
    /// Segments that run elsewhere than on their silo (it left the cluster between the listing and the start): the
    /// run goes on, but two segments then share a silo and its numbers may be lower than planned.
    /// </summary>
    private IEnumerable<string> MisplacedSegments() => _segments
        .Select((s, i) => (s.Silo, Planned: i < _silos.Count ? _silos[i] : null, i))
        .Where(x => x.Planned is not null && x.Silo != x.Planned)
        .Select(x => $"segment {x.i} runs on silo {x.Silo} instead of {x.Planned}, which was not available");

    private RunStatus Status() => new()
    {
        State = _state,
        StartedUtc = _start,
        EndedUtc = _end,
        Silos = _silos,
        Error = _error,
        StopReason = _stopReason,
        AbortedByThreshold = _abortedBy,
        Thresholds = _liveThresholds,
        Artifacts = _artifacts is { IsCompletedSuccessfully: true } done ? done.Result : null,
        Warnings = _segments.SelectMany(s => s.Warnings).Concat(MisplacedSegments()).Distinct().ToList(),
        Scenarios = _segments.SelectMany(s => s.Scenarios).GroupBy(p => p.Name)
            .Select(g => g.Aggregate((a, b) => a.Add(b) with { PlannedIterations = a.PlannedIterations + b.PlannedIterations })).ToList(),
    };
}
