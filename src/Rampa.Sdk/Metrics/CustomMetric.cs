using System.Text.RegularExpressions;

namespace Rampa.Sdk;

/// <summary>What kind of custom metric: how its values aggregate (as k6's metric types).</summary>
public enum CustomMetricKind { Counter, Gauge, Rate, Trend }

/// <summary>
/// A custom metric. Declare it once as a static field of a scenario class, so that thresholds can name it and its type
/// is known before the run: <c>static readonly Trend LoginTime = new("login_time", isTime: true);</c>. Its values merge
/// across VUs and silos like the built-in metrics and appear in the summary, summary.json, metrics.csv and report.html.
/// </summary>
public abstract partial class CustomMetric
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();

    protected CustomMetric(string name, CustomMetricKind kind, bool isTime)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ValidName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid metric name: letters, digits and '_', not starting with a digit, at most 128 characters", nameof(name));
        Name = name;
        Kind = kind;
        IsTime = isTime;
    }

    public string Name { get; }
    public CustomMetricKind Kind { get; }
    /// <summary>A Trend of times in milliseconds (shown as durations; thresholds in ms).</summary>
    public bool IsTime { get; }

    /// <summary>Records through the current worker (<see cref="Worker.Current"/>).</summary>
    protected void Record(double value, IReadOnlyDictionary<string, string>? tags)
    {
        var worker = Worker.Current
            ?? throw new InvalidOperationException($"metric '{Name}' can only record inside a scenario's iteration, setup, teardown or VU init");
        worker.Record(this, value, tags);
    }
}

/// <summary>A sum (k6's Counter): thresholds on <c>count</c> and <c>rate</c> (per second).</summary>
public sealed class Counter(string name) : CustomMetric(name, CustomMetricKind.Counter, false)
{
    public void Add(double value = 1, IReadOnlyDictionary<string, string>? tags = null) => Record(value, tags);
}

/// <summary>The last value (k6's Gauge), with min and max: thresholds on <c>value</c>.</summary>
public sealed class Gauge(string name) : CustomMetric(name, CustomMetricKind.Gauge, false)
{
    public void Set(double value, IReadOnlyDictionary<string, string>? tags = null) => Record(value, tags);
}

/// <summary>The share of non-zero values (k6's Rate): thresholds on <c>rate</c>.</summary>
public sealed class Rate(string name) : CustomMetric(name, CustomMetricKind.Rate, false)
{
    public void Add(bool value, IReadOnlyDictionary<string, string>? tags = null) => Record(value ? 1 : 0, tags);
}

/// <summary>A distribution (k6's Trend): thresholds on <c>avg min med max p(N)</c>. With <c>isTime</c>, values are milliseconds.</summary>
public sealed class Trend(string name, bool isTime = false) : CustomMetric(name, CustomMetricKind.Trend, isTime)
{
    public void Add(double value, IReadOnlyDictionary<string, string>? tags = null) => Record(value, tags);

    /// <summary>Records a time (for a Trend made with <c>isTime: true</c>).</summary>
    public void Add(TimeSpan value, IReadOnlyDictionary<string, string>? tags = null) => Record(value.TotalMilliseconds, tags);
}
