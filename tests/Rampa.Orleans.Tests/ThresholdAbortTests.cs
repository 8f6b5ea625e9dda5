using Rampa.Core;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Grains;
using Rampa.Orleans.Reporting;

namespace Rampa.Orleans.Tests;

/// <summary>The orchestrator's live threshold evaluation (every 2 s, on the merged data) with a real silo and the demo target.</summary>
[Collection("silo")]
public sealed class ThresholdAbortTests(SiloFixture silo)
{
    [Fact]
    public async Task An_abortOnFail_threshold_stops_the_run_within_2_to_4_seconds_of_delayAbortEval()
    {
        var request = silo.Request("""
            scenarios:
              failing:
                executor: constant-vus
                vus: 2
                duration: 60s
                thinkTime: 20ms
                flow: [{ request: GET /status/500 }]
            thresholds:
              http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true, delayAbortEval: 2s }]
              http_req_duration: ["p(95)<10000"]
            """);
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        DateTimeOffset? abortSeen = null;
        ThresholdsLive? live = null;
        var result = await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(30), s =>
        {
            if (s.AbortedByThreshold is not null) abortSeen ??= DateTimeOffset.UtcNow;
            live = s.Thresholds ?? live;
        });
        var status = result.Status;
        var start = status.StartedUtc!.Value;
        var delay = TimeSpan.FromSeconds(2);

        Assert.Equal(RunState.Interrupted, status.State);
        Assert.NotNull(status.AbortedByThreshold);
        Assert.Equal("http_req_failed", status.AbortedByThreshold.Key);
        Assert.Equal("rate<0.1", status.AbortedByThreshold.Expression);
        Assert.Equal(1.0, status.AbortedByThreshold.Observed);
        Assert.Equal("threshold 'http_req_failed: rate<0.1' crossed (abortOnFail)", status.StopReason);
        // Crossed at the first evaluation that counts (2 s after the start, evaluations every 2 s) and stopped: the run
        // ended no earlier than delayAbortEval and within 4 s of it.
        Assert.InRange(status.AbortedByThreshold.Elapsed, delay, delay + TimeSpan.FromSeconds(2));
        var ended = status.EndedUtc!.Value - start;
        Assert.InRange(ended, delay, delay + TimeSpan.FromSeconds(4));
        Assert.NotNull(abortSeen);
        Assert.InRange(abortSeen.Value - start, delay, delay + TimeSpan.FromSeconds(4));
        // The live state the progress line shows: one of the two expressions failing.
        Assert.NotNull(live);
        Assert.Equal(2, live.Total);
        Assert.Equal(1, live.Failing);

        var metrics = MetricSnapshotCodec.Decode(result.Metrics);
        Assert.True(metrics.Total("http_reqs")!.Sum > 10);
        Assert.Equal(metrics.Total("http_req_failed")!.Count, metrics.Total("http_req_failed")!.NonZero);

        // The report: aborted (not a user's interrupt), exit 99, the final verdicts evaluated on the final data.
        var report = RunReportFactory.Create(request, request.LoadPlan(), result);
        Assert.Equal("aborted-by-threshold", report.State);
        Assert.Equal(ExitCodes.ThresholdsFailed, report.ExitCode);
        Assert.Equal("http_req_failed: rate<0.1", report.AbortedBy);
        var failed = report.Thresholds.Single(t => t.Key == "http_req_failed");
        Assert.False(failed.Passed);
        Assert.True(failed.AbortedRun);
        Assert.Equal(1.0, failed.Observed);
        Assert.True(report.Thresholds.Single(t => t.Key == "http_req_duration").Passed);
        var text = SummaryTextRenderer.Render(report);
        Assert.Contains("ABORTED by threshold 'http_req_failed: rate<0.1'", text);
        Assert.Contains("✗ 'rate<0.1' rate=100.00%  ← aborted the run (abortOnFail)", text);
    }

    [Fact]
    public async Task A_threshold_without_abortOnFail_never_stops_the_run_and_a_user_stop_stays_an_interrupt()
    {
        var request = silo.Request("""
            scenarios:
              failing:
                executor: constant-vus
                vus: 1
                duration: 60s
                thinkTime: 50ms
                flow: [{ request: GET /status/500 }]
            thresholds:
              http_req_failed: ["rate<0.1"]
            """);
        var grain = silo.Client.GetGrain<IRunOrchestratorGrain>(request.RunId);
        await grain.Start(request);
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var running = await grain.GetStatus();
        Assert.Equal(RunState.Running, running.State);
        Assert.Null(running.AbortedByThreshold);
        Assert.Equal(1, running.Thresholds?.Failing);
        await grain.Stop("test");
        var result = await SiloFixture.WaitAsync(grain, TimeSpan.FromSeconds(15));
        Assert.Equal(RunState.Interrupted, result.Status.State);
        Assert.Null(result.Status.AbortedByThreshold);
        var report = RunReportFactory.Create(request, request.LoadPlan(), result);
        Assert.Equal("interrupted", report.State);
        Assert.Equal(ExitCodes.Interrupted, report.ExitCode);
        Assert.Null(report.AbortedBy);
    }
}
