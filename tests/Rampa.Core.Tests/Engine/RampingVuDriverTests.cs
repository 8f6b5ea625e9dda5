using Rampa.Core.Executors;
using Rampa.Core.Segments;
using Rampa.Core.Time;
using Xunit.Abstractions;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Engine;

/// <summary>ramping-vus run by a real <see cref="Rampa.Core.Engine.ScenarioSegmentRun"/> with a fake behaviour.</summary>
[Collection("timing")]
public sealed class RampingVuDriverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static RampingVus Ramp(int startVus, string stages, string gracefulRampDown = "30s", string gracefulStop = "30s") =>
        new() { StartVus = startVus, Stages = Stages(stages), GracefulRampDown = D(gracefulRampDown), GracefulStop = D(gracefulStop) };

    private static double Ms(long ticks) => MonotonicClock.ToMicroseconds(ticks) / 1000.0;

    [Fact]
    public async Task A_VU_removed_by_a_ramp_down_gets_gracefulRampDown_then_is_interrupted()
    {
        // VU 2 is removed at 300 ms (its iteration is cut at 400 ms); VU 1 stays to the regular end (600 ms) and its
        // iteration is cut at the hard end (800 ms). Iterations last 5 s: none completes.
        var workload = new FakeWorkload { IterationTime = TimeSpan.FromSeconds(5) };
        using var h = new SegmentHarness(Ramp(2, "300ms:2,0s:1,300ms:1", gracefulRampDown: "100ms", gracefulStop: "200ms"), workload);
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        var done = Ms(MonotonicClock.Now - h.ExecutorStart);
        Assert.Equal(2, h.Sum("interrupted_iterations"));
        Assert.Equal(0, h.Sum("iterations"));
        var byVu = workload.Iterations.ToDictionary(i => i.Vu);
        Assert.True(byVu[1].Cancelled && byVu[2].Cancelled);
        output.WriteLine($"VU 2 cut at {Ms(byVu[2].End - h.ExecutorStart):F1} ms, VU 1 at {Ms(byVu[1].End - h.ExecutorStart):F1} ms, done at {done:F1} ms");
        Assert.InRange(Ms(byVu[2].End - h.ExecutorStart), 395, 600);
        Assert.InRange(Ms(byVu[1].End - h.ExecutorStart), 795, 1100);
        Assert.InRange(done, 795, 1500);
    }

    [Fact]
    public async Task A_gracefulStop_shorter_than_gracefulRampDown_cuts_at_the_hard_end()
    {
        // VU 2 leaves at 200 ms with 10 s of ramp-down grace, but the hard end is 300 ms + 100 ms.
        var workload = new FakeWorkload { IterationTime = TimeSpan.FromSeconds(5) };
        using var h = new SegmentHarness(Ramp(2, "200ms:2,0s:1,100ms:1", gracefulRampDown: "10s", gracefulStop: "100ms"), workload);
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        Assert.Equal(2, h.Sum("interrupted_iterations"));
        Assert.All(workload.Iterations, i => Assert.InRange(Ms(i.End - h.ExecutorStart), 395, 700));
    }

    [Fact]
    public async Task VUs_start_and_stop_iterating_with_their_windows()
    {
        var plan = Ramp(0, "400ms:4,400ms:4,400ms:0");
        var workload = new FakeWorkload { IterationTime = TimeSpan.FromMilliseconds(20) };
        using var h = new SegmentHarness(plan, workload);
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        var windows = plan.VuWindows();
        const double slack = 15; // ms: a Task.Delay wake-up on a shared machine
        for (var u = 1; u <= 4; u++)
        {
            var mine = workload.Iterations.Where(i => i.Vu == u).ToList();
            Assert.NotEmpty(mine);
            var w = Assert.Single(windows[u - 1]);
            Assert.All(mine, i => Assert.InRange(Ms(i.ActualStart - h.ExecutorStart), w.Start.TotalMilliseconds, w.End.TotalMilliseconds + slack));
            output.WriteLine($"VU {u}: window {w.Start.TotalMilliseconds}-{w.End.TotalMilliseconds} ms, {mine.Count} iterations, " +
                             $"first at {mine.Min(i => Ms(i.ActualStart - h.ExecutorStart)):F1} ms, last at {mine.Max(i => Ms(i.ActualStart - h.ExecutorStart)):F1} ms");
            // It keeps iterating through its window: its last start is near the window's end.
            Assert.True(mine.Max(i => Ms(i.ActualStart - h.ExecutorStart)) > w.End.TotalMilliseconds - 20 - slack * 3);
        }
        Assert.Equal(4, h.Run.TakePeakActiveVus());
        Assert.Equal(0, h.Run.ActiveVus);
        Assert.Equal(0, h.Sum("interrupted_iterations"));
        Assert.Equal(workload.Iterations.Count, h.Sum("iterations"));
        Assert.Equal(0, h.Sum("dropped_iterations"));
    }

    [Theory]
    // VU 2 is active in [0, 200) and [400, 600) ms, iterations take 70 ms: one is in flight at 200 ms.
    [InlineData("1s", 0)]   // its grace outlasts the gap: the iteration finishes, the VU is simply needed again
    [InlineData("0s", 1)]   // no grace: the iteration in flight at 200 ms is interrupted
    public async Task A_VU_needed_again_is_reused(string gracefulRampDown, int interrupted)
    {
        var workload = new FakeWorkload { IterationTime = TimeSpan.FromMilliseconds(70) };
        using var h = new SegmentHarness(Ramp(1, "0s:2,200ms:2,0s:1,200ms:1,0s:2,200ms:2", gracefulRampDown: gracefulRampDown), workload);
        h.Start(Lead);
        await h.WaitAsync(Timeout);
        var vu2 = workload.Iterations.Where(i => i.Vu == 2).OrderBy(i => i.ActualStart).ToList();
        var starts = vu2.Select(i => Ms(i.ActualStart - h.ExecutorStart)).ToList();
        output.WriteLine("VU 2 started at " + string.Join(", ", starts.Select(t => t.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains(starts, t => t < 200);
        Assert.Contains(starts, t => t >= 400);
        Assert.DoesNotContain(starts, t => t >= 200 && t < 400); // removed: it starts nothing until it is needed again
        Assert.Equal(interrupted, h.Sum("interrupted_iterations"));
        Assert.Equal(interrupted, vu2.Count(i => i.Cancelled));
        Assert.Equal(workload.Iterations.Count - interrupted, h.Sum("iterations"));
    }

    [Theory]
    [InlineData("0,1/2,1")]
    [InlineData("0,1/3,2/3,1")]
    [InlineData("0,1/4,1")]
    public async Task Each_segment_runs_its_share_of_the_VUs(string boundaries)
    {
        var sequence = new ExecutionSegmentSequence(boundaries.Split(',').Select(b =>
        {
            var p = b.Split('/');
            return new Rational(long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p.Length > 1 ? long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture) : 1);
        }).ToArray());
        var plan = Ramp(0, "300ms:12,300ms:12,300ms:0");
        var workloads = Enumerable.Range(0, sequence.Count).Select(_ => new FakeWorkload { IterationTime = TimeSpan.FromMilliseconds(10) }).ToArray();
        var harnesses = workloads.Select((w, k) => new SegmentHarness(plan, w, k, sequence)).ToArray();
        try
        {
            var start = MonotonicClock.Now + MonotonicClock.FromTimeSpan(Lead);
            foreach (var h in harnesses) h.Start(start);
            await Task.WhenAll(harnesses.Select(h => h.WaitAsync(Timeout)));
            for (var k = 0; k < sequence.Count; k++)
            {
                var vus = workloads[k].Iterations.Select(i => i.Vu).Distinct().Order().ToList();
                Assert.Equal(sequence.IndicesOf(k, 12).Select(i => i + 1), vus); // VU u runs where u-1 is owned
                Assert.Equal(sequence.ShareOf(k, 12), harnesses[k].Run.TakePeakActiveVus());
                Assert.Equal(sequence.ShareOf(k, 12), harnesses[k].Run.AllocatedVus);
            }
        }
        finally
        {
            foreach (var h in harnesses) h.Dispose();
        }
    }
}
