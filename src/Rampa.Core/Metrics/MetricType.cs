namespace Rampa.Core.Metrics;

/// <summary>k6's four metric types.</summary>
public enum MetricType : byte
{
    /// <summary>A sum (requests, bytes).</summary>
    Counter,
    /// <summary>The last value (VUs).</summary>
    Gauge,
    /// <summary>The share of non-zero samples (failed requests, passing checks).</summary>
    Rate,
    /// <summary>A distribution (durations), kept as an HdrHistogram.</summary>
    Trend,
}

/// <summary>How a metric's values read: times are microseconds internally and shown in ms; data are bytes.</summary>
public enum MetricUnit : byte { None, Time, Data }
