using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rampa.Core.Time;

/// <summary>
/// Parses and prints k6-style durations: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1m30s</c>, <c>1.5s</c>, <c>250us</c>.
/// A bare number is rejected: a unit is always required, so "30" never silently means 30 ms or 30 s.
/// </summary>
public static partial class DurationFormat
{
    [GeneratedRegex(@"\G(?<n>\d+(?:\.\d+)?)(?<u>h|ms|m|s|us|µs)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s == "0") return true;
        var pos = 0;
        double totalTicks = 0;
        while (pos < s.Length)
        {
            var m = Part().Match(s, pos);
            if (!m.Success || m.Index != pos) return false;
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            totalTicks += m.Groups["u"].Value switch
            {
                "h" => n * TimeSpan.TicksPerHour,
                "m" => n * TimeSpan.TicksPerMinute,
                "s" => n * TimeSpan.TicksPerSecond,
                "ms" => n * TimeSpan.TicksPerMillisecond,
                _ => n * TimeSpan.TicksPerMicrosecond,
            };
            pos += m.Length;
        }
        if (totalTicks > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)Math.Round(totalTicks));
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a duration (expected e.g. 500ms, 30s, 5m, 1h, 1m30s)");

    /// <summary>Prints the shortest exact form: 1m30s, 500ms, 0s.</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0s";
        var sb = new StringBuilder();
        if (d < TimeSpan.Zero) { sb.Append('-'); d = d.Negate(); }
        if (d.Ticks % TimeSpan.TicksPerMillisecond != 0)
            return sb.Append((d.Ticks / (double)TimeSpan.TicksPerMicrosecond).ToString("0.###", CultureInfo.InvariantCulture)).Append("us").ToString();
        var h = (long)d.TotalHours;
        if (h > 0) sb.Append(h).Append('h');
        if (d.Minutes > 0) sb.Append(d.Minutes).Append('m');
        if (d.Seconds > 0 || d.Milliseconds > 0)
        {
            if (d.Milliseconds > 0 && d.Seconds == 0 && sb.Length == 0) sb.Append(d.Milliseconds).Append("ms");
            else if (d.Milliseconds > 0) sb.Append((d.Seconds + d.Milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
            else sb.Append(d.Seconds).Append('s');
        }
        return sb.ToString();
    }
}
