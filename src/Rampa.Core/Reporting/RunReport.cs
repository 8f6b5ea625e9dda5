using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>
/// Everything the end-of-test summary and summary.json show: the run's metadata and its merged metrics.
/// Built once at the end of a run from what the cluster measured.
/// </summary>
public sealed record RunReport
{
    public required string RunId { get; init; }
    public string? Name { get; init; }
    public required string ScenarioFile { get; init; }
    public required string ScenarioHash { get; init; }
    public required DateTimeOffset StartUtc { get; init; }
    public required DateTimeOffset EndUtc { get; init; }
    public required IReadOnlyList<string> Silos { get; init; }
    public required string RampaVersion { get; init; }
    public long Seed { get; init; }
    /// <summary>
    /// completed, interrupted (by the user), aborted-by-threshold (an <c>abortOnFail</c> threshold stopped the run) or
    /// failed.
    /// </summary>
    public required string State { get; init; }
    public string? StopReason { get; init; }
    /// <summary>The <c>abortOnFail</c> threshold that stopped the run, as <c>key: expression</c>; null otherwise.</summary>
    public string? AbortedBy { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<ScenarioSummary> Scenarios { get; init; } = [];
    public required MetricSnapshot Metrics { get; init; }
    /// <summary>The run's per-second series of every series (points keyed by UTC second; see <see cref="MetricTimeSeries"/>).</summary>
    public MetricTimeSeries TimeSeries { get; init; } = new();

    private MetricTimeSeries? _timeSeriesByMetric;

    /// <summary>
    /// Every metric's per-second series merged over its tag sets (<see cref="MetricTimeSeries.ByMetric"/>), keyed by the
    /// metric without tags: computed from <see cref="TimeSeries"/>, or as summary.json stored it.
    /// </summary>
    public MetricTimeSeries TimeSeriesByMetric
    {
        get => _timeSeriesByMetric ??= TimeSeries.ByMetric();
        init => _timeSeriesByMetric = value;
    }
    public IReadOnlyList<string> TrendStats { get; init; } = Rampa.Core.Scenarios.TestPlan.DefaultTrendStats;
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>What happened to the cluster during the run (a silo lost and its segment taken over), in time order.</summary>
    public IReadOnlyList<RunEvent> Events { get; init; } = [];
    /// <summary>How the work was spread: each segment's silo (the last one, after a takeover) and its iterations by scenario.</summary>
    public IReadOnlyList<SegmentSummary> Segments { get; init; } = [];
    /// <summary>The run's data sources and what was used of them (empty without a <c>data:</c> section).</summary>
    public IReadOnlyList<DataSourceSummary> DataSources { get; init; } = [];
    public IReadOnlyList<Thresholds.ThresholdResult> Thresholds { get; init; } = [];
    public int ExitCode { get; init; }
    /// <summary>Whether the load generator was the bottleneck (<see cref="SaturationJudge"/>), with its evidence.</summary>
    public SaturationVerdict Saturation { get; init; } = SaturationVerdict.NotSaturated;

    /// <summary>
    /// The run's verdict (docs/semantics.md#generator-saturation): <c>inconclusive</c> when the generator was saturated
    /// and the run got as far as a threshold verdict (exit code 0 or 99), since that verdict measured the generator as
    /// much as the target; else <c>passed</c> for exit code 0 and <c>failed</c> for anything else.
    /// </summary>
    /// <summary>
    /// The process's exit code: <see cref="ExitCode"/>, except that with <paramref name="failOnSaturation"/>
    /// (<c>--fail-on-saturation</c>) a passing run whose generator was saturated exits with
    /// <see cref="ExitCodes.GeneratorSaturated"/>. A failing run keeps its own code: it already fails the CI.
    /// </summary>
    public int ProcessExitCode(bool failOnSaturation) =>
        failOnSaturation && Saturation.Saturated && ExitCode == ExitCodes.Passed ? ExitCodes.GeneratorSaturated : ExitCode;

    public string Verdict => Saturation.Saturated && ExitCode is ExitCodes.Passed or ExitCodes.ThresholdsFailed ? "inconclusive"
        : ExitCode == ExitCodes.Passed ? "passed" : "failed";

    /// <summary>The test's duration: from the common start to the end of the last silo's share.</summary>
    public TimeSpan Duration => EndUtc > StartUtc ? EndUtc - StartUtc : TimeSpan.Zero;
}

/// <summary>One execution segment of the run: where it ran last, how many runners it had, what it completed.</summary>
public sealed record SegmentSummary(int Segment, string Silo, int Generation, IReadOnlyDictionary<string, long> Iterations)
{
    public bool Equals(SegmentSummary? other) => other is not null && Segment == other.Segment && Silo == other.Silo &&
        Generation == other.Generation && Iterations.Count == other.Iterations.Count &&
        Iterations.All(kv => other.Iterations.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Segment, Silo, Generation);
}

/// <summary>One scenario as it ran.</summary>
public sealed record ScenarioSummary(string Name, string Executor, int MaxVus, long Completed, long Interrupted, TimeSpan StartTime, TimeSpan RegularDuration, TimeSpan GracefulStop);
