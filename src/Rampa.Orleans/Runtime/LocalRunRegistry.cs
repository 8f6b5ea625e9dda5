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
    /// <summary>Final statuses of segments that ended here, kept a while (see <see cref="Finish"/>).</summary>
    private readonly ConcurrentDictionary<(string RunId, int Segment, int Generation), (Contracts.SegmentStatus Status, DateTimeOffset At)> _finished = new();
    private static readonly TimeSpan KeepFinished = TimeSpan.FromMinutes(30);

    public LocalRun GetOrAdd(string runId, int segment, int generation, Func<LocalRun> create) =>
        _runs.GetOrAdd((runId, segment, generation), _ => create());

    /// <summary>The segment of <paramref name="runId"/> on this silo that owns VU <paramref name="vuIndex"/> of <paramref name="scenario"/>.</summary>
    public LocalRun? Find(string runId, string scenario, int vuIndex) =>
        _runs.Where(r => r.Key.RunId == runId).Select(r => r.Value)
            .FirstOrDefault(r => r.Scenarios.TryGetValue(scenario, out var s) && s.VuIndices.Contains(vuIndex));

    public LocalRun? Find(string runId, int segment, int generation) => _runs.GetValueOrDefault((runId, segment, generation));

    /// <summary>Segments running (or about to start) on this silo.</summary>
    public int LiveCount => _runs.Count;

    public void Remove(string runId, int segment, int generation)
    {
        if (_runs.TryRemove((runId, segment, generation), out var run)) run.Dispose();
    }

    /// <summary>
    /// Ends a segment on this silo and keeps its final status: when a silo dies, the grain directory may lose the
    /// runner's entry and the next call creates a fresh runner activation on the same (pinned) silo; that activation
    /// answers with the live run or this final status instead of "never started".
    /// </summary>
    public void Finish(string runId, int segment, int generation, Contracts.SegmentStatus final)
    {
        _finished[(runId, segment, generation)] = (final, DateTimeOffset.UtcNow);
        Remove(runId, segment, generation);
        foreach (var (key, (_, at)) in _finished)
            if (DateTimeOffset.UtcNow - at > KeepFinished) _finished.TryRemove(key, out _);
    }

    public Contracts.SegmentStatus? Finished(string runId, int segment, int generation) =>
        _finished.TryGetValue((runId, segment, generation), out var f) ? f.Status : null;
}
