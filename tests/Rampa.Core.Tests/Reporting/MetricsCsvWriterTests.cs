using System.Text;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

public class MetricsCsvWriterTests
{
    private static RunReport SampleReport()
    {
        var report = Report(SampleMetrics());
        return report with { TimeSeries = SampleTimeSeries(report.StartUtc.ToUnixTimeSeconds()) };
    }

    private static string Csv(RunReport report)
    {
        var ms = new MemoryStream();
        MetricsCsvWriter.Write(report, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>A minimal RFC 4180 reader: enough to prove the file parses as CSV.</summary>
    internal static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row.ToArray()); row.Clear(); }
            else cell.Append(c);
        }
        Assert.False(quoted, "an unterminated quoted cell");
        Assert.Equal(0, cell.Length + row.Count); // the file ends with a line break
        return rows;
    }

    [Fact]
    public void Has_a_header_with_one_column_per_tag_name()
    {
        var rows = Parse(Csv(SampleReport()));
        Assert.Equal(["time", "t", "metric", "type", "method", "name", "count", "rate", "min", "avg", "p50", "p90", "p95", "p99", "max", "value"], rows[0]);
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
    }

    [Fact]
    public void Rows_are_in_time_order_and_counts_add_up_to_the_points()
    {
        var report = SampleReport();
        var rows = Parse(Csv(report));
        var h = rows[0].ToList();
        var data = rows.Skip(1).ToList();
        Assert.Equal(data.Select(r => long.Parse(r[1])).Order(), data.Select(r => long.Parse(r[1])));
        Assert.Equal("2025-01-02T03:04:05Z", data[0][0]);
        // http_reqs: 20 + 44 + 60 over the three seconds, split over the two tag sets.
        var reqs = data.Where(r => r[h.IndexOf("metric")] == "http_reqs").Sum(r => double.Parse(r[h.IndexOf("count")], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(124, reqs);
        var cart = data.Single(r => r[h.IndexOf("metric")] == "http_reqs" && r[h.IndexOf("name")] == "cart");
        Assert.Equal("1", cart[h.IndexOf("t")]);
        Assert.Equal("POST", cart[h.IndexOf("method")]);
    }

    [Fact]
    public void Trend_rows_carry_statistics_in_ms_and_gauges_a_value()
    {
        var rows = Parse(Csv(SampleReport()));
        var h = rows[0].ToList();
        var first = rows.Skip(1).First(r => r[h.IndexOf("metric")] == "http_req_duration");
        // Second 0: 1..20 ms, 20 samples.
        Assert.Equal("20", first[h.IndexOf("count")]);
        Assert.Equal("1", first[h.IndexOf("min")]);
        Assert.Equal("20", first[h.IndexOf("max")]);
        Assert.Equal("10.5", first[h.IndexOf("avg")]);
        Assert.Equal("", first[h.IndexOf("value")]);
        var vus = rows.Skip(1).Where(r => r[h.IndexOf("metric")] == "vus").Select(r => r[h.IndexOf("value")]).ToList();
        Assert.Equal(["1", "6", "11"], vus);
    }

    [Fact]
    public void Cells_with_commas_quotes_or_line_breaks_are_quoted()
    {
        var ts = new MetricTimeSeries();
        var key = new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "a,\"b\"\nc"), T("count", "x")]);
        ts.Add(key, 1_735_787_045, Of(MetricType.Counter, [1]));
        var rows = Parse(Csv(Report(new()) with { TimeSeries = ts }));
        Assert.Contains("tag_count", rows[0]);
        Assert.Contains("a,\"b\"\nc", rows[1]);
    }

    [Fact]
    public void A_run_without_points_is_a_header_only()
    {
        Assert.Single(Parse(Csv(Report(new()))));
    }

    [Fact]
    public void Rendering_again_from_summary_json_gives_the_same_file()
    {
        var report = SampleReport();
        var read = SummaryJsonReader.Read(new MemoryStream(SummaryJsonWriter.Write(report)));
        Assert.Equal(Csv(report), Csv(read));
    }
}
