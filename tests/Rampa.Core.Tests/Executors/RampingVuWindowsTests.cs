using Rampa.Core.Executors;
using Rampa.Core.Segments;
using static Rampa.Core.Tests.Executors.ExecutorTestHelpers;

namespace Rampa.Core.Tests.Executors;

/// <summary>
/// ramping-vus as each VU follows it: the windows in which VU u is active, where its running iteration is cut, and the
/// segment property (a segment's active VUs are always its share of the planned count).
/// </summary>
public class RampingVuWindowsTests
{
    private static RampingVus Ramp(int startVus, string stages, string gracefulRampDown = "30s", string gracefulStop = "30s") =>
        new() { StartVus = startVus, Stages = Stages(stages), GracefulRampDown = D(gracefulRampDown), GracefulStop = D(gracefulStop) };

    private static string Show(IReadOnlyList<VuWindow> windows) =>
        string.Join(" ", windows.Select(w => $"[{Fmt(w.Start)},{Fmt(w.End)})cut{Fmt(w.CutAt)}"));

    private static string Fmt(TimeSpan t) => Rampa.Core.Time.DurationFormat.Format(TimeSpan.FromMilliseconds(Math.Round(t.TotalMilliseconds)));

    [Theory]
    // 0 -> 4 over 4s, hold 2s, 4 -> 0 over 4s; gracefulRampDown 1s, gracefulStop 3s (hard end 13s)
    [InlineData(0, "4s:4,2s:4,4s:0", "1s", "3s", 1, "[1s,10s)cut13s")]     // VU 1 stops when the line reaches 0: the regular end
    [InlineData(0, "4s:4,2s:4,4s:0", "1s", "3s", 2, "[2s,9s)cut10s")]
    [InlineData(0, "4s:4,2s:4,4s:0", "1s", "3s", 4, "[4s,7s)cut8s")]
    // a ramp-down grace longer than the time left: cut at the hard end
    [InlineData(0, "4s:4,2s:4,4s:0", "10s", "3s", 4, "[4s,7s)cut13s")]
    // a gracefulStop shorter than gracefulRampDown caps it
    [InlineData(0, "4s:4,2s:4,4s:0", "30s", "500ms", 3, "[3s,8s)cut10.5s")]
    // ramped down, then needed again after its grace: two windows
    [InlineData(2, "0s:1,2s:1,0s:2,2s:2", "500ms", "1s", 1, "[0s,4s)cut5s")]
    [InlineData(2, "0s:1,2s:1,0s:2,2s:2", "500ms", "1s", 2, "[2s,4s)cut5s")]   // its start at 0s is cancelled at once: no window
    [InlineData(3, "0s:2,2s:2,0s:3,2s:3", "500ms", "1s", 3, "[2s,4s)cut5s")]
    [InlineData(3, "1s:3,0s:2,2s:2,0s:3,2s:3", "500ms", "1s", 3, "[0s,1s)cut1.5s [3s,5s)cut6s")]
    // ... needed again before its grace ran out: the iteration goes on (the cut is the next window's)
    [InlineData(3, "1s:3,0s:2,300ms:2,0s:3,2s:3", "500ms", "1s", 3, "[0s,1s)cut4.3s [1.3s,3.3s)cut4.3s")]
    // a jump down and back up at the same instant is one window
    [InlineData(3, "1s:3,0s:1,0s:3,1s:3", "0s", "0s", 3, "[0s,2s)cut2s")]
    // startVUs only, no stages: active for nothing
    [InlineData(4, "", "0s", "1s", 4, "")]
    public void Windows_of_one_vu(int startVus, string stages, string rampDown, string gracefulStop, int vu, string expected)
    {
        var windows = Ramp(startVus, stages, rampDown, gracefulStop).VuWindows();
        var actual = Show(windows[vu - 1]);
        Assert.Equal(expected, actual);
    }

    public static TheoryData<int, string> Plans => new()
    {
        { 0, "10s:20,10s:0" },
        { 5, "3s:17,0s:2,4s:9,2s:9,5s:1,0s:12,1s:0" },
        { 30, "7s:3,7s:30" },
        { 1, "1s:100,1s:0,1s:100" },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void At_every_instant_the_windows_hold_the_planned_count(int startVus, string stages)
    {
        var plan = Ramp(startVus, stages);
        var windows = plan.VuWindows();
        for (var ms = 0; ms <= (int)plan.RegularDuration.TotalMilliseconds; ms += 37)
        {
            var t = TimeSpan.FromMilliseconds(ms);
            var planned = plan.PlannedVusAt(t);
            var active = Enumerable.Range(1, windows.Length).Where(u => windows[u - 1].Any(w => w.Start <= t && t < w.End)).ToList();
            if (t == plan.RegularDuration) Assert.Empty(active); // no window reaches past the regular end
            else Assert.Equal(Enumerable.Range(1, planned), active); // exactly VUs 1..planned
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void A_segment_runs_its_share_of_the_planned_count(int startVus, string stages)
    {
        var plan = Ramp(startVus, stages);
        var windows = plan.VuWindows();
        var random = new Random(startVus * 31 + stages.Length);
        for (var round = 0; round < 20; round++)
        {
            var sequence = RandomSequence(random);
            for (var ms = 0; ms < (int)plan.RegularDuration.TotalMilliseconds; ms += 53)
            {
                var t = TimeSpan.FromMilliseconds(ms);
                var planned = plan.PlannedVusAt(t);
                var total = 0L;
                for (var k = 0; k < sequence.Count; k++)
                {
                    var mine = sequence.IndicesOf(k, plan.MaxVus).Count(i => windows[i].Any(w => w.Start <= t && t < w.End));
                    Assert.Equal(sequence.ShareOf(k, planned), mine);
                    total += mine;
                }
                Assert.Equal(planned, total);
            }
        }
    }

    private static ExecutionSegmentSequence RandomSequence(Random random)
    {
        var count = random.Next(1, 9);
        var denominators = new[] { 2, 3, 4, 5, 6, 8, 10, 12 };
        var d = denominators[random.Next(denominators.Length)] * count;
        var cuts = Enumerable.Range(1, d - 1).OrderBy(_ => random.Next()).Take(count - 1).Order().ToList();
        var bounds = new List<Rational> { Rational.Zero };
        bounds.AddRange(cuts.Select(c => new Rational(c, d)));
        bounds.Add(Rational.One);
        return new ExecutionSegmentSequence(bounds);
    }
}
