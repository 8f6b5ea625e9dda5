using Orleans.Concurrency;

using Rampa.Orleans.Contracts;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Runs one silo's segment of a run (key: <c>{runId}/{segment}@{silo}</c>, see SiloPinnedKey): creates the silo-local run services, starts the
/// VU grains of its segment on its own silo, flushes metrics, and reports when its share is done.
/// </summary>
[Alias("Rampa.ISegmentRunnerGrain")]
public interface ISegmentRunnerGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(SegmentAssignment assignment);

    [Alias("GetStatus"), AlwaysInterleave]
    Task<SegmentStatus> GetStatus();

    [Alias("Stop"), AlwaysInterleave]
    Task Stop();
}
