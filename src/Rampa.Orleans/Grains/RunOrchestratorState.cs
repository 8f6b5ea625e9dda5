using Rampa.Orleans.Contracts;

namespace Rampa.Orleans.Grains;

/// <summary>
/// What the orchestrator persists (grain storage) so that losing its own silo does not lose the run: it reactivates
/// elsewhere, reads this, and carries on following the segments (or finishes the run with what was measured).
/// Written at every change of lifecycle, at each takeover, and every second while the run goes on (a takeover after a
/// reactivation resumes from the last reports written here).
/// </summary>
[GenerateSerializer, Alias("Rampa.RunOrchestratorState")]
public sealed class RunOrchestratorState
{
    [Id(0)] public RunState State { get; set; } = RunState.Pending;
    [Id(1)] public RunRequest? Request { get; set; }
    [Id(2)] public List<string> Silos { get; set; } = new();
    [Id(3)] public List<SegmentRecord> Segments { get; set; } = new();
    [Id(4)] public DateTimeOffset? Start { get; set; }
    [Id(5)] public DateTimeOffset? End { get; set; }
    [Id(6)] public DateTimeOffset? Deadline { get; set; }
    [Id(7)] public string? Error { get; set; }
    [Id(8)] public string? StopReason { get; set; }
    [Id(9)] public ThresholdAbort? AbortedBy { get; set; }
    [Id(10)] public bool Overran { get; set; }
    [Id(11)] public List<RunEventInfo> Events { get; set; } = new();
    /// <summary>The merged metrics, once the run is finalized.</summary>
    [Id(12)] public byte[]? Metrics { get; set; }
    [Id(13)] public ArtifactOutcome? Artifacts { get; set; }
    /// <summary>What the C# setup returned (JSON), handed to every segment (also to a takeover's).</summary>
    [Id(14)] public string? SetupData { get; set; }
    /// <summary>Why a C# scenario stopped the run (exit 108).</summary>
    [Id(15)] public string? AbortedByScenario { get; set; }
    /// <summary>The setup or teardown threw (exit 107).</summary>
    [Id(16)] public bool ScenarioCodeFailed { get; set; }
    /// <summary>The data sources' final counts (from their coordinators), once the run is finalized.</summary>
    [Id(17)] public List<DataSourceInfo> DataSources { get; set; } = new();
}

/// <summary>One segment: the runner that has it now (silo, generation) and what it last reported.</summary>
[GenerateSerializer, Alias("Rampa.SegmentRecord")]
public sealed class SegmentRecord
{
    [Id(0)] public int Segment { get; set; }
    [Id(1)] public int Generation { get; set; }
    [Id(2)] public string Silo { get; set; } = "";
    [Id(3)] public SegmentStatus? Last { get; set; }
    /// <summary>The progress earlier runners of this segment reported before they were lost.</summary>
    [Id(5)] public List<ScenarioProgress> Carried { get; set; } = new();
    /// <summary>When its current runner last reported (a takeover resumes from there).</summary>
    [Id(6)] public DateTimeOffset? LastReportUtc { get; set; }
}
