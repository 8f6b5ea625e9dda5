using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>
/// One closed-model VU's loop: while the gate allows, run an iteration and record it. An iteration cut by the hard
/// stop records no <c>iterations</c>/<c>iteration_duration</c> sample, only <c>interrupted_iterations</c>.
/// </summary>
public static class VuLoop
{
    public static async Task RunAsync(VuContext vu, IVuBehavior behavior, IIterationGate gate, ScenarioSeries series,
        VuCounters counters, CancellationToken hardStop)
    {
        var iteration = new IterationContext(vu);
        var sink = vu.Metrics;
        while (!hardStop.IsCancellationRequested && gate.TryBegin())
        {
            var start = MonotonicClock.Now;
            Interlocked.Increment(ref counters.Started);
            var interrupted = false;
            try
            {
                await behavior.RunIterationAsync(iteration, hardStop).ConfigureAwait(false);
                interrupted = hardStop.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (Exception)
            {
                // A failing iteration is counted, never a crash: the loop goes on with the next one.
                Interlocked.Increment(ref counters.Failed);
            }
            if (interrupted)
            {
                Interlocked.Increment(ref counters.Interrupted);
                sink.Add(series.Interrupted, 1);
                break;
            }
            var micros = MonotonicClock.ToMicroseconds(MonotonicClock.Now - start);
            Span<Sample> samples = [new(series.Iterations, 1), new(series.IterationDuration, micros)];
            sink.Add(samples);
            Interlocked.Increment(ref counters.Completed);
            iteration.Iteration++;
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
