using HdrHistogram;

namespace Rampa.Core.Metrics;

/// <summary>
/// The one HdrHistogram shape every Trend uses, so any two can be added: microseconds from 0 to 1h (1us resolution) at
/// 3 significant digits (about 185 KiB each), recorded by a <see cref="TrendRecorder"/>. Values outside the range are
/// clamped, never thrown.
/// </summary>
public static class TrendHistogram
{
    public const long Lowest = 1;
    public const long Highest = 3_600_000_000; // one hour in microseconds
    public const int SignificantDigits = 3;

    public static TrendRecorder Create() => new();

    /// <summary>Rounds to whole microseconds within [0, 1h]; 0 is recordable (it lands in the first bucket).</summary>
    public static long Clamp(double micros) =>
        micros <= 0 ? 0 : micros > Highest ? Highest : (long)Math.Round(micros);
}
