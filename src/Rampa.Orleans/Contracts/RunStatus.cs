namespace Rampa.Orleans.Contracts;

/// <summary>A run's progress, polled once a second by the client for its live line.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.RunStatus")]
public sealed record RunStatus
{
    [Id(0)] public RunState State { get; init; }
    [Id(1)] public DateTimeOffset? StartedUtc { get; init; }
    [Id(2)] public DateTimeOffset? EndedUtc { get; init; }
    [Id(3)] public List<ScenarioProgress> Scenarios { get; init; } = new();
    [Id(4)] public List<string> Silos { get; init; } = new();
    [Id(5)] public string? Error { get; init; }
    [Id(6)] public string? StopReason { get; init; }
    /// <summary>Things the user must know about the numbers, e.g. a metric whose tag sets were folded.</summary>
    [Id(7)] public List<string> Warnings { get; init; } = new();
    /// <summary>
    /// Set when an <c>abortOnFail</c> threshold stopped the run (its state is then <see cref="RunState.Interrupted"/>,
    /// but not by the user: exit 99, not 105).
    /// </summary>
    [Id(8)] public ThresholdAbort? AbortedByThreshold { get; init; }
    /// <summary>The live threshold state at the last evaluation (every 2 s); null before the first or without thresholds.</summary>
    [Id(9)] public ThresholdsLive? Thresholds { get; init; }
    /// <summary>Set once the finished run's artifacts are written (and uploaded, or kept locally); null until then.</summary>
    [Id(10)] public ArtifactOutcome? Artifacts { get; init; }
    /// <summary>What happened to the cluster during the run (a silo lost, its segment taken over), in time order.</summary>
    [Id(11)] public List<RunEventInfo> Events { get; init; } = new();
    /// <summary>Each segment: the silo running it now, its runner's generation, and the iterations it completed.</summary>
    [Id(12)] public List<SegmentProgress> Segments { get; init; } = new();
    /// <summary>Requests so far and their failures by class, summed over the segments' last reports; null before any.</summary>
    [Id(13)] public LiveFailures? Failures { get; init; }
    /// <summary>A C# scenario stopped the run (<c>worker.Abort</c>, exit 108): its reason.</summary>
    [Id(14)] public string? AbortedByScenario { get; init; }
    /// <summary>The scenario's code failed where the run could not go on (its setup threw): exit 107.</summary>
    [Id(15)] public bool ScenarioCodeFailed { get; init; }
    /// <summary>
    /// The newest live frames (at most 10, oldest first), each one JSON line of schemas/rampa-live.schema.json
    /// (Rampa.Core.Live.LiveFrameJson): the merged view of one second. A client keeps the ones newer than it has seen.
    /// </summary>
    [Id(16)] public List<string> Frames { get; init; } = new();
    /// <summary>The run's data sources and what was used of them, once the run is finalized.</summary>
    [Id(17)] public List<DataSourceInfo> DataSources { get; init; } = new();

    public bool IsFinished => State is RunState.Completed or RunState.Interrupted or RunState.Failed;
}

/// <summary>One segment's share of the work so far (all its runners, when it was taken over).</summary>
[GenerateSerializer, Immutable, Alias("Rampa.SegmentProgress")]
public sealed record SegmentProgress
{
    [Id(0)] public int Segment { get; init; }
    [Id(1)] public required string Silo { get; init; }
    [Id(2)] public int Generation { get; init; }
    /// <summary>Completed iterations by scenario.</summary>
    [Id(3)] public Dictionary<string, long> Iterations { get; init; } = new();
}

/// <summary>A run event (see Rampa.Core.Reporting.RunEvent): when (time since the start), what kind, and what it means.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.RunEventInfo")]
public sealed record RunEventInfo
{
    [Id(0)] public TimeSpan At { get; init; }
    [Id(1)] public required string Kind { get; init; }
    [Id(2)] public required string Message { get; init; }
}

/// <summary>The <c>abortOnFail</c> threshold that stopped a run: its key, expression, the value it had, and when.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.ThresholdAbort")]
public sealed record ThresholdAbort
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Expression { get; init; }
    [Id(2)] public double? Observed { get; init; }
    /// <summary>Time since the run's start when it was crossed.</summary>
    [Id(3)] public TimeSpan Elapsed { get; init; }
}

/// <summary>The thresholds at the orchestrator's last live evaluation.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.ThresholdsLive")]
public sealed record ThresholdsLive
{
    /// <summary>Expressions in the plan.</summary>
    [Id(0)] public int Total { get; init; }
    /// <summary>Expressions failing now (series without samples are skipped).</summary>
    [Id(1)] public int Failing { get; init; }
    [Id(2)] public DateTimeOffset EvaluatedUtc { get; init; }
    /// <summary>Each expression's verdict at that evaluation, in the plan's order.</summary>
    [Id(3)] public List<ThresholdVerdictLive> Verdicts { get; init; } = new();
}

/// <summary>One data source as the run used it (see Rampa.Core.Reporting.DataSourceSummary).</summary>
[GenerateSerializer, Immutable, Alias("Rampa.DataSourceInfo")]
public sealed record DataSourceInfo
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string File { get; init; }
    [Id(2)] public required string Mode { get; init; }
    [Id(3)] public long Rows { get; init; }
    [Id(4)] public long? Used { get; init; }
    [Id(5)] public long Lost { get; init; }
    [Id(6)] public long Wraps { get; init; }
    [Id(7)] public bool Exhausted { get; init; }
}

/// <summary>One threshold expression at the last live evaluation.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.ThresholdVerdictLive")]
public sealed record ThresholdVerdictLive
{
    /// <summary>The metric or series it judges, e.g. <c>http_req_duration{name:home}</c>.</summary>
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Expression { get; init; }
    [Id(2)] public bool Passed { get; init; }
    /// <summary>Its series had no samples yet: not judged.</summary>
    [Id(3)] public bool NoData { get; init; }
    [Id(4)] public double? Observed { get; init; }
}

/// <summary>One scenario's progress, summed over the silos.</summary>
[GenerateSerializer, Immutable, Alias("Rampa.ScenarioProgress")]
public sealed record ScenarioProgress
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Executor { get; init; }
    [Id(2)] public int ActiveVus { get; init; }
    [Id(3)] public int AllocatedVus { get; init; }
    [Id(4)] public long Completed { get; init; }
    [Id(5)] public long Interrupted { get; init; }
    [Id(6)] public TimeSpan StartTime { get; init; }
    [Id(7)] public TimeSpan RegularDuration { get; init; }
    [Id(8)] public TimeSpan GracefulStop { get; init; }
    [Id(9)] public bool Done { get; init; }
    /// <summary>The iterations the executor plans (iteration executors), else 0.</summary>
    [Id(10)] public long PlannedIterations { get; init; }

    public ScenarioProgress Add(ScenarioProgress other) => this with
    {
        ActiveVus = ActiveVus + other.ActiveVus,
        AllocatedVus = AllocatedVus + other.AllocatedVus,
        Completed = Completed + other.Completed,
        Interrupted = Interrupted + other.Interrupted,
        Done = Done && other.Done,
    };
}

/// <summary>
/// The finished run: its status and the merged metrics of every silo (MetricSnapshotCodec bytes): the run's totals and,
/// in <see cref="Rampa.Core.Metrics.MetricSnapshot.TimeSeries"/>, the per-second series of every series.
/// </summary>
[GenerateSerializer, Immutable, Alias("Rampa.RunResult")]
public sealed record RunResult
{
    [Id(0)] public required RunStatus Status { get; init; }
    [Id(1)] public required byte[] Metrics { get; init; }
}
