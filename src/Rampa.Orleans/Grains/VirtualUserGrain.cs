using Orleans.Placement;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Thin: looks up its silo's <see cref="LocalRun"/> and runs its loop there. Placed on the caller's silo (the
/// segment runner's), so the loop and its segment share memory, never a network hop.
/// </summary>
[PreferLocalPlacement]
public sealed class VirtualUserGrain(LocalRunRegistry registry) : Grain, IVirtualUserGrain
{
    private Task? _loop;

    public Task Start(string runId, string scenario, int vuIndex, TimeSpan keepAlive)
    {
        if (_loop is not null) return Task.CompletedTask;
        var run = registry.Find(runId, scenario, vuIndex) ?? throw new InvalidOperationException($"VU {vuIndex} of run {runId} is not known on this silo");
        var segment = run.Scenarios[scenario];
        // The loop outlives this call but must not outlive the grain: keep the activation for the whole run.
        DelayDeactivation(keepAlive);
        // The loop runs on the thread pool, off this grain's scheduler: every await inside it would otherwise hop
        // back through the activation (docs/architecture.md#measurements-behind-the-hot-path-rules). It touches no grain state.
        _loop = Task.Run(() => segment.RunVuAsync(vuIndex));
        return Task.CompletedTask;
    }

    public Task<VuLifecycle> GetState() => Task.FromResult(_loop switch
    {
        null => VuLifecycle.Spawned,
        { IsCompleted: true } => VuLifecycle.Complete,
        _ => VuLifecycle.Executing,
    });
}
