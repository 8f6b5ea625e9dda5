using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>End to end: retries against a target that fails twice, then succeeds.</summary>
[Collection("cli")]
public sealed class RetryTests : TargetTest
{
    /// <summary>The count of a metric's series by the value of <paramref name="tag"/> ("" when absent) and status.</summary>
    private static Dictionary<(string Tag, string Status), double> CountsBy(JsonDocument summary, string metric, string tag) =>
        summary.Metric(metric).GetProperty("series").EnumerateArray()
            .GroupBy(s => (
                s.GetProperty("tags").TryGetProperty(tag, out var t) ? t.GetString()! : "",
                s.GetProperty("tags").GetProperty("status").GetString()!))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.GetProperty("values").GetProperty("count").GetDouble()));

    [Fact]
    public async Task Three_attempts_are_counted_one_succeeds_and_the_iteration_passes()
    {
        const int iterations = 6;
        var file = Ws.Write("retry.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              flaky:
                executor: shared-iterations
                vus: 2
                iterations: {{{iterations}}}
                flow:
                  - name: flaky
                    request: GET /flaky/{{vu}}-{{iteration}}?failures=2
                    retry: { attempts: 3, on: [5xx], backoff: { base: 10ms } }
                    checks: { status: 200 }
                    abortIterationOnFail: true
            thresholds:
              checks: ["rate==1"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal("completed", summary.State());

        // Every attempt is a request: three per iteration, and the target saw each one.
        Assert.Equal(iterations, summary.Count("iterations"));
        Assert.Equal(3 * iterations, summary.Count("http_reqs"));
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        var byAttempt = CountsBy(summary, "http_reqs", "attempt");
        Assert.Equal(iterations, byAttempt[("1", "503")]);
        Assert.Equal(iterations, byAttempt[("2", "503")]);
        Assert.Equal(iterations, byAttempt[("3", "200")]);
        Assert.Equal(3, byAttempt.Count);

        // One success per iteration: the two 503s count as failed requests, the 200 does not.
        var failed = summary.Metric("http_req_failed").GetProperty("values");
        Assert.Equal(2 * iterations, failed.GetProperty("passes").GetDouble());
        Assert.Equal(iterations, failed.GetProperty("fails").GetDouble());

        // The check runs on the last attempt only, and passes.
        var checks = summary.Metric("checks").GetProperty("values");
        Assert.Equal(iterations, checks.GetProperty("passes").GetDouble());
        Assert.Equal(0, checks.GetProperty("fails").GetDouble());

        // The iteration's duration includes both backoff waits (>= 5ms and >= 10ms with the default jitter of 0.5).
        var duration = summary.Metric("iteration_duration").GetProperty("values");
        Assert.True(duration.GetProperty("min").GetDouble() >= 15, duration.ToString());
    }

    [Fact]
    public async Task A_backoff_wait_is_cut_short_by_the_end_of_the_run()
    {
        var file = Ws.Write("interrupt.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              failing:
                executor: constant-vus
                vus: 2
                duration: 1s
                gracefulStop: 0s
                flow:
                  - request: GET /status/503
                    retry: { attempts: 5, on: [5xx], backoff: { base: 30s, max: 30s, jitter: 0 } }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        using var summary = Ws.Summary();
        // Each VU sent its first attempt, then waited 30s: the run's end interrupts the wait, not the other way round.
        var duration = summary.RootElement.GetProperty("run").GetProperty("durationSeconds").GetDouble();
        Assert.True(duration < 10, $"{duration}s{Environment.NewLine}{run.Output}");
        Assert.Equal(2, summary.Count("http_reqs"));
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        Assert.Equal(2, summary.Count("interrupted_iterations"));
    }

    [Fact]
    public async Task Requests_without_a_retry_policy_carry_no_attempt_tag()
    {
        var file = Ws.Write("noretry.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            flow:
              - request: GET /flaky/{{vu}}-{{iteration}}?failures=1
                expectedStatuses: [200, 503]
            iterations: 2
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal(2, summary.Count("http_reqs"));
        Assert.Equal(Target.RequestCount, (long)summary.Count("http_reqs"));
        var byAttempt = CountsBy(summary, "http_reqs", "attempt");
        Assert.Equal(2, byAttempt[("", "503")]);
        // A per-request expectedStatuses makes the 503 an expected response.
        Assert.Equal(0, summary.Metric("http_req_failed").GetProperty("values").GetProperty("passes").GetDouble());
    }
}
