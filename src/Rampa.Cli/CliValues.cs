using System.Globalization;
using Rampa.Core.Time;

namespace Rampa.Cli;

/// <summary>Reads option values; every mistake is a <see cref="CliUsageException"/> naming the option and the value.</summary>
internal static class CliValues
{
    public static string NonEmpty(string option, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new CliUsageException($"option {option} needs a non-empty value") : text;

    public static long PositiveInt(string option, string text, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v <= 0 || v > max)
            throw new CliUsageException($"option {option}: '{text}' is not a whole number between 1 and {max}");
        return v;
    }

    public static TimeSpan Duration(string option, string text)
    {
        if (!DurationFormat.TryParse(text, out var d) || d <= TimeSpan.Zero)
            throw new CliUsageException($"option {option}: '{text}' is not a positive duration (e.g. 500ms, 30s, 5m, 1m30s)");
        return d;
    }

    public static string HttpUrl(string option, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
            throw new CliUsageException($"option {option}: '{text}' is not an absolute http(s) URL");
        return text;
    }

    public static KeyValuePair<string, string> NameValue(string option, string text)
    {
        var at = text.IndexOf('=');
        if (at <= 0) throw new CliUsageException($"option {option}: '{text}' is not NAME=VALUE");
        return new(text[..at], text[(at + 1)..]);
    }

    /// <summary>k6's list: avg, min, med, max, count, p(N) with 0 &lt;= N &lt;= 100, comma separated.</summary>
    public static IReadOnlyList<string> TrendStats(string option, string text)
    {
        var stats = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (stats.Length == 0) throw new CliUsageException($"option {option} needs a list such as avg,p(95),p(99.9)");
        foreach (var stat in stats)
            if (stat is not ("avg" or "min" or "med" or "max" or "count") && !Rampa.Core.Reporting.MetricValues.TryPercentile(stat, out _))
                throw new CliUsageException($"option {option}: '{stat}' is not a trend statistic (avg, min, med, max, count or p(N) with 0 <= N <= 100)");
        return stats;
    }
}
