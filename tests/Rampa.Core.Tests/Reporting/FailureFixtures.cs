using Rampa.Core.Metrics;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

/// <summary>
/// A run whose requests failed in several ways, as the engine tags them. home: 90 OK, 10 refused (message kept).
/// api: 60 OK, 40 HTTP 405 (message kept), 5 HTTP 500 (no message travelled), and 1 reset. cart: 20 OK, nothing failed.
/// </summary>
internal static class FailureFixtures
{
    public const string RefusedMessage = "connect to 127.0.0.1:5081: Connection refused";
    public const string NotAllowedMessage = "HTTP 405 Method Not Allowed (POST /json)";

    public static SeriesKey Failed(string name, int status, string? error = null, bool expected = false)
    {
        var tags = new List<KeyValuePair<string, string>>
        {
            T("scenario", "s"), T("name", name), T("method", "GET"), T("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            T("expected_response", expected ? "true" : "false"),
        };
        if (error is not null) tags.Add(T("error", error));
        return new SeriesKey(BuiltinMetrics.HttpReqFailed, tags);
    }

    public static SeriesAccumulator Verdicts(int ok, int failed) =>
        Of(MetricType.Rate, Enumerable.Repeat(0.0, ok).Concat(Enumerable.Repeat(1.0, failed)));

    public static MetricSnapshot FailingRun()
    {
        var m = new MetricSnapshot();
        m.Set(Failed("home", 200, expected: true), Verdicts(90, 0));
        m.Set(Failed("home", 0, "connection refused"), Verdicts(0, 10));
        m.KeepFirstMessage(Failed("home", 0, "connection refused"), RefusedMessage);
        m.Set(Failed("api", 200, expected: true), Verdicts(60, 0));
        m.Set(Failed("api", 405), Verdicts(0, 40));
        m.KeepFirstMessage(Failed("api", 405), NotAllowedMessage);
        m.Set(Failed("api", 500), Verdicts(0, 5));
        m.Set(Failed("api", 0, "connection reset"), Verdicts(0, 1));
        m.Set(Failed("cart", 200, expected: true), Verdicts(20, 0));
        m.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home")]), Of(MetricType.Counter, Enumerable.Repeat(1.0, 100)));
        return m;
    }
}
