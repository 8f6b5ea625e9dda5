using Rampa.Core.Engine;
using Rampa.Core.Executors;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// One run on one silo: the run services (plan, metric sink, HTTP clients) and this silo's segment of every
/// scenario. Shared in memory by the segment runner and the VU grains of the same silo, never across silos.
/// </summary>
public sealed class LocalRun : IDisposable
{
    /// <param name="resumeAfter">For a takeover: the time since the run's start from which this segment resumes a dead silo's share.</param>
    /// <param name="completedBefore">For a takeover: iterations per scenario the dead silo reported done.</param>
    /// <param name="setupData">What the run's C# setup returned (JSON), for its VUs.</param>
    /// <param name="dataCoordinator">Each sequential or unique data source's coordinator (the run's data grains); null: in this process.</param>
    public LocalRun(string runId, TestPlan plan, int segment, int segmentCount, TimeSpan resumeAfter = default,
        IReadOnlyDictionary<string, long>? completedBefore = null, string? setupData = null,
        Func<Rampa.Core.Data.DataSource, Rampa.Core.Data.IRowLeaseClient>? dataCoordinator = null)
    {
        RunId = runId;
        Segment = segment;
        Sink = new MetricSink();
        Services = new RunServices(runId, plan, Sink)
        {
            SetupData = setupData,
            Data = dataCoordinator is null ? null! : new Rampa.Core.Data.RunData(plan.Data, plan.Seed, dataCoordinator),
        };
        var segments = ExecutionSegmentSequence.Even(segmentCount);
        long vuOffset = 0;
        foreach (var scenario in plan.Scenarios)
        {
            var resume = resumeAfter > TimeSpan.Zero || completedBefore is not null
                ? new SegmentResume(resumeAfter > scenario.Executor.StartTime ? resumeAfter - scenario.Executor.StartTime : TimeSpan.Zero,
                    completedBefore?.GetValueOrDefault(scenario.Name) ?? 0)
                : SegmentResume.None;
            Scenarios[scenario.Name] = new ScenarioSegmentRun(Services, scenario, segments, segment, vuOffset, resume);
            vuOffset += scenario.Executor.MaxVus;
        }
        VusId = Sink.Register(BuiltinMetrics.Vus, []);
        VusMaxId = Sink.Register(BuiltinMetrics.VusMax, []);
    }

    public string RunId { get; }
    public int Segment { get; }
    public MetricSink Sink { get; }
    /// <summary>The verdicts of this silo's requests so far, fed by the flusher's snapshots (the live failure alert).</summary>
    public Rampa.Core.Failures.FailureTally Failures { get; } = new();
    public RunServices Services { get; }
    public Dictionary<string, ScenarioSegmentRun> Scenarios { get; } = new(StringComparer.Ordinal);
    public int VusId { get; }
    public int VusMaxId { get; }

    /// <summary>
    /// Samples the vus and vus_max gauges (once a second, before each snapshot). <c>vus</c> is the peak of the last
    /// second, so a short run still shows its VUs; after the run's end only <c>vus_max</c> is sampled, and only when
    /// no sample was taken yet, so the last value stays what the run had, not 0.
    /// </summary>
    public void SampleGauges(bool final)
    {
        if (final && _sampled) return;
        _sampled = true;
        Sink.Add(VusId, Scenarios.Values.Sum(s => s.TakePeakActiveVus()));
        Sink.Add(VusMaxId, Scenarios.Values.Sum(s => s.AllocatedVus));
    }

    private bool _sampled;

    public void Interrupt()
    {
        foreach (var s in Scenarios.Values) s.Interrupt();
    }

    public void Dispose()
    {
        foreach (var s in Scenarios.Values) s.Dispose();
        Services.Dispose();
        Sink.Dispose();
    }
}
