using Rampa.Core.Executors;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;
using Rampa.Core.Time;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Engine.WarmUp;

/// <summary>
/// Runs the iteration path once before a run's common start, so that the JIT has compiled it when the first real
/// starts are due (measured: without it, the first ~250 starts of a 5,000/s run waited 25-90 ms for each other while the
/// VU loop, <see cref="HttpVuBehavior"/>, the HTTP client, the metric sink and the pacer's hand-off were compiled).
/// <para>
/// What runs is the real engine on a synthetic plan: one constant-arrival-rate scenario (<see cref="Rate"/>/s for
/// <see cref="Window"/>, 16 to 32 VUs) whose flow is a GET and a POST of a small JSON body with a status check, loaded by
/// the same <see cref="ScenarioLoader"/> as any file, and run by a <see cref="ScenarioSegmentRun"/> (so
/// <see cref="ArrivalRateDriver"/>, <see cref="ArrivalPacer"/>, <see cref="VuLoop"/>, <see cref="HttpVuBehavior"/> and
/// <see cref="Protocols.Http.VuHttpClient"/>) with its own <see cref="RunServices"/> and its own <see cref="MetricSink"/>.
/// Its only target is a <see cref="LoopbackHttpStub"/> on 127.0.0.1 that it starts and stops itself: nothing is sent to
/// the run's target and nothing is recorded in the run's sink. At its end it takes one snapshot of its sink and encodes,
/// decodes and merges it (the once-a-second flush path), then throws everything away.
/// </para>
/// <para>
/// Bounded: it returns by the deadline the caller gives, whatever happens (the synthetic segment is interrupted there,
/// the stub closed), and never throws: a failure is a <see cref="WarmUpResult"/> for a debug log line. HTTPS targets
/// still compile their TLS code on the first real request (the stub speaks plain HTTP).
/// </para>
/// </summary>
public static class EngineWarmUp
{
    /// <summary>
    /// Starts per second of the synthetic run: 12,000 starts in <see cref="Window"/>, far more than its VUs take (the rest
    /// are dropped, as in an overloaded run). The count is for the pacer when tiered compilation is on
    /// (<c>DOTNET_TieredCompilation=1</c>; the CLI and the silo turn it off): its loop turns once per start, and after
    /// about ten thousand turns (counted over all its runs in the process) the JIT replaces that loop on the spot
    /// (on-stack replacement), synchronously on the pacer's thread. Measured at 5,000/s: a run that does it itself, about
    /// 2 s in, stalls its starts for as long as that compilation takes; after a warm-up, the run finds the code compiled.
    /// </summary>
    public const int Rate = 80_000;
    /// <summary>How long the synthetic run starts iterations.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(150);
    /// <summary>Below this much time before the deadline a warm-up is not started at all: a cold one takes longer.</summary>
    public static readonly TimeSpan MinimumBudget = TimeSpan.FromMilliseconds(50);
    /// <summary>Time from arming the synthetic segment to its first start, so its VUs are idle and waiting by then.</summary>
    private static readonly TimeSpan ArmLead = TimeSpan.FromMilliseconds(10);
    /// <summary>How long a cut warm-up's VU loops get to end before its services are disposed regardless.</summary>
    private static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(30);

    /// <summary>The synthetic plan; the loader wants whole seconds, so the duration is cut to <see cref="Window"/> after loading.</summary>
    private const string PlanText = """
        seed: 1
        baseUrl: {{BASE}}
        scenarios:
          warm-up:
            executor: constant-arrival-rate
            rate: {{RATE}}
            timeUnit: 1s
            duration: 1s
            preAllocatedVUs: 16
            maxVUs: 32
            gracefulStop: 1s
            flow:
              - request: GET /warm-up
              - request: POST /warm-up/{{vu}}
                json: { warm: true, vu: "{{vu}}" }
                checks: { status: 200 }
        """;

    // JIT is per process, so one completed warm-up serves every later run of the process (and every silo it hosts):
    // later runs skip it, and never spend CPU on it while another run may be measuring. The one workload kind is HTTP
    // (YAML); a plan without HTTP requests gets none: code scenarios cannot be loaded yet, and their own code, which is
    // what would need compiling, is not something a synthetic run can call.
    private static readonly object Gate = new();
    private static Task<WarmUpResult>? _http;

    /// <summary>True once a warm-up of this process completed.</summary>
    public static bool IsWarm
    {
        get
        {
            lock (Gate) return _http is { IsCompletedSuccessfully: true, Result.Outcome: WarmUpOutcome.Completed };
        }
    }

    /// <summary>Forgets a completed warm-up, so the next <see cref="EnsureWarmAsync"/> runs one again (tests).</summary>
    internal static void Forget()
    {
        lock (Gate) _http = null;
    }

    /// <summary>
    /// Warms the iteration path up for <paramref name="plan"/> once per process: <see cref="WarmUpOutcome.NotNeeded"/>
    /// without HTTP requests, <see cref="WarmUpOutcome.AlreadyWarm"/> after a completed warm-up; a warm-up already under
    /// way (another silo of this process) is waited for, never past <paramref name="deadline"/>. Never throws.
    /// </summary>
    /// <param name="deadline">A <see cref="MonotonicClock"/> instant by which this returns.</param>
    public static async Task<WarmUpResult> EnsureWarmAsync(TestPlan plan, long deadline, CancellationToken cancellation = default)
    {
        var started = MonotonicClock.Now;
        if (!plan.Scenarios.Any(s => s.Workload is HttpWorkload)) return new(WarmUpOutcome.NotNeeded, TimeSpan.Zero);
        Task<WarmUpResult> warming;
        var ours = false;
        lock (Gate)
        {
            if (_http is { IsCompletedSuccessfully: true, Result.Outcome: WarmUpOutcome.Completed }) return new(WarmUpOutcome.AlreadyWarm, TimeSpan.Zero);
            if (_http is null || _http.IsCompleted)
            {
                _http = Task.Run(() => RunAsync(deadline, cancellation), CancellationToken.None);
                ours = true;
            }
            warming = _http;
        }
        if (ours) return await warming.ConfigureAwait(false); // it keeps our deadline itself and never throws
        try
        {
            return await warming.WaitAsync(Until(deadline), cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new(WarmUpOutcome.Cut, MonotonicClock.Elapsed(started), Detail: "another warm-up of this process was still running");
        }
        catch (OperationCanceledException)
        {
            return new(WarmUpOutcome.Cancelled, MonotonicClock.Elapsed(started));
        }
    }

    /// <summary>Runs one warm-up now (no once-per-process gate), returning by <paramref name="deadline"/>. Never throws.</summary>
    public static async Task<WarmUpResult> RunAsync(long deadline, CancellationToken cancellation = default)
    {
        var started = MonotonicClock.Now;
        if (Until(deadline) < MinimumBudget) return new(WarmUpOutcome.NoTime, TimeSpan.Zero);
        if (cancellation.IsCancellationRequested) return new(WarmUpOutcome.Cancelled, TimeSpan.Zero);
        var result = await RunSyntheticAsync(started, deadline, cancellation).ConfigureAwait(false);
        // Its garbage is left to the collection the segment runner makes before the start (PreStartCollection).
        return result.Outcome != WarmUpOutcome.Completed ? result : result with { Elapsed = MonotonicClock.Elapsed(started) };
    }

    private static async Task<WarmUpResult> RunSyntheticAsync(long started, long deadline, CancellationToken cancellation)
    {
        LoopbackHttpStub? stub = null;
        MetricSink? sink = null;
        RunServices? services = null;
        ScenarioSegmentRun? segment = null;
        var cleanUpLater = false;
        try
        {
            stub = new LoopbackHttpStub();
            var plan = Plan(stub.BaseUrl);
            sink = new MetricSink();
            services = new RunServices("warm-up", plan, sink);
            segment = new ScenarioSegmentRun(services, plan.Scenarios[0], ExecutionSegmentSequence.Even(1), 0, 0);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            stop.CancelAfter(Until(deadline));
            var run = segment;
            await using (stop.Token.Register(run.Interrupt).ConfigureAwait(false))
            {
                run.Arm(MonotonicClock.Now + MonotonicClock.FromTimeSpan(ArmLead));
                foreach (var vu in run.InitialVuIndices) _ = run.VuStarter(vu);
                await Task.WhenAny(run.Completion, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
            }
            if (stop.IsCancellationRequested)
            {
                // Interrupted at the deadline (or cancelled): return now; its VU loops end on their own (the stub closes
                // their connections below), and only then are the services they record into disposed.
                cleanUpLater = !run.Completion.IsCompleted;
                var outcome = cancellation.IsCancellationRequested ? WarmUpOutcome.Cancelled : WarmUpOutcome.Cut;
                return new(outcome, MonotonicClock.Elapsed(started), Completed(run), stub.Requests, stub.Port);
            }
            var iterations = FlushOnce(services, sink);
            return new(WarmUpOutcome.Completed, MonotonicClock.Elapsed(started), iterations, stub.Requests, stub.Port);
        }
        catch (Exception e)
        {
            return new(WarmUpOutcome.Failed, MonotonicClock.Elapsed(started), StubRequests: stub?.Requests ?? 0, StubPort: stub?.Port ?? 0,
                Detail: $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            stub?.Dispose();
            if (cleanUpLater) _ = DisposeWhenEndedAsync(segment!, services!, sink!);
            else
            {
                segment?.Dispose();
                services?.Dispose();
                sink?.Dispose();
            }
        }
    }

    /// <summary>The synthetic plan, through the loader like any file, aimed at <paramref name="baseUrl"/> (the stub) only.</summary>
    private static TestPlan Plan(Uri baseUrl)
    {
        var source = new ScenarioSource
        {
            FileName = "(warm-up)",
            Text = PlanText.Replace("{{BASE}}", baseUrl.ToString(), StringComparison.Ordinal)
                .Replace("{{RATE}}", Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
        };
        var plan = ScenarioLoader.Load(source, _ => null); // nothing from the machine's environment
        var scenario = plan.Scenarios[0];
        var executor = (ConstantArrivalRate)scenario.Executor with { Duration = Window };
        return plan with { Scenarios = [scenario with { Executor = executor }] };
    }

    /// <summary>What the segment runner's flusher does once a second, on the throwaway sink: snapshot, encode, decode, merge.</summary>
    private static long FlushOnce(RunServices services, MetricSink sink)
    {
        services.CollectTraffic();
        var snapshot = sink.TakeSnapshot();
        snapshot.IntervalUnixSecond = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var merged = new MetricAggregator();
        merged.Apply("warm-up", 1, MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(snapshot)));
        return (long)(merged.Total.Total(BuiltinMetrics.Iterations.Name)?.Sum ?? 0);
    }

    private static long Completed(ScenarioSegmentRun run) => Interlocked.Read(ref run.Counters.Completed);

    private static async Task DisposeWhenEndedAsync(ScenarioSegmentRun segment, RunServices services, MetricSink sink)
    {
        try
        {
            await segment.Completion.WaitAsync(CleanupLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A loop that has not ended by now never will: dispose regardless.
        }
        segment.Dispose();
        services.Dispose();
        sink.Dispose();
    }

    /// <summary>The time from now to <paramref name="deadline"/>, never negative.</summary>
    private static TimeSpan Until(long deadline)
    {
        var left = MonotonicClock.ToTimeSpan(deadline - MonotonicClock.Now);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
