using System.Globalization;
using Rampa.Core.Failures;
using Rampa.Core.Metrics;

namespace Rampa.Core.Reporting;

/// <summary>One class of failure (of one request name, or of the whole run): how many, their share, an example.</summary>
/// <param name="Share">Of the requests it is counted among (the request name's, or the run's), 0 to 1.</param>
/// <param name="Message">The first failure message the silos kept for the class; null when none travelled (an older summary.json).</param>
public sealed record FailureRow(FailureClass Class, long Count, double Share, string? Message);

/// <summary>The failures of one request name: its requests (with a verdict), how many failed, and why, most frequent first.</summary>
public sealed record RequestFailures(string Name, long Requests, long Failed, IReadOnlyList<FailureRow> Classes)
{
    public double Share => Requests == 0 ? 0 : (double)Failed / Requests;
}

/// <summary>
/// "Why did it fail?": the failed requests of a run, by request name and by class (<see cref="ErrorCodes"/>), with counts,
/// shares and a sample message. Read from the <c>http_req_failed</c> series (each one a request name, status and error;
/// its non-zero samples are the failed requests) and their messages (<see cref="MetricSnapshot.Messages"/>). Every
/// writer (text summary, summary.json, report.html, the Markdown step summary) and the live alert use this one class.
/// </summary>
public sealed class FailureSummary
{
    /// <summary>How many classes a request's block shows in the text, HTML and Markdown views; summary.json has them all.</summary>
    public const int TopClasses = 5;

    private FailureSummary(long requests, long failed, IReadOnlyList<RequestFailures> byRequest, IReadOnlyList<FailureRow> overall)
    {
        Requests = requests;
        Failed = failed;
        ByRequest = byRequest;
        Overall = overall;
    }

    /// <summary>Requests with a verdict (every request of <c>http_req_failed</c>).</summary>
    public long Requests { get; }
    public long Failed { get; }
    public bool Any => Failed > 0;
    public double Share => Requests == 0 ? 0 : (double)Failed / Requests;

    /// <summary>The request names that had failures, most failures first (then by name).</summary>
    public IReadOnlyList<RequestFailures> ByRequest { get; }

    /// <summary>Every class over the whole run, most frequent first; shares are of all requests.</summary>
    public IReadOnlyList<FailureRow> Overall { get; }

    public static FailureSummary Of(MetricSnapshot metrics)
    {
        var series = metrics.OfMetric(BuiltinMetrics.HttpReqFailed.Name)
            .OrderBy(s => s.Key.Canonical, StringComparer.Ordinal)
            .Select(s => new FailedSeries(s.Key.Tag("name") ?? "?", s.Value.Count, s.Value.NonZero, Classify(s.Key),
                metrics.Messages.TryGetValue(s.Key, out var m) ? m : null))
            .ToList();
        var byRequest = series.GroupBy(s => s.Name, StringComparer.Ordinal)
            .Select(g => new RequestFailures(g.Key, g.Sum(s => s.Requests), g.Sum(s => s.Failures), Rows(g, g.Sum(s => s.Requests))))
            .Where(r => r.Failed > 0)
            .OrderByDescending(r => r.Failed).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        long requests = series.Sum(s => s.Requests), failed = series.Sum(s => s.Failures);
        return new FailureSummary(requests, failed, byRequest, Rows(series, requests));
    }

    /// <summary>The class of a failed series from its tags: its <c>error</c> reason, else its <c>status</c>.</summary>
    private static FailureClass Classify(SeriesKey key) =>
        ErrorCodes.Classify(int.TryParse(key.Tag("status"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0, key.Tag("error"));

    private static List<FailureRow> Rows(IEnumerable<FailedSeries> series, long requests) =>
        series.Where(s => s.Failures > 0)
            .GroupBy(s => (s.Class.Code, s.Class.Name))
            .Select(g => new FailureRow(g.First().Class, g.Sum(s => s.Failures), requests == 0 ? 0 : (double)g.Sum(s => s.Failures) / requests,
                g.Select(s => s.Message).FirstOrDefault(m => m is not null)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Class.Code ?? int.MaxValue).ThenBy(r => r.Class.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A share as the views print it: <c>100.00%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private sealed record FailedSeries(string Name, long Requests, long Failures, FailureClass Class, string? Message);
}
