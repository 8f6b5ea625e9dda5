using Orleans.Concurrency;

namespace Rampa.Orleans.Grains;

/// <summary>Where a VU is in its life (docs/architecture.md#grains).</summary>
public enum VuLifecycle { Spawned, Ready, Executing, Complete }

/// <summary>
/// One VU (key: <c>{runId}/{scenario}/{vuIndex}</c>), placed on the silo of the segment runner that starts it.
/// It owns the VU's loop: starts it off the grain's scheduler (faster than awaiting I/O on it, docs/architecture.md#measurements-behind-the-hot-path-rules),
/// and reports its state. The loop records metrics locally and makes no grain call.
/// </summary>
[Alias("Rampa.IVirtualUserGrain")]
public interface IVirtualUserGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(string runId, string scenario, int vuIndex, TimeSpan keepAlive);

    [Alias("GetState"), AlwaysInterleave]
    Task<VuLifecycle> GetState();
}
