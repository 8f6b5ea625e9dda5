using Rampa.Core.Engine;
using Rampa.Core.Executors;
using Rampa.Core.Segments;
using Rampa.Core.Time;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Engine;

/// <summary>
/// A segment taken over from a dead silo (<see cref="SegmentResume"/>) does only what was still to do: the schedule from
/// the takeover on, the VUs from then on, the iterations not yet reported done.
/// </summary>
[Collection("timing")]
public sealed class SegmentResumeTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Arrival_rate_starts_only_the_schedule_from_the_takeover_on_with_the_same_indices()
    {
        var executor = new ConstantArrivalRate { Rate = 50, Duration = D("2s"), TimeUnit = D("1s"), PreAllocatedVus = 5 };
        var workload = new FakeWorkload();
        using var h = new SegmentHarness(executor, workload, resume: new SegmentResume(TimeSpan.FromSeconds(1), 0));
        h.Start(Lead);
        await h.WaitAsync(Timeout);

        var indices = workload.Iterations.Select(i => i.ScheduledIndex).Order().ToList();
        Assert.Equal(Enumerable.Range(50, 50).Select(i => (long)i), indices);
        Assert.All(workload.Iterations, i => Assert.True(i.ScheduledStart - h.ExecutorStart >= MonotonicClock.FromTimeSpan(TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public async Task Two_halves_of_a_schedule_taken_over_at_the_same_instant_add_up_to_the_rest_of_it()
    {
        var executor = new ConstantArrivalRate { Rate = 40, Duration = D("1s"), TimeUnit = D("1s"), PreAllocatedVus = 4 };
        var segments = ExecutionSegmentSequence.Even(2);
        var seen = new List<long>();
        foreach (var segment in new[] { 0, 1 })
        {
            var workload = new FakeWorkload();
            using var h = new SegmentHarness(executor, workload, segment, segments, resume: new SegmentResume(TimeSpan.FromMilliseconds(500), 0));
            h.Start(Lead);
            await h.WaitAsync(Timeout);
            seen.AddRange(workload.Iterations.Select(i => i.ScheduledIndex));
        }
        Assert.Equal(Enumerable.Range(20, 20).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public async Task Shared_iterations_run_only_what_the_dead_silo_had_not_reported_done()
    {
        var executor = new SharedIterations { Vus = 3, Iterations = 40 };
        var workload = new FakeWorkload();
        using var h = new SegmentHarness(executor, workload, resume: new SegmentResume(TimeSpan.FromMilliseconds(10), 15));
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        Assert.Equal(25, workload.Iterations.Count);
        Assert.Equal(25, h.Run.IterationShare);
    }

    [Fact]
    public async Task Per_vu_iterations_take_each_VUs_average_of_the_completed_off_its_count()
    {
        var executor = new PerVuIterations { Vus = 4, Iterations = 10 };
        var workload = new FakeWorkload();
        using var h = new SegmentHarness(executor, workload, resume: new SegmentResume(TimeSpan.FromMilliseconds(10), 20));
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        Assert.Equal(20, workload.Iterations.Count);
        Assert.All(workload.Iterations.GroupBy(i => i.Vu), g => Assert.Equal(5, g.Count()));
    }

    [Fact]
    public async Task Constant_vus_start_at_the_takeover()
    {
        var executor = new ConstantVus { Vus = 2, Duration = D("600ms") };
        var workload = new FakeWorkload { IterationTime = TimeSpan.FromMilliseconds(50) };
        using var h = new SegmentHarness(executor, workload, resume: new SegmentResume(TimeSpan.FromMilliseconds(400), 0));
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        Assert.NotEmpty(workload.Iterations);
        Assert.All(workload.Iterations, i => Assert.True(i.ActualStart - h.ExecutorStart >= MonotonicClock.FromTimeSpan(TimeSpan.FromMilliseconds(400))));
    }

    [Fact]
    public async Task Ramping_vus_skip_windows_that_ended_before_the_takeover()
    {
        var executor = new RampingVus { StartVus = 2, Stages = Stages("300ms:2,0s:0,300ms:0,0s:1,300ms:1"), GracefulRampDown = D("0s") };
        var workload = new FakeWorkload { IterationTime = TimeSpan.FromMilliseconds(20) };
        using var h = new SegmentHarness(executor, workload, resume: new SegmentResume(TimeSpan.FromMilliseconds(450), 0));
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        // Only the last window (600..900 ms, one VU) is after the takeover.
        Assert.NotEmpty(workload.Iterations);
        Assert.All(workload.Iterations, i => Assert.True(i.ActualStart - h.ExecutorStart >= MonotonicClock.FromTimeSpan(TimeSpan.FromMilliseconds(590))));
        Assert.Single(workload.Iterations.Select(i => i.Vu).Distinct());
    }
}
