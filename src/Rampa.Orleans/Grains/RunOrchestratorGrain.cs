using Microsoft.Extensions.Logging;
using Rampa.Core.Live;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;
using Rampa.Core.Thresholds;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Placement;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: follows a run's lifecycle. The schedule math lives in Rampa.Core (executors, segments, takeovers); the merge
/// in <see cref="MetricAggregator"/>. Progress is polled twice a second on an interleaving-free grain timer; every
/// <see cref="ThresholdMonitor.Interval"/> the same timer reads the shards' merged totals and hands them to
/// <see cref="ThresholdMonitor"/>, which says whether an <c>abortOnFail</c> threshold stops the run. The same tick
/// watches membership: a segment whose silo left the cluster is handed to a survivor
/// (<see cref="SegmentTakeoverPlanner"/>) and the run records the event. The run's state is persisted
/// (<see cref="RunOrchestratorState"/>), so the loss of this grain's own silo does not lose the run: the next call
/// reactivates it on a survivor and the timer carries on.
/// </summary>
/// <remarks>
/// Placed on the caller's silo: the silo that took the run from the mailbox (or the embedded silo) hosts it, so a
/// silo lost mid-run is a segment to hand over, and the orchestrator moves only when that very silo dies.
/// </remarks>
[global::Orleans.Placement.PreferLocalPlacement]
public sealed class RunOrchestratorGrain(
    ILogger<RunOrchestratorGrain> log,
    ArtifactPublisher artifacts,
    ScenarioCodeHost code,
    IEnumerable<ILiveFrameObserver> frameObservers,
    [PersistentState("run")] IPersistentState<RunOrchestratorState> persisted) : Grain, IRunOrchestratorGrain
{
    /// <summary>Time between the start call and the common start instant: lets every silo arm its VUs, then warm its iteration path up (0.2-0.3 s cold, measured).</summary>
    private static readonly TimeSpan StartLead = TimeSpan.FromSeconds(1);
    /// <summary>Time past the planned hard end after which a run that has not finished is stopped.</summary>
    private static readonly TimeSpan OverrunMargin = TimeSpan.FromMinutes(1);
    /// <summary>Time a stopped run gets to wind down before it is ended with what was flushed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    /// <summary>A runner call that takes longer than this is treated as unanswered (its silo may be dying).</summary>
    private static readonly TimeSpan RunnerCallTimeout = TimeSpan.FromSeconds(5);
    /// <summary>How often the progress counts are persisted while nothing else changes.</summary>
    private static readonly TimeSpan PersistEvery = TimeSpan.FromSeconds(1);

    private IGrainTimer? _timer;
    /// <summary>Set by a reactivation that found the run still starting: the next tick (re)starts the segments.</summary>
    private bool _resumeStart;
    private IReadOnlyList<ThresholdSpec> _thresholds = [];
    private DateTimeOffset _nextThresholdEval;
    private DateTimeOffset _nextPersist;
    private ThresholdsLive? _liveThresholds;
    /// <summary>The run's live frames (once a second, the merged view); created at the start, or on a reactivation.</summary>
    private LiveFeed? _live;
    /// <summary>The artifact set being written after the end (off the grain's scheduler; it touches no grain state).</summary>
    private Task<ArtifactOutcome>? _publishing;
    /// <summary>The run's plan on this silo (for the teardown); reloaded after a reactivation.</summary>
    private TestPlan? _plan;
    /// <summary>How long a C# setup or teardown may run.</summary>
    private static readonly TimeSpan LifecycleTimeout = TimeSpan.FromMinutes(5);

    private RunOrchestratorState S => persisted.State;
    private string RunId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Request is null) return;
        // Reactivated after a move (its silo died) or an idle collection: pick the run up where the state left it.
        try
        {
            _plan = await code.LoadPlanAsync(S.Request, cancellationToken);
            _thresholds = _plan.Thresholds;
        }
        catch (Exception e) when (e is ScenarioLoadException or CodeBundleException)
        {
            _thresholds = [];
        }
        _nextThresholdEval = DateTimeOffset.UtcNow + ThresholdMonitor.Interval;
        if (S.Metrics is null && S.State is RunState.Starting or RunState.Running or RunState.Stopping)
        {
            log.LogWarning("run {RunId}: the orchestrator was reactivated mid-run ({State}); it carries on", RunId, S.State);
            // Died while starting the runners: some never got their start. The first tick sends it again (a runner
            // that has it ignores it); a segment whose silo died is handed over by the same tick.
            _resumeStart = S.State == RunState.Starting;
            StartTimer();
        }
        else if (S.Metrics is not null && S.Artifacts is null)
        {
            PublishArtifacts(); // finished, but the artifacts were not known to be written: write them (again)
        }
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<RunStatus> Start(RunRequest request)
    {
        if (S.State != RunState.Pending) return Status();
        S.Request = request;
        S.State = RunState.Starting;
        TestPlan plan;
        try
        {
            plan = _plan = await code.LoadPlanAsync(request);
        }
        catch (Exception e) when (e is ScenarioLoadException or CodeBundleException)
        {
            return await FailBeforeStartAsync(e.Message);
        }

        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        S.Silos = hosts.Keys.Select(h => h.ToParsableString()).Order(StringComparer.Ordinal).ToList();
        if (S.Silos.Count == 0) return await FailBeforeStartAsync("no active silo to run on");
        if (plan.Lifecycle is { HasSetup: true } lifecycle)
        {
            // Once per run, before any VU: what it returns reaches every segment (and any later takeover) as JSON.
            try
            {
                using var timeout = new CancellationTokenSource(LifecycleTimeout);
                S.SetupData = await lifecycle.SetupAsync(plan, timeout.Token);
            }
            catch (Exception e) when (e is ScenarioCodeException or OperationCanceledException)
            {
                S.ScenarioCodeFailed = true;
                return await FailBeforeStartAsync(e is ScenarioCodeException ? e.Message : $"the setup did not finish within {LifecycleTimeout.TotalMinutes} minutes");
            }
        }

        S.Start = DateTimeOffset.UtcNow + StartLead;
        _thresholds = plan.Thresholds;
        _nextThresholdEval = S.Start.Value + ThresholdMonitor.Interval;
        var longest = plan.Scenarios.Select(s => s.Executor.StartTime + s.Executor.HardDuration).DefaultIfEmpty().Max();
        S.Deadline = S.Start + longest + OverrunMargin;
        S.Segments = S.Silos.Select((silo, i) => new SegmentRecord { Segment = i, Generation = 0, Silo = silo }).ToList();
        // Persisted before any runner starts: on a loaded machine the starts take seconds, and a death of this silo
        // in between must leave a run that a reactivation carries on (hands the dead silo's segment over, starts the
        // others), not an empty state that the next Start call would begin afresh without the lost segment's event.
        await PersistAsync();
        try
        {
            await Task.WhenAll(S.Segments.Select(seg => Runner(seg).Start(Assignment(seg))));
        }
        catch (Exception e)
        {
            log.LogError(e, "run {RunId} could not start", RunId);
            S.Error = "the run could not start: " + e.Message;
            S.State = RunState.Failed;
            await Task.WhenAll(S.Segments.Select(seg => Runner(seg).Stop()));
        }
        if (S.State == RunState.Starting) S.State = RunState.Running;
        await PersistAsync();
        StartTimer();
        return Status();
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500))
        {
            KeepAlive = true,
        });

    /// <summary>
    /// Segment i's runner, pinned to its silo by its key (<see cref="SiloPinnedPlacement"/>), so no two segments share a
    /// silo; a takeover's runner is a new grain (its generation in the key) pinned to the survivor.
    /// </summary>
    private ISegmentRunnerGrain Runner(SegmentRecord seg) =>
        GrainFactory.GetGrain<ISegmentRunnerGrain>(SiloPinnedKey.Build(seg.Generation == 0 ? RunId : $"{RunId}#{seg.Generation}",
            seg.Segment, SiloAddress.FromParsableString(seg.Silo)));

    private SegmentAssignment Assignment(SegmentRecord seg, TimeSpan resumeAfter = default, Dictionary<string, long>? completedBefore = null) => new()
    {
        Request = S.Request!,
        Segment = seg.Segment,
        SegmentCount = S.Segments.Count,
        StartUtc = S.Start!.Value,
        Generation = seg.Generation,
        ResumeAfter = resumeAfter,
        CompletedBefore = completedBefore,
        SetupData = S.SetupData,
    };

    /// <summary>Nothing was started: the run ends at once as failed, with an empty result that says why.</summary>
    private async Task<RunStatus> FailBeforeStartAsync(string error)
    {
        S.State = RunState.Failed;
        S.Error = error;
        S.Start = S.End = DateTimeOffset.UtcNow;
        S.Metrics = MetricSnapshotCodec.Encode(new MetricSnapshot());
        await PersistAsync();
        PublishArtifacts();
        return Status();
    }

    /// <summary>
    /// Writes the artifacts of the finished run on the thread pool, so status calls keep answering while files are
    /// written and uploaded; the next tick (or status call) records the outcome.
    /// </summary>
    private void PublishArtifacts()
    {
        var request = S.Request!;
        var result = new RunResult { Status = Status(), Metrics = S.Metrics! };
        _publishing = Task.Run(async () =>
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
        if (S.Metrics is not null) return;
        if (_resumeStart) await ResumeStartAsync();
        await PollSegmentsAsync();
        if (S.AbortedByScenario is null && S.Segments.Select(s => s.Last?.AbortReason).FirstOrDefault(r => r is not null) is { } abortReason)
        {
            // A scenario called worker.Abort (k6's test.abort): every silo stops, what was measured is reported, exit 108.
            S.AbortedByScenario = abortReason;
            log.LogInformation("run {RunId}: aborted by the scenario: {Reason}", RunId, abortReason);
            await StopRunners($"aborted by the scenario: {abortReason}");
        }
        if (S.Segments.All(IsOver))
        {
            await FinalizeAsync();
            return;
        }
        if (S.State is RunState.Running or RunState.Starting) await TakeOverLostSegmentsAsync();
        if (S.State == RunState.Running && _thresholds.Count > 0 && DateTimeOffset.UtcNow >= _nextThresholdEval)
        {
            await EvaluateThresholdsAsync();
            if (S.AbortedBy is not null) return;
        }
        await AdvanceLiveAsync();
        if (DateTimeOffset.UtcNow >= _nextPersist) await PersistAsync();
        if (DateTimeOffset.UtcNow <= S.Deadline) return;
        if (!S.Overran)
        {
            // Not a user's interrupt: the cluster failed to end the run on time (exit 97, what was measured is kept).
            S.Overran = true;
            S.Error ??= "the run did not end by its planned end plus " + OverrunMargin.TotalSeconds + "s and was stopped";
            S.State = RunState.Failed;
            S.Deadline = DateTimeOffset.UtcNow + StopGrace;
            await StopRunners("overrun");
            return;
        }
        // Stopped and still not done: never hang; end the run with what the histogram grains hold.
        S.Error += "; some silos did not stop in time, their last interval may be missing";
        S.State = RunState.Failed;
        await FinalizeAsync();
    }

    private static bool IsOver(SegmentRecord seg) => seg.Last?.Done == true;

    /// <summary>
    /// A lost runner's rows of each unique or sequential data source are written off before its segment goes on
    /// elsewhere: what it held beyond its last report is lost, never handed out again (an event says how many).
    /// </summary>
    /// <summary>Each data source of the plan with what its coordinator counted (random and perVu sources have none).</summary>
    private async Task<List<DataSourceInfo>> DataSourceTotalsAsync()
    {
        var list = new List<DataSourceInfo>();
        foreach (var source in _plan?.Data.Sources ?? [])
        {
            var info = new DataSourceInfo
            {
                Name = source.Name, File = source.Spec.File, Rows = source.File.RowCount,
                Mode = source.Spec.Mode switch
                {
                    Rampa.Core.Data.DataMode.PerVu => "perVu",
                    var m => m.ToString().ToLowerInvariant(),
                },
            };
            if (source.Spec.Mode is Rampa.Core.Data.DataMode.Unique or Rampa.Core.Data.DataMode.Sequential)
            {
                try
                {
                    var t = await GrainFactory.GetGrain<IDataSourceGrain>(GrainRowLeaseClient.DataSourceKey(RunId, source.Index)).GetTotals();
                    info = info with { Used = t.Used, Lost = t.Lost, Wraps = t.Wraps, Exhausted = t.Exhausted };
                }
                catch (Exception e)
                {
                    log.LogWarning(e, "run {RunId}: could not read the counts of data source {Source}", RunId, source.Name);
                }
            }
            list.Add(info);
        }
        return list;
    }

    private async Task WriteOffDataRowsAsync(string holder, TimeSpan sinceStart)
    {
        foreach (var source in _plan?.Data.Sources ?? [])
        {
            if (source.Spec.Mode is not (Rampa.Core.Data.DataMode.Unique or Rampa.Core.Data.DataMode.Sequential)) continue;
            try
            {
                var lost = await GrainFactory.GetGrain<IDataSourceGrain>(GrainRowLeaseClient.DataSourceKey(RunId, source.Index)).Lose(holder);
                if (lost > 0)
                    S.Events.Add(new RunEventInfo
                    {
                        At = sinceStart, Kind = RunEvent.DataRowsLost,
                        Message = $"data source '{source.Name}': {lost} row(s) leased to the lost silo were not reported as used; they are counted as lost and never handed out again",
                    });
            }
            catch (Exception e)
            {
                log.LogError(e, "run {RunId}: could not write off the rows of data source {Source} held by {Holder}", RunId, source.Name, holder);
            }
        }
    }

    /// <summary>
    /// After a reactivation mid-start: sends every segment on a live silo its start (idempotent on the runner), then the
    /// run is running; a segment on a silo that left is not started elsewhere here but handed over as a loss (an event).
    /// </summary>
    private async Task ResumeStartAsync()
    {
        _resumeStart = false;
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var active = hosts.Keys.Select(h => h.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        await Task.WhenAll(S.Segments.Where(seg => active.Contains(seg.Silo)).Select(async seg =>
        {
            try
            {
                await Runner(seg).Start(Assignment(seg)).WaitAsync(RunnerCallTimeout * 2);
            }
            catch (Exception e)
            {
                log.LogError(e, "run {RunId}: segment {Segment} did not take its start after the orchestrator moved", RunId, seg.Segment);
            }
        }));
        if (S.State == RunState.Starting) S.State = RunState.Running;
        await PersistAsync();
    }

    /// <summary>Polls every runner (bounded: a dying silo must not stall the tick); keeps the last answer of each.</summary>
    private async Task PollSegmentsAsync()
    {
        var polls = S.Segments.Where(seg => !IsOver(seg)).Select(async seg =>
        {
            try
            {
                var status = await Runner(seg).GetStatus().WaitAsync(RunnerCallTimeout);
                // A runner that never started here (re-activated after its silo died) says nothing about the segment.
                if (status.Done || status.Scenarios.Count > 0)
                {
                    seg.Last = status;
                    seg.LastReportUtc = DateTimeOffset.UtcNow;
                }
            }
            catch (Exception e)
            {
                log.LogDebug(e, "run {RunId}: segment {Segment} did not answer", RunId, seg.Segment);
            }
        });
        await Task.WhenAll(polls);
    }

    /// <summary>Hands the segments of silos that left the cluster to survivors, and records each takeover as an event.</summary>
    private async Task TakeOverLostSegmentsAsync()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var active = hosts.Keys.Select(h => h.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        var slots = S.Segments.Select(seg => new SegmentSlot(seg.Segment, seg.Generation, seg.Silo, IsOver(seg),
            seg.Last?.Scenarios.ToDictionary(x => x.Name, x => x.Completed) ?? new Dictionary<string, long>(),
            seg.LastReportUtc is { } at ? at - S.Start!.Value : TimeSpan.Zero)).ToList();
        var sinceStart = DateTimeOffset.UtcNow - S.Start!.Value;
        var takeovers = SegmentTakeoverPlanner.Plan(slots, active);
        foreach (var t in takeovers)
        {
            var seg = S.Segments.Single(x => x.Segment == t.Segment);
            await WriteOffDataRowsAsync(SegmentRunnerGrain.DataHolder(t.LostSilo, seg.Segment, seg.Generation), sinceStart);
            seg.Generation = t.Generation;
            seg.Silo = t.NewSilo;
            // What the lost runner reported stays counted: the new one starts its counts from zero.
            seg.Carried = Progress(seg);
            seg.Last = null;
            seg.LastReportUtc = null;
            var message = $"silo {t.LostSilo} left the cluster; its segment {t.Segment} went on on silo {t.NewSilo} from " +
                          $"{MetricValues.FormatMs(t.ResumeAfter.TotalMilliseconds)}, its last report (what it measured since its last flush, " +
                          "at most about a second, is missing; what it started after its last report ran again)";
            S.Events.Add(new RunEventInfo { At = sinceStart, Kind = RunEvent.SiloLost, Message = message });
            log.LogWarning("run {RunId}: {Message}", RunId, message);
            try
            {
                await Runner(seg).Start(Assignment(seg, t.ResumeAfter, new Dictionary<string, long>(t.CompletedBefore))).WaitAsync(RunnerCallTimeout * 2);
            }
            catch (Exception e)
            {
                // The next tick sees the segment unfinished on a silo that may also be gone, and tries again.
                log.LogError(e, "run {RunId}: the takeover of segment {Segment} on {Silo} did not start", RunId, t.Segment, t.NewSilo);
            }
        }
        if (takeovers.Count > 0)
        {
            S.Silos = active.Order(StringComparer.Ordinal).ToList();
            await PersistAsync();
        }
    }

    /// <summary>
    /// The live evaluation (docs/semantics.md#when-thresholds-are-evaluated: every 2 s, on the merged data of the whole cluster): the shards' totals only,
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
        var check = ThresholdMonitor.Check(_thresholds, totals, now - S.Start!.Value);
        _liveThresholds = new ThresholdsLive
        {
            Total = check.Results.Count, Failing = check.Failing, EvaluatedUtc = now,
            Verdicts = check.Results.Select(r => new ThresholdVerdictLive
            {
                Key = r.Key, Expression = r.Expression, Passed = r.Passed || r.NoData, NoData = r.NoData, Observed = r.Observed,
            }).ToList(),
        };
        if (check.Abort is not { } abort || S.State != RunState.Running || S.StopReason is not null) return;
        S.AbortedBy = new ThresholdAbort
        {
            Key = abort.Key,
            Expression = abort.Expression,
            Observed = abort.Observed,
            Elapsed = now - S.Start.Value,
        };
        var reason = ThresholdCheck.StopReason(abort);
        log.LogInformation("run {RunId}: {Reason} at {Elapsed}s, stopping", RunId, reason, (now - S.Start.Value).TotalSeconds);
        await StopRunners(reason);
    }

    /// <summary>The live feed (docs/architecture.md#the-live-feed): once a second, the frames of the seconds that settled.</summary>
    private async Task AdvanceLiveAsync()
    {
        if (S.Start is not { } start || DateTimeOffset.UtcNow < start) return;
        _live ??= new LiveFeed(RunId, start, ScenarioNames(), frameObservers, log);
        if (!_live.Due(DateTimeOffset.UtcNow, out var upTo)) return;
        var window = new MetricTimeSeries();
        try
        {
            var shards = await Task.WhenAll(Enumerable.Range(0, HistogramGrain.Shards)
                .Select(shard => GrainFactory.GetGrain<IHistogramGrain>(HistogramGrain.Key(RunId, shard)).GetSeconds(_live.WindowStart)));
            foreach (var bytes in shards)
                if (MetricSnapshotCodec.Decode(bytes).TimeSeries is { } part) window.Merge(part);
        }
        catch (Exception e)
        {
            // A missed second is not lost: the next read covers it (late samples count in the next frame).
            log.LogWarning(e, "run {RunId}: could not read the per-second series for the live feed", RunId);
            return;
        }
        _live.Advance(window, upTo, LiveVus());
    }

    private List<string> ScenarioNames() =>
        _plan?.Scenarios.Select(sc => sc.Name).ToList() ?? S.Segments.SelectMany(Progress).Select(p => p.Name).Distinct().ToList();

    private Dictionary<string, (long Active, long Max)> LiveVus() => S.Segments.SelectMany(Progress).GroupBy(p => p.Name)
        .ToDictionary(g => g.Key, g => ((long)g.Sum(p => p.ActiveVus), (long)g.Sum(p => p.AllocatedVus)));

    private async Task FinalizeAsync()
    {
        var merged = new MetricSnapshot();
        for (var shard = 0; shard < HistogramGrain.Shards; shard++)
        {
            var bytes = await GrainFactory.GetGrain<IHistogramGrain>(HistogramGrain.Key(RunId, shard)).GetMerged();
            // The totals and the per-second series (MetricSnapshot.TimeSeries) both merge; shards hold different series.
            merged.Merge(MetricSnapshotCodec.Decode(bytes));
        }
        S.Metrics = MetricSnapshotCodec.Encode(merged);
        S.DataSources = await DataSourceTotalsAsync();
        if (S.Start is { } started)
        {
            // The last frames: the seconds left, and whatever no frame counted yet, so the frames add up to the summary.
            _live ??= new LiveFeed(RunId, started, ScenarioNames(), frameObservers, log);
            _live.Finish(merged, LiveVus());
        }
        var lasts = S.Segments.Select(s => s.Last).OfType<SegmentStatus>().ToList();
        S.End = lasts.Select(s => s.EndedUtc).Where(e => e is not null).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
        var segmentError = lasts.Select(s => s.Error).FirstOrDefault(e => e is not null);
        S.Error ??= segmentError;
        // A segment that could not deliver what it measured makes the run a failure: its numbers are incomplete.
        // A stop (the user's, or an abortOnFail threshold's: then AbortedBy says so, exit 99) makes it Interrupted.
        S.State = S.State == RunState.Failed || segmentError is not null ? RunState.Failed
            : S.StopReason is not null ? RunState.Interrupted : RunState.Completed;
        _timer?.Dispose();
        _timer = null;
        await TeardownAsync();
        await PersistAsync();
        PublishArtifacts();
        // The client reads the result right away; keep it a while for `rampa` commands that come back for it.
        DelayDeactivation(TimeSpan.FromMinutes(30));
    }

    /// <summary>The C# teardown, once, after every VU stopped and before the artifacts; one that throws makes the run fail with 107.</summary>
    private async Task TeardownAsync()
    {
        if (_plan?.Lifecycle is not { HasTeardown: true } lifecycle || S.ScenarioCodeFailed || S.Request is null) return;
        try
        {
            using var timeout = new CancellationTokenSource(LifecycleTimeout);
            await lifecycle.TeardownAsync(_plan, S.SetupData, timeout.Token);
        }
        catch (Exception e) when (e is ScenarioCodeException or OperationCanceledException)
        {
            S.ScenarioCodeFailed = true;
            S.Error ??= e is ScenarioCodeException ? e.Message : $"the teardown did not finish within {LifecycleTimeout.TotalMinutes} minutes";
            S.State = RunState.Failed;
        }
    }

    public async Task<RunStatus> GetStatus()
    {
        if (S.Artifacts is null && _publishing is { IsCompletedSuccessfully: true } done)
        {
            S.Artifacts = done.Result;
            await PersistAsync();
        }
        return Status();
    }

    public async Task Stop(string reason)
    {
        if (S.Metrics is not null || S.StopReason is not null) return;
        await StopRunners(reason);
        await PersistAsync();
    }

    private async Task StopRunners(string reason)
    {
        S.StopReason ??= reason;
        // A stop must end the run soon even if a silo never winds down: the tick then ends it with what was flushed.
        var stopBy = DateTimeOffset.UtcNow + StopGrace;
        if (S.Deadline is null || stopBy < S.Deadline) S.Deadline = stopBy;
        if (S.State is RunState.Running or RunState.Starting) S.State = RunState.Stopping;
        await Task.WhenAll(S.Segments.Select(async seg =>
        {
            try
            {
                await Runner(seg).Stop().WaitAsync(RunnerCallTimeout);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "run {RunId}: segment {Segment} did not take the stop", RunId, seg.Segment);
            }
        }));
    }

    public Task<RunResult?> GetResult() =>
        Task.FromResult(S.Metrics is null ? null : new RunResult { Status = Status(), Metrics = S.Metrics });

    private async Task PersistAsync()
    {
        _nextPersist = DateTimeOffset.UtcNow + PersistEvery;
        try
        {
            await persisted.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The run goes on in memory; the next change tries again. Only a move of this grain would lose the gap.
            log.LogWarning(e, "run {RunId}: could not persist the orchestrator's state", RunId);
        }
    }

    /// <summary>
    /// Segments that run elsewhere than on their silo (it left the cluster between the listing and the start): the
    /// run goes on, but two segments then share a silo and its numbers may be lower than planned.
    /// </summary>
    private IEnumerable<string> MisplacedSegments() => S.Segments
        .Where(seg => seg.Last is { } last && last.Silo != seg.Silo)
        .Select(seg => $"segment {seg.Segment} runs on silo {seg.Last!.Silo} instead of {seg.Silo}, which was not available");

    /// <summary>A segment's progress: its runner's last report plus what earlier runners of the segment had done.</summary>
    private static List<ScenarioProgress> Progress(SegmentRecord seg)
    {
        var now = seg.Last?.Scenarios ?? new List<ScenarioProgress>();
        if (seg.Carried.Count == 0) return now;
        return now.Concat(seg.Carried.Select(c => c with { ActiveVus = 0, AllocatedVus = 0, Done = true, PlannedIterations = 0 }))
            .GroupBy(p => p.Name).Select(g => g.Aggregate((a, b) => a.Add(b) with { PlannedIterations = a.PlannedIterations + b.PlannedIterations }))
            .ToList();
    }

    private RunStatus Status()
    {
        var lasts = S.Segments.Select(s => s.Last).OfType<SegmentStatus>().ToList();
        return new RunStatus
        {
            State = S.State,
            StartedUtc = S.Start,
            EndedUtc = S.End,
            Silos = S.Silos,
            Error = S.Error,
            StopReason = S.StopReason,
            AbortedByThreshold = S.AbortedBy,
            AbortedByScenario = S.AbortedByScenario,
            ScenarioCodeFailed = S.ScenarioCodeFailed,
            Thresholds = _liveThresholds,
            Frames = _live?.RecentFrames ?? new List<string>(),
            DataSources = S.DataSources,
            Artifacts = S.Artifacts ?? (_publishing is { IsCompletedSuccessfully: true } done ? done.Result : null),
            Events = S.Events.ToList(),
            Segments = S.Segments.Select(seg => new SegmentProgress
            {
                Segment = seg.Segment,
                Silo = seg.Silo,
                Generation = seg.Generation,
                Iterations = Progress(seg).ToDictionary(p => p.Name, p => p.Completed),
            }).ToList(),
            Failures = LiveFailures.Sum(lasts.Select(s => s.Failures)),
            Warnings = lasts.SelectMany(s => s.Warnings).Concat(MisplacedSegments()).Concat(_live?.Warnings ?? []).Distinct().ToList(),
            Scenarios = S.Segments.SelectMany(Progress).GroupBy(p => p.Name)
                .Select(g => g.Aggregate((a, b) => a.Add(b) with { PlannedIterations = a.PlannedIterations + b.PlannedIterations })).ToList(),
        };
    }
}
