using System.Collections.Concurrent;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// A silo singleton: the runs this silo takes part in. A silo usually holds one segment of a run; after a takeover
/// (a dead silo's segment resumed here) it holds two, so runs are kept per (run id, segment, generation), and a VU
/// finds its own by the VU index, which belongs to exactly one segment.
/// </summary>
public sealed class LocalRunRegistry
{
    private readonly ConcurrentDictionary<(string RunId, int Segment, int Generation), LocalRun> _runs = new();

    public LocalRun GetOrAdd(string runId, int segment, int generation, Func<LocalRun> create) =>
        _runs.GetOrAdd((runId, segment, generation), _ => create());

    /// <summary>The segment of <paramref name="runId"/> on this silo that owns VU <paramref name="vuIndex"/> of <paramref name="scenario"/>.</summary>
    public LocalRun? Find(string runId, string scenario, int vuIndex) =>
        _runs.Where(r => r.Key.RunId == runId).Select(r => r.Value)
            .FirstOrDefault(r => r.Scenarios.TryGetValue(scenario, out var s) && s.VuIndices.Contains(vuIndex));

    public void Remove(string runId, int segment, int generation)
    {
        if (_runs.TryRemove((runId, segment, generation), out var run)) run.Dispose();
    }
}
