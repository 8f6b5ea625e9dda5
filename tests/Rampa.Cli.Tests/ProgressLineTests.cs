using Rampa.Cli;
using Rampa.Cli.Live;
using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Tests;

public sealed class ProgressLineTests
{
    [Fact]
    public void Shows_elapsed_vus_iterations_and_each_scenarios_share_of_its_duration()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var status = new RunStatus
        {
            State = RunState.Running,
            StartedUtc = start,
            Scenarios =
            [
                new ScenarioProgress { Name = "smoke", Executor = "constant-vus", ActiveVus = 8, AllocatedVus = 10, Completed = 523, Interrupted = 1, RegularDuration = TimeSpan.FromSeconds(10) },
                new ScenarioProgress { Name = "late", Executor = "constant-vus", AllocatedVus = 2, StartTime = TimeSpan.FromSeconds(10), RegularDuration = TimeSpan.FromSeconds(10) },
            ],
        };
        var line = ProgressLine.Render(status, start + TimeSpan.FromSeconds(5));
        Assert.Equal("running (00m05.0s), 8/12 VUs, 523 complete and 1 interrupted iterations  smoke [ 50%]  late [  0%]", line);
    }

    [Fact]
    public void Warns_once_nearly_every_request_fails_for_a_network_reason()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var status = new RunStatus
        {
            State = RunState.Running,
            StartedUtc = start,
            Failures = LiveFailures.Sum([
                new LiveFailures { Requests = 600, Classes = [new LiveFailureClass { Code = 1212, Name = "connection refused", Count = 600, Message = "connect to 127.0.0.1:5081: Connection refused" }] },
                new LiveFailures { Requests = 400, Classes = [new LiveFailureClass { Code = 1212, Name = "connection refused", Count = 400 }] },
            ]),
        };
        Assert.Equal("⚠ 100% of requests fail: connection refused (connect to 127.0.0.1:5081: Connection refused) — is the target up?", ProgressLine.Alert(status));
        Assert.EndsWith("  ⚠ failing", ProgressLine.Render(status, start + TimeSpan.FromSeconds(2)), StringComparison.Ordinal);
    }

    [Fact]
    public void Says_nothing_while_the_target_answers()
    {
        var status = new RunStatus
        {
            State = RunState.Running,
            Failures = new LiveFailures { Requests = 100, Classes = [new LiveFailureClass { Code = 1500, Name = "HTTP 500", Count = 100 }] },
        };
        Assert.Null(ProgressLine.Alert(status));
        Assert.Null(ProgressLine.Alert(new RunStatus { State = RunState.Running }));
        Assert.DoesNotContain("⚠", ProgressLine.Render(status, DateTimeOffset.UtcNow), StringComparison.Ordinal);
    }

    [Fact]
    public void Gains_the_latest_frames_rate_p95_and_failed_share()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var status = new RunStatus
        {
            State = RunState.Running,
            StartedUtc = start,
            Scenarios = [new ScenarioProgress { Name = "smoke", Executor = "constant-vus", ActiveVus = 10, AllocatedVus = 10, Completed = 40, RegularDuration = TimeSpan.FromSeconds(10) }],
        };
        var frame = new LiveFrame
        {
            RunId = "r", Second = 1, Elapsed = 1, Interval = LiveCounts.Zero, Totals = new LiveCounts { Requests = 400, Failures = 2 },
            Rate = 98.24, Latency = new LiveLatency { P95 = 3.125 }, Scenarios = [], Requests = [],
        };
        Assert.Equal("running (00m05.0s), 10/10 VUs, 40 complete and 0 interrupted iterations, 98.24 req/s, p(95)=3.13ms, 0.50% failed  smoke [ 50%]",
            ProgressLine.Render(status, start + TimeSpan.FromSeconds(5), frame));
    }

    [Fact]
    public void Plain_lines_come_every_5_s_off_a_terminal_with_each_new_warning_once()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var output = new StringWriter { NewLine = "\n" };
        var progress = new ConsoleProgress(output, quiet: false, tty: false);
        var status = new RunStatus { State = RunState.Running, StartedUtc = start, Warnings = ["the load generator is saturated"] };
        for (var s = 0; s <= 10; s++) progress.Update(status, [], start + TimeSpan.FromSeconds(s));
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(["⚠ warning: the load generator is saturated", "running (00m00.0s), 0/0 VUs, 0 complete and 0 interrupted iterations  ",
                      "running (00m05.0s), 0/0 VUs, 0 complete and 0 interrupted iterations  ", "running (00m10.0s), 0/0 VUs, 0 complete and 0 interrupted iterations  "], lines);
    }
}
