using Rampa.Core.Metrics;
using Rampa.Core.Reporting;

namespace Rampa.Core.Failures;

/// <summary>
/// One silo's running count of its requests' verdicts, for the live failure alert: the <c>http_req_failed</c> series of
/// every interval snapshot the silo sends (and their failure messages), added up. Small (one Rate accumulator per
/// request name, status and error; no histogram) and fed once a second by the flusher, never by a request.
/// Thread-safe: the flusher adds while the runner's status reads.
/// </summary>
public sealed class FailureTally
{
    private readonly MetricSnapshot _failed = new();
    private readonly object _lock = new();

    public void Add(MetricSnapshot interval)
    {
        lock (_lock)
        {
            foreach (var (key, acc) in interval.OfMetric(BuiltinMetrics.HttpReqFailed.Name)) _failed.Merge(key, acc);
            foreach (var (key, message) in interval.Messages) _failed.KeepFirstMessage(key, message);
        }
    }

    /// <summary>What failed so far, by class (see <see cref="FailureSummary"/>).</summary>
    public FailureSummary Summary()
    {
        lock (_lock) return FailureSummary.Of(_failed);
    }
}
