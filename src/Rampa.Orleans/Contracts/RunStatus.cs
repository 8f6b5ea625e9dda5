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

    public bool IsFinished => State is RunState.Completed or RunState.Interrupted or RunState.Failed;
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
