using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rampa.Core.Engine;
using Rampa.Core.Engine.WarmUp;
using Rampa.Core.Executors;
using Rampa.Core.Metrics;
using Rampa.Core.Scenarios;
using Rampa.Core.Segments;
using Rampa.Core.Tests.Support;
using Rampa.Core.Time;
using Xunit.Abstractions;

namespace Rampa.Core.Tests.Engine;

/// <summary>
/// The warm-up through the real engine and a real loopback stub: it completes before its deadline and frees its port,
/// keeps a deadline that is short or already past, stops when cancelled, runs once per process, and touches neither the
/// run's target nor the run's metrics.
/// </summary>
[Collection("timing")]
public sealed class EngineWarmUpTests(ITestOutputHelper output)
{
    static EngineWarmUpTests()
    {
        // As in SegmentHarness: early in a test run the host blocks every pool thread of a 2-core machine for ~600 ms
        // (measured), which delays the deadline's timer as much. These tests time the warm-up, not the host.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
    }

    private static long In(TimeSpan span) => MonotonicClock.Now + MonotonicClock.FromTimeSpan(span);

    [Fact]
    public async Task Completes_before_its_deadline_against_its_own_stub_and_closes_it()
    {
        var deadline = In(TimeSpan.FromSeconds(10));
        var result = await EngineWarmUp.RunAsync(deadline);
        var returned = MonotonicClock.Now;
        output.WriteLine(result.ToString());

        Assert.Equal(WarmUpOutcome.Completed, result.Outcome);
        Assert.True(returned < deadline, "returned after its deadline");
        Assert.InRange(result.Iterations, 1, 12_000); // 80,000/s for 150 ms; starts that found every VU busy are dropped
        Assert.Equal(2 * result.Iterations, result.StubRequests); // a GET and a POST per iteration, all to the stub
        AssertClosed(result.StubPort);
    }

    [Fact]
    public async Task A_deadline_already_past_or_too_close_returns_at_once_having_done_nothing()
    {
        foreach (var deadline in new[] { MonotonicClock.Now - MonotonicClock.FromTimeSpan(TimeSpan.FromSeconds(1)), In(TimeSpan.FromMilliseconds(10)) })
        {
            var clock = Stopwatch.StartNew();
            var result = await EngineWarmUp.RunAsync(deadline);
            Assert.Equal(WarmUpOutcome.NoTime, result.Outcome);
            Assert.Equal(0, result.StubPort); // no stub was even started
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(50), $"took {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
    }

    [Fact]
    public async Task A_short_deadline_cuts_the_warm_up_there_and_still_closes_the_stub()
    {
        var deadline = In(TimeSpan.FromMilliseconds(80)); // the synthetic run alone needs 160 ms
        var result = await EngineWarmUp.RunAsync(deadline);
        var late = MonotonicClock.ToTimeSpan(MonotonicClock.Now - deadline);
        output.WriteLine($"{result}; returned {late.TotalMilliseconds:F1} ms after the deadline");

        Assert.Equal(WarmUpOutcome.Cut, result.Outcome);
        Assert.True(late < TimeSpan.FromMilliseconds(100), $"returned {late.TotalMilliseconds:F1} ms after its deadline");
        AssertClosed(result.StubPort);
    }

    [Fact]
    public async Task Cancelling_stops_it_at_once()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        var clock = Stopwatch.StartNew();
        var result = await EngineWarmUp.RunAsync(In(TimeSpan.FromSeconds(10)), cancel.Token);
        Assert.Equal(WarmUpOutcome.Cancelled, result.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
        AssertClosed(result.StubPort);
    }

    [Fact]
    public async Task Sends_nothing_to_the_runs_target_records_nothing_in_its_sink_and_the_run_keeps_its_exact_count()
    {
        using var target = new LoopbackHttpStub(); // stands in for the run's target: it counts what reaches it
        var plan = ScenarioFiles.Load($"""
            seed: 3
            baseUrl: {target.BaseUrl}
            scenarios:
              open:
                executor: constant-arrival-rate
                rate: 20
                duration: 1s
                preAllocatedVUs: 4
                flow:
                  - request: GET /run
            """);
        // As the segment runner does: the run's sink, services and segment exist before the warm-up.
        using var sink = new MetricSink();
        using var services = new RunServices("run", plan, sink);
        using var segment = new ScenarioSegmentRun(services, plan.Scenarios[0], ExecutionSegmentSequence.Even(1), 0, 0);

        EngineWarmUp.Forget();
        var result = await EngineWarmUp.EnsureWarmAsync(plan, In(TimeSpan.FromSeconds(10)));
        output.WriteLine(result.ToString());
        Assert.Equal(WarmUpOutcome.Completed, result.Outcome);
        Assert.True(result.StubRequests > 0);
        Assert.True(EngineWarmUp.IsWarm);
        Assert.Equal(0, target.Accepted);
        Assert.Equal(0, target.Requests);
        Assert.True(sink.TakeSnapshot().Series.All(s => s.Value.Count == 0), "the warm-up recorded into the run's sink");

        // Once per process: the next run skips it.
        Assert.Equal(WarmUpOutcome.AlreadyWarm, (await EngineWarmUp.EnsureWarmAsync(plan, In(TimeSpan.FromSeconds(10)))).Outcome);

        // The run itself then makes exactly its scheduled iterations, each one request to its target.
        segment.Arm(In(TimeSpan.FromMilliseconds(50)));
        foreach (var vu in segment.InitialVuIndices) _ = Task.Run(() => segment.RunVuAsync(vu));
        await segment.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        var metrics = sink.TakeSnapshot();
        Assert.Equal(20, metrics.Total("iterations")!.Sum);
        Assert.Equal(20, metrics.Total("http_reqs")!.Sum);
        Assert.Equal(20, target.Requests);
    }

    [Fact]
    public async Task A_plan_without_HTTP_requests_needs_no_warm_up()
    {
        var plan = new TestPlan
        {
            Scenarios = [new ScenarioPlan { Name = "code", Executor = new ConstantVus { Vus = 1, Duration = TimeSpan.FromSeconds(1) }, Workload = new FakeWorkload() }],
        };
        var result = await EngineWarmUp.EnsureWarmAsync(plan, In(TimeSpan.FromSeconds(10)));
        Assert.Equal(WarmUpOutcome.NotNeeded, result.Outcome);
        Assert.Equal(0, result.StubPort);
    }

    /// <summary>Nothing listens on the stub's port any more, and it can be bound again.</summary>
    private static void AssertClosed(int port)
    {
        Assert.NotEqual(0, port);
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            var refused = Assert.Throws<SocketException>(() => socket.Connect(IPAddress.Loopback, port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        LoopbackHttpStubTests.AssertPortFree(port);
    }
}
