using System.Collections.Concurrent;

namespace Rampa.Orleans.Runtime;

/// <summary>A silo singleton: the runs this silo takes part in, by run id.</summary>
public sealed class LocalRunRegistry
{
    private readonly ConcurrentDictionary<string, LocalRun> _runs = new(StringComparer.Ordinal);

    public LocalRun GetOrAdd(string runId, Func<LocalRun> create) => _runs.GetOrAdd(runId, _ => create());

    public LocalRun? Find(string runId) => _runs.GetValueOrDefault(runId);

    public void Remove(string runId)
    {
        if (_runs.TryRemove(runId, out var run)) run.Dispose();
    }
}
