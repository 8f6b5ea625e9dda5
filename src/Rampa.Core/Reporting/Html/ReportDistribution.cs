using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting.Html;

/// <summary>One request name's (or all requests') counts per range of <see cref="ResponseTimeDistribution.Ranges"/>.</summary>
/// <param name="NoResponse">Requests that failed before any response (status 0): their duration says nothing of the target.</param>
public sealed record DistributionSeries(string Name, IReadOnlyList<long> Counts, long NoResponse)
{
    public long Total => Counts.Sum() + NoResponse;
}

/// <summary>
/// How many requests took how long, Gatling-style: counts of http_req_duration per range (&lt; 100 µs … ≥ 10 s), for all
/// requests and per request name (and per name and method where a name had several methods). Read from each series'
/// merged HdrHistogram, so the counts are exact per histogram bucket; a value is placed by its bucket's highest
/// equivalent value (3 significant digits: a sample within 0.1% of a range's edge may land in the next range).
/// Requests that failed before any response (status 0) are counted apart, not as "fast".
/// </summary>
public sealed record ResponseTimeDistribution(IReadOnlyList<string> Ranges, IReadOnlyList<DistributionSeries> Series)
{
    public const string AllRequests = "All requests";

    /// <summary>The upper edges of the ranges, in milliseconds; the last range has none.</summary>
    public static readonly double[] EdgesMs = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

    public DistributionSeries All => Series[0];

    public static ResponseTimeDistribution Build(RunReport report)
    {
        var series = report.Metrics.OfMetric(BuiltinMetrics.HttpReqDuration.Name).ToList();
        var perMs = series.FirstOrDefault().Key?.Metric.Unit == MetricUnit.Time ? 1000.0 : 1.0;
        var groups = new List<(string Name, List<KeyValuePair<SeriesKey, SeriesAccumulator>> Series)> { (AllRequests, series) };
        foreach (var byName in series.Where(s => s.Key.Tag("name") is not null).GroupBy(s => s.Key.Tag("name")!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            groups.Add((byName.Key, byName.ToList()));
            var byMethod = byName.Where(s => s.Key.Tag("method") is not null).GroupBy(s => s.Key.Tag("method")!).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (byMethod.Count > 1) groups.AddRange(byMethod.Select(m => ($"{byName.Key} · {m.Key}", m.ToList())));
        }
        var counted = groups.Select(g => Count(g.Name, g.Series, perMs)).ToList();

        // Only the ranges from the first to the last one with a sample: a table of empty rows reads worse.
        var all = counted[0].Counts;
        var first = Enumerable.Range(0, all.Count).FirstOrDefault(i => all[i] > 0, 0);
        var last = Enumerable.Range(0, all.Count).LastOrDefault(i => all[i] > 0, -1);
        var labels = Labels();
        return new ResponseTimeDistribution(
            [.. labels.Skip(first).Take(last - first + 1)],
            [.. counted.Select(c => c with { Counts = [.. c.Counts.Skip(first).Take(last - first + 1)] })]);
    }

    private static DistributionSeries Count(string name, IEnumerable<KeyValuePair<SeriesKey, SeriesAccumulator>> series, double perMs)
    {
        var counts = new long[EdgesMs.Length + 1];
        long noResponse = 0;
        var values = new List<long>();
        var bucketCounts = new List<long>();
        foreach (var (key, acc) in series)
        {
            if (key.Tag("status") == "0") { noResponse += acc.Count; continue; }
            if (acc.Histogram is not { } h) continue;
            values.Clear();
            bucketCounts.Clear();
            h.CopyBuckets(values, bucketCounts);
            for (var i = 0; i < values.Count; i++) counts[RangeOf(values[i] / perMs)] += bucketCounts[i];
        }
        return new DistributionSeries(name, counts, noResponse);
    }

    /// <summary>The index of the range holding <paramref name="ms"/>: the first whose upper edge is above it.</summary>
    public static int RangeOf(double ms)
    {
        var i = 0;
        while (i < EdgesMs.Length && ms >= EdgesMs[i]) i++;
        return i;
    }

    /// <summary>"&lt; 100 µs", "100–200 µs", …, "500 ms–1 s", …, "≥ 10 s".</summary>
    public static IReadOnlyList<string> Labels()
    {
        var labels = new List<string> { "< " + Time(EdgesMs[0]) };
        for (var i = 1; i < EdgesMs.Length; i++)
        {
            string from = Time(EdgesMs[i - 1]), to = Time(EdgesMs[i]);
            var unit = to[(to.IndexOf(' ') + 1)..];
            labels.Add(from.EndsWith(" " + unit, StringComparison.Ordinal) ? $"{from[..from.IndexOf(' ')]}–{to}" : $"{from}–{to}");
        }
        labels.Add("≥ " + Time(EdgesMs[^1]));
        return labels;
    }

    private static string Time(double ms) =>
        ms < 1 ? N(ms * 1000) + " µs" : ms < 1000 ? N(ms) + " ms" : N(ms / 1000) + " s";

    private static string N(double v) => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
