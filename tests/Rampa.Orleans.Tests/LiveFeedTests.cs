using Microsoft.Extensions.Logging.Abstractions;
using Rampa.Core.Live;
using Rampa.Core.Metrics;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Tests;

public class LiveFeedTests
{
    private sealed class Frames : ILiveFrameObserver
    {
        public List<LiveFrame> Seen { get; } = [];
        public void OnFrame(LiveFrame frame) => Seen.Add(frame);
    }

    [Fact]
    public void A_silo_pinned_for_three_seconds_becomes_one_run_warning_while_the_frames_go_on()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(2_000);
        var observer = new Frames();
        var feed = new LiveFeed("r1", start, ["s"], [observer], NullLogger.Instance);
        var agg = new MetricAggregator();
        for (var second = 2_001; second <= 2_006; second++)
        {
            var snapshot = new MetricSnapshot { IntervalUnixSecond = second };
            var cpu = new SeriesAccumulator(MetricType.Gauge);
            cpu.Add(second <= 2_002 ? 0.4 : 0.97);
            snapshot.Set(new SeriesKey(BuiltinMetrics.GeneratorCpu, [new("silo", "10.0.0.4:11111")]), cpu);
            agg.Apply("silo", second - 2_000, snapshot);
            feed.Advance(agg.TimeSeriesFrom(feed.WindowStart), second, new Dictionary<string, (long, long)>());
            if (second < 2_005) Assert.Empty(feed.Warnings);                  // 2003, 2004: not yet three seconds
        }
        var warning = Assert.Single(feed.Warnings);
        Assert.Contains("CPU pinned: silo 10.0.0.4:11111", warning);
        Assert.Equal(6, observer.Seen.Count);
        Assert.All(observer.Seen, f => Assert.Single(f.Generators));
    }
}
