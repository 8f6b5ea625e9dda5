using System.Globalization;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>
/// Reads a series' values the way reports show them: Trend statistics by name (<c>avg</c>, <c>p(95)</c>...),
/// in milliseconds for time metrics; counts and rates per second of the test.
/// </summary>
public static class MetricValues
{
    /// <summary>A trend statistic in the metric's display unit (ms for times), or null for an unknown name.</summary>
    public static double? TrendStat(SeriesAccumulator acc, MetricUnit unit, string stat)
    {
        var scale = unit == MetricUnit.Time ? 1000.0 : 1.0;
        double? raw = stat switch
        {
            "avg" => acc.Mean,
            "min" => acc.Count == 0 ? 0 : acc.Min,
            "max" => acc.Count == 0 ? 0 : acc.Max,
            "med" => acc.Percentile(50),
            "count" => acc.Count * scale,
            _ when TryPercentile(stat, out var p) => acc.Percentile(p),
            _ => null,
        };
        return raw / scale;
    }

    /// <summary>Parses <c>p(N)</c> with 0 &lt;= N &lt;= 100.</summary>
    public static bool TryPercentile(string stat, out double p)
    {
        p = 0;
        return stat.StartsWith("p(", StringComparison.Ordinal) && stat.EndsWith(')')
            && double.TryParse(stat.AsSpan(2, stat.Length - 3), NumberStyles.Float, CultureInfo.InvariantCulture, out p)
            && p is >= 0 and <= 100;
    }

    public static double PerSecond(double value, TimeSpan duration) => duration.TotalSeconds > 0 ? value / duration.TotalSeconds : 0;

    /// <summary>A duration in ms shown as k6 does: 812.5µs, 12.34ms, 1.5s, 1m2s.</summary>
    public static string FormatMs(double ms)
    {
        if (ms < 1) return (ms * 1000).ToString("0.##", CultureInfo.InvariantCulture) + "µs";
        if (ms < 1000) return ms.ToString("0.##", CultureInfo.InvariantCulture) + "ms";
        var s = ms / 1000;
        if (s < 60) return s.ToString("0.##", CultureInfo.InvariantCulture) + "s";
        // Round to tenths of a second first, so 119.96s carries into "2m0s" instead of showing "1m60s".
        var tenths = (long)Math.Round(s * 10, MidpointRounding.AwayFromZero);
        var m = tenths / 600;
        return $"{m}m{((tenths - m * 600) / 10.0).ToString("0.#", CultureInfo.InvariantCulture)}s";
    }

    /// <summary>Bytes in decimal units as k6 shows them: 812 B, 1.2 kB, 3.4 MB.</summary>
    public static string FormatBytes(double bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        var u = 0;
        while (bytes >= 1000 && u < units.Length - 1) { bytes /= 1000; u++; }
        return u == 0 ? $"{bytes.ToString("0", CultureInfo.InvariantCulture)} B" : $"{bytes.ToString("0.#", CultureInfo.InvariantCulture)} {units[u]}";
    }

    public static string FormatNumber(double v) =>
        Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A rate for a figure or a table cell: at most 2 decimals (98.2, 24.55, 1,204).</summary>
    public static string FormatRateShort(double perSecond) =>
        perSecond >= 1000 ? perSecond.ToString("#,0", CultureInfo.InvariantCulture)
        : perSecond >= 100 ? perSecond.ToString("0.#", CultureInfo.InvariantCulture)
        : perSecond.ToString("0.##", CultureInfo.InvariantCulture);

    public static string FormatRate(double perSecond) =>
        perSecond >= 100 ? perSecond.ToString("0.0", CultureInfo.InvariantCulture) : perSecond.ToString("0.00####", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
}
