using Rampa.Cli;
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
}
