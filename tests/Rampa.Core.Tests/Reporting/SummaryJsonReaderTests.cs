using System.Text;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using Rampa.Core.Thresholds;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class SummaryJsonReaderTests
{
    private static RunReport FullReport()
    {
        var report = Report(SampleMetrics(),
        [
            new("http_req_duration", "p(95)<2", 1.9, true, false),
            new("http_req_failed", "rate<0.01", 0.25, false, true) { AbortedRun = true },
            new("http_req_blocked", "p(95)<1", null, true, false),
        ]);
        return report with
        {
            TimeSeries = SampleTimeSeries(report.StartUtc.ToUnixTimeSeconds()),
            StopReason = "threshold crossed",
            AbortedBy = "http_req_failed: rate<0.01",
            Error = "a silo failed",
            Saturation = new SaturationVerdict(true, ["late starts: iteration_start_lag p(99) was 412ms", "CPU pinned: silo a"]),
            TrendStats = ["avg", "p(99.9)"],
            Events = [new RunEvent(TimeSpan.FromSeconds(12.5), RunEvent.SiloLost, "silo b was lost; its segment 1 continued on silo a")],
            Segments = [new SegmentSummary(0, "a", 0, new Dictionary<string, long> { ["s"] = 60 }), new SegmentSummary(1, "a", 1, new Dictionary<string, long> { ["s"] = 60 })],
        };
    }

    private static RunReport RoundTrip(RunReport report) => SummaryJsonReader.Read(new MemoryStream(SummaryJsonWriter.Write(report)));

    [Fact]
    public void Reading_and_writing_again_gives_the_same_bytes()
    {
        var first = SummaryJsonWriter.Write(FullReport());
        var again = SummaryJsonWriter.Write(SummaryJsonReader.Read(new MemoryStream(first)));
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(again));
    }

    [Fact]
    public void Restores_the_run_metadata_scenarios_and_thresholds()
    {
        var original = FullReport();
        var read = RoundTrip(original);
        Assert.Equal(original.RunId, read.RunId);
        Assert.Equal(original.Name, read.Name);
        Assert.Equal(original.StartUtc, read.StartUtc);
        Assert.Equal(original.EndUtc, read.EndUtc);
        Assert.Equal(original.Silos, read.Silos);
        Assert.Equal(original.Seed, read.Seed);
        Assert.Equal(original.AbortedBy, read.AbortedBy);
        Assert.Equal(original.TrendStats, read.TrendStats);
        Assert.Equal(original.ExitCode, read.ExitCode);
        Assert.Equal(original.Scenarios, read.Scenarios);
        Assert.Equal(original.Thresholds, read.Thresholds);
        Assert.True(read.Thresholds[1].AbortedRun);
        Assert.Equal(original.Warnings, read.Warnings);
        Assert.Equal(original.Events, read.Events);
        Assert.Equal(original.Segments, read.Segments);
        Assert.Equal(original.Saturation, read.Saturation);
        Assert.Equal("inconclusive", read.Verdict);
    }

    [Fact]
    public void Any_percentile_can_be_read_again_from_the_encoded_histograms()
    {
        var original = FullReport();
        var read = RoundTrip(original);
        foreach (var (key, acc) in original.Metrics.Series)
        {
            var back = read.Metrics.Series[key];
            Assert.Equal(acc.Count, back.Count);
            Assert.Equal(acc.Sum, back.Sum);
            Assert.Equal(acc.NonZero, back.NonZero);
            if (acc.Type != MetricType.Trend) continue;
            foreach (var p in new[] { 1, 50, 90, 99, 99.9, 99.99 })
                Assert.Equal(acc.Percentile(p), back.Percentile(p));
        }
    }

    [Fact]
    public void The_per_second_series_keep_their_figures_and_stored_percentiles()
    {
        var original = FullReport();
        var read = RoundTrip(original);
        var duration = new SeriesKey(BuiltinMetrics.HttpReqDuration, [T("name", "home")]);
        var before = original.TimeSeries.Points(duration);
        var after = read.TimeSeries.Points(duration);
        Assert.Equal(before.Select(p => p.Second), after.Select(p => p.Second));
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Count, after[i].Count);
            foreach (var p in SeriesPoint.StoredPercentiles) Assert.Equal(before[i].Percentile(p), after[i].Percentile(p), 6);
        }
        Assert.Throws<InvalidOperationException>(() => after[0].Percentile(99.9));
        // The per-metric series come back as written (exact merges over tag sets, not re-merged).
        var reqs = read.TimeSeriesByMetric.Points(new SeriesKey(BuiltinMetrics.HttpReqs, []));
        Assert.Equal([20.0, 44, 60], reqs.Select(p => p.Sum));
    }

    [Fact]
    public void The_histogram_text_is_the_standard_HdrHistogram_V2_encoding()
    {
        var acc = Of(MetricType.Trend, Enumerable.Range(1, 10_000).Select(i => i * 7.0));
        var text = TrendHistogramEncoding.ToBase64(acc.Histogram!);
        // Cookie 0x1c849313 (V2 base 0x1c849303 | 0x10, the LEB128 counts flag, as Java writes it), big-endian: "HISTEw".
        Assert.StartsWith("HISTEw", text);
        var back = TrendHistogramEncoding.FromBase64(text);
        Assert.Equal(acc.Histogram!.TotalCount, back.TotalCount);
        Assert.Equal(acc.Histogram.GetValueAtPercentile(99.9), back.GetValueAtPercentile(99.9));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"version\": 1}", "$.version: 1 is not supported")]
    [InlineData("{\"version\": 2}", "$.run: missing")]
    public void A_bad_file_names_the_place(string json, string message)
    {
        var e = Assert.Throws<SummaryFormatException>(() => SummaryJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_corrupt_histogram_names_its_series()
    {
        var json = Encoding.UTF8.GetString(SummaryJsonWriter.Write(FullReport()));
        var at = json.IndexOf("\"histogram\": \"", StringComparison.Ordinal) + 14;
        var broken = json[..at] + "AAAA" + json[(at + 4)..];
        var e = Assert.Throws<SummaryFormatException>(() => SummaryJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(broken))));
        Assert.Contains(".raw.histogram", e.Message);
    }
}
