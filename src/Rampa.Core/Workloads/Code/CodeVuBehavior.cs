using System.Runtime.CompilerServices;
using Rampa.Core.Engine;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// One VU of a C# scenario: runs its class's VU init once, then the scenario method once per iteration. An exception
/// ends the iteration and is counted (<c>iteration_errors</c>, by type and place); <see cref="Worker.Abort"/> stops the run.
/// </summary>
internal sealed class CodeVuBehavior(CodeWorker worker, CodeScenarioState state, Func<Worker, ValueTask> entry, Func<Worker, ValueTask>? vuInit)
    : IVuBehavior, IDisposable
{
    private bool _initialised = vuInit is null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // per iteration: reuse the state machine
    public async ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellation)
    {
        worker.Begin(iteration, cancellation);
        if (!_initialised)
        {
            _initialised = true;
            if (!await RunAsync(vuInit!, cancellation).ConfigureAwait(false)) return;
        }
        if (!await RunAsync(entry, cancellation).ConfigureAwait(false))
            throw new ScenarioIterationFailed(); // counted once above; the loop counts the iteration as failed
    }

    /// <summary>Runs user code; false when it threw (counted) or aborted the run.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // per iteration
    private async ValueTask<bool> RunAsync(Func<Worker, ValueTask> code, CancellationToken cancellation)
    {
        try
        {
            await code(worker).ConfigureAwait(false);
            return true;
        }
        catch (RunAbortedException)
        {
            return true; // the run is stopping (the abort is recorded in the run's services)
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw; // the run's end cut it: an interrupted iteration, not an error
        }
        catch (Exception e)
        {
            state.Error(e);
            return false;
        }
    }

    public void Dispose() => worker.Dispose();
}

/// <summary>Tells the VU loop an iteration failed (its exception was already counted by the scenario).</summary>
internal sealed class ScenarioIterationFailed() : Exception("the scenario's iteration threw; see iteration_errors");
