using System.Runtime.CompilerServices;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>
/// A VU's iterations. <see cref="RunOneAsync"/> runs and records one iteration for every executor; <see cref="RunAsync"/>
/// is the closed model's loop (while the gate allows, run one). An iteration cut by its cancellation (the hard stop, or a
/// ramp-down's grace running out) records no <c>iterations</c>/<c>iteration_duration</c> sample, only
/// <c>interrupted_iterations</c>. An iteration with a scheduled start (the open model) also records
/// <c>iteration_start_lag</c> (actual minus scheduled start) and <c>iteration_response_time</c> (end minus scheduled start).
/// </summary>
public static class VuLoop
{
    /// <summary>The closed model's loop: iterate while <paramref name="gate"/> allows; disposes the behaviour at the end.</summary>
    public static async Task RunAsync(VuContext vu, IVuBehavior behavior, IIterationGate gate, ScenarioSeries series,
        VuCounters counters, CancellationToken hardStop)
    {
        var iteration = new IterationContext(vu);
        try
        {
            while (!hardStop.IsCancellationRequested && gate.TryBegin())
                if (!await RunOneAsync(iteration, behavior, series, counters, hardStop).ConfigureAwait(false)) break;
        }
        finally
        {
            (behavior as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Runs one iteration and records it; false when it was interrupted by <paramref name="cancellation"/> (also when that
    /// was already cancelled: then the behaviour is not called). <paramref name="scheduledStart"/> is the open model's
    /// scheduled start (monotonic ticks), or <see cref="IterationContext.NotScheduled"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one per iteration: reuse the state machine
    public static async ValueTask<bool> RunOneAsync(IterationContext iteration, IVuBehavior behavior, ScenarioSeries series,
        VuCounters counters, CancellationToken cancellation, long scheduledStart = IterationContext.NotScheduled)
    {
        var sink = iteration.VuContext.Metrics;
        var scheduled = scheduledStart != IterationContext.NotScheduled;
        if (cancellation.IsCancellationRequested)
        {
            // Handed over (open model) but the end came first: it never ran, and counts as interrupted.
            Interlocked.Increment(ref counters.Interrupted);
            sink.Add(series.Interrupted, 1);
            return false;
        }
        var vu = iteration.VuContext;
        if (vu.Scenario.DataSources.Count > 0 && !await TakeRowsAsync(vu, cancellation).ConfigureAwait(false)) return false;
        var start = MonotonicClock.Now;
        Interlocked.Increment(ref counters.Started);
        var interrupted = false;
        try
        {
            await behavior.RunIterationAsync(iteration, cancellation).ConfigureAwait(false);
            interrupted = cancellation.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            interrupted = true;
        }
        catch (VuStopException)
        {
            // A unique data source ran out: this VU is done, nothing failed.
            Interlocked.Decrement(ref counters.Started);
            return false;
        }
        catch (Exception)
        {
            // A failing iteration is counted, never a crash: the loop goes on with the next one.
            Interlocked.Increment(ref counters.Failed);
        }
        var lag = scheduled ? MonotonicClock.ToMicroseconds(Math.Max(0, start - scheduledStart)) : 0;
        if (interrupted)
        {
            Interlocked.Increment(ref counters.Interrupted);
            if (scheduled) sink.Add([new Sample(series.Interrupted, 1), new Sample(series.IterationStartLag, lag)]);
            else sink.Add(series.Interrupted, 1);
            return false;
        }
        var end = MonotonicClock.Now;
        var micros = MonotonicClock.ToMicroseconds(end - start);
        if (scheduled)
        {
            var response = MonotonicClock.ToMicroseconds(Math.Max(0, end - scheduledStart));
            sink.Add([new Sample(series.Iterations, 1), new Sample(series.IterationDuration, micros),
                new Sample(series.IterationStartLag, lag), new Sample(series.IterationResponseTime, response)]);
        }
        else sink.Add([new Sample(series.Iterations, 1), new Sample(series.IterationDuration, micros)]);
        Interlocked.Increment(ref counters.Completed);
        iteration.Iteration++;
        return true;
    }

    /// <summary>
    /// The iteration's data rows; false when a unique source ran out (the VU starts no new iteration), or the run
    /// was asked to stop because one with <c>onExhausted: fail</c> did.
    /// </summary>
    private static async ValueTask<bool> TakeRowsAsync(VuContext vu, CancellationToken cancellation)
    {
        try
        {
            return await vu.Data.BeginIterationAsync(vu, vu.Scenario.DataSources, cancellation).ConfigureAwait(false);
        }
        catch (Data.DataExhaustedException e)
        {
            vu.Services.RequestAbort(e.Message);
            return false;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>Iteration counts of one scenario segment, for progress lines (the metrics are the record).</summary>
public sealed class VuCounters
{
    public long Started;
    public long Completed;
    public long Interrupted;
    public long Failed;
}
