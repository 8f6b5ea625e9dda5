using System.Text.Json;
using Rampa.Core.Metrics;
using Rampa.Core.Thresholds;
using Rampa.Core.Time;

namespace Rampa.Core.Reporting;

/// <summary>
/// Reads a summary.json written by <see cref="SummaryJsonWriter"/> (version 2) back into the <see cref="RunReport"/> it
/// was written from: every series' exact totals from <c>raw</c> (Trend histograms decoded, so any percentile can be read
/// again), and the per-second series with their stored percentiles. <c>rampa report</c> renders every other artifact
/// from it.
/// </summary>
public static class SummaryJsonReader
{
    public static RunReport Read(Stream input)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new SummaryFormatException($"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            var version = Int(root, "version", "$");
            if (version != SummaryJsonWriter.FormatVersion)
                throw new SummaryFormatException($"$.version: {version} is not supported (this rampa reads version {SummaryJsonWriter.FormatVersion})");
            var run = Obj(root, "run", "$");
            var start = DateTimeOffset.Parse(Str(run, "startUtc", "$.run"), System.Globalization.CultureInfo.InvariantCulture);
            var metrics = ReadMetrics(Obj(root, "metrics", "$"));
            var timeSeries = Obj(root, "timeSeries", "$");
            var startSecond = Long(timeSeries, "startUnixSeconds", "$.timeSeries");
            return new RunReport
            {
                RunId = Str(run, "id", "$.run"),
                Name = OptStr(run, "name"),
                ScenarioFile = Str(run, "scenarioFile", "$.run"),
                ScenarioHash = Str(run, "scenarioHash", "$.run"),
                StartUtc = start,
                EndUtc = DateTimeOffset.Parse(Str(run, "endUtc", "$.run"), System.Globalization.CultureInfo.InvariantCulture),
                Silos = Arr(run, "silos", "$.run").Select(s => s.GetString() ?? "").ToList(),
                RampaVersion = Str(run, "rampaVersion", "$.run"),
                Seed = Long(run, "seed", "$.run"),
                State = Str(run, "state", "$.run"),
                StopReason = OptStr(run, "stopReason"),
                AbortedBy = OptStr(run, "abortedBy"),
                Error = OptStr(run, "error"),
                ExitCode = Int(run, "exitCode", "$.run"),
                Saturation = root.TryGetProperty("generator", out var generator) ? ReadSaturation(generator, "$.generator") : SaturationVerdict.NotSaturated,
                TrendStats = Arr(run, "trendStats", "$.run").Select(s => s.GetString() ?? "").ToList(),
                Scenarios = Arr(root, "scenarios", "$").Select((s, i) => ReadScenario(s, $"$.scenarios[{i}]")).ToList(),
                Thresholds = Arr(root, "thresholds", "$").Select((t, i) => ReadThreshold(t, $"$.thresholds[{i}]")).ToList(),
                Warnings = Arr(root, "warnings", "$").Select(s => s.GetString() ?? "").ToList(),
                Segments = Arr(root, "segments", "$").Select((g, i) => new SegmentSummary(Int(g, "segment", $"$.segments[{i}]"),
                    Str(g, "silo", $"$.segments[{i}]"), Int(g, "generation", $"$.segments[{i}]"),
                    Obj(g, "iterations", $"$.segments[{i}]").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()))).ToList(),
                Events = Arr(root, "events", "$").Select((e, i) => new RunEvent(TimeSpan.FromSeconds(Double(e, "atSeconds", $"$.events[{i}]")),
                    Str(e, "kind", $"$.events[{i}]"), Str(e, "message", $"$.events[{i}]"))).ToList(),
                DataSources = root.TryGetProperty("data", out var data)
                    ? data.EnumerateArray().Select((d, i) => new DataSourceSummary(Str(d, "name", $"$.data[{i}]"), Str(d, "file", $"$.data[{i}]"),
                        Str(d, "mode", $"$.data[{i}]"), Long(d, "rows", $"$.data[{i}]"),
                        d.TryGetProperty("used", out _) ? Long(d, "used", $"$.data[{i}]") : null,
                        Long(d, "lost", $"$.data[{i}]"), Long(d, "wraps", $"$.data[{i}]"), Bool(d, "exhausted", $"$.data[{i}]"))).ToList()
                    : [],
                Metrics = metrics,
                TimeSeries = ReadSeriesList(Arr(timeSeries, "series", "$.timeSeries"), startSecond, "$.timeSeries.series", withTags: true),
                TimeSeriesByMetric = ReadSeriesList(Arr(timeSeries, "metrics", "$.timeSeries"), startSecond, "$.timeSeries.metrics", withTags: false),
            };
        }
    }

    private static SaturationVerdict ReadSaturation(JsonElement g, string path)
    {
        var evidence = Arr(g, "evidence", path).Select(e => e.GetString() ?? "").ToList();
        return Bool(g, "saturated", path) || evidence.Count > 0 ? new SaturationVerdict(Bool(g, "saturated", path), evidence) : SaturationVerdict.NotSaturated;
    }

    private static ScenarioSummary ReadScenario(JsonElement s, string path) => new(
        Str(s, "name", path), Str(s, "executor", path), Int(s, "maxVus", path), Long(s, "iterations", path),
        Long(s, "interruptedIterations", path), Duration(s, "startTime", path), Duration(s, "duration", path),
        Duration(s, "gracefulStop", path));

    private static ThresholdResult ReadThreshold(JsonElement t, string path)
    {
        var observed = Prop(t, "observed", path);
        return new ThresholdResult(Str(t, "metric", path), Str(t, "expression", path),
            observed.ValueKind == JsonValueKind.Null ? null : observed.GetDouble(), Bool(t, "passed", path), Bool(t, "abortOnFail", path))
        {
            AbortedRun = t.TryGetProperty("abortedRun", out var a) && a.ValueKind == JsonValueKind.True,
            NoSamples = t.TryGetProperty("noSamples", out var n) && n.ValueKind == JsonValueKind.Object ? ReadNoSamples(n, path + ".noSamples") : null,
        };
    }

    private static ThresholdNoSamples ReadNoSamples(JsonElement n, string path) => new(
        Str(n, "filter", path), Int(n, "metricSeries", path),
        Arr(n, "existing", path).Select((e, i) => new ExistingTagValues(Str(e, "tag", $"{path}.existing[{i}]"),
            Arr(e, "values", $"{path}.existing[{i}]").Select(v => v.GetString() ?? "").ToList(), Int(e, "distinct", $"{path}.existing[{i}]"))).ToList());

    private static MetricSnapshot ReadMetrics(JsonElement metrics)
    {
        var snapshot = new MetricSnapshot();
        foreach (var metric in metrics.EnumerateObject())
        {
            var path = $"$.metrics.{metric.Name}";
            var def = Definition(metric.Name, metric.Value, path);
            foreach (var (series, i) in Arr(metric.Value, "series", path).Select((s, i) => (s, i)))
            {
                var seriesPath = $"{path}.series[{i}]";
                var key = new SeriesKey(def, Tags(series, seriesPath));
                var raw = Obj(series, "raw", seriesPath);
                var rawPath = seriesPath + ".raw";
                var count = Long(raw, "count", rawPath);
                LongHistogramOrNull(raw, rawPath, out var histogram);
                var acc = new SeriesAccumulator(def.Type);
                acc.Restore(count, Double(raw, "sum", rawPath),
                    count > 0 ? Double(raw, "min", rawPath) : double.PositiveInfinity,
                    count > 0 ? Double(raw, "max", rawPath) : double.NegativeInfinity,
                    Long(raw, "nonZero", rawPath), Double(raw, "last", rawPath), histogram);
                snapshot.Set(key, acc);
                if (OptStr(series, "message") is { } message) snapshot.KeepFirstMessage(key, message);
            }
        }
        return snapshot;
    }

    private static void LongHistogramOrNull(JsonElement raw, string path, out TrendRecorder? histogram)
    {
        histogram = null;
        if (!raw.TryGetProperty("histogram", out var h)) return;
        try
        {
            histogram = TrendHistogramEncoding.FromBase64(h.GetString() ?? "");
        }
        catch (InvalidDataException e)
        {
            throw new SummaryFormatException($"{path}.histogram: {e.Message}");
        }
    }

    private static MetricTimeSeries ReadSeriesList(IEnumerable<JsonElement> list, long startSecond, string path, bool withTags)
    {
        var ts = new MetricTimeSeries();
        foreach (var (series, i) in list.Select((s, i) => (s, i)))
        {
            var seriesPath = $"{path}[{i}]";
            var def = Definition(Str(series, "metric", seriesPath), series, seriesPath);
            var key = new SeriesKey(def, withTags ? Tags(series, seriesPath) : []);
            var scale = def.Unit == MetricUnit.Time ? 1000.0 : 1.0;
            var points = new List<SeriesPoint>();
            foreach (var (p, j) in Arr(series, "points", seriesPath).Select((p, j) => (p, j)))
            {
                var pointPath = $"{seriesPath}.points[{j}]";
                var point = new SeriesPoint(startSecond + Long(p, "t", pointPath));
                switch (def.Type)
                {
                    case MetricType.Counter:
                        var sum = Double(p, "count", pointPath);
                        point.RestoreStored(1, sum, sum, sum, 0, 0, null);
                        break;
                    case MetricType.Gauge:
                        var value = Double(p, "value", pointPath);
                        point.RestoreStored(1, value, value, value, 0, value, null);
                        break;
                    case MetricType.Rate:
                        var n = Long(p, "count", pointPath);
                        var passes = Long(p, "passes", pointPath);
                        point.RestoreStored(n, passes, 0, 1, passes, 0, null);
                        break;
                    case MetricType.Trend:
                        point.RestoreStored(Long(p, "count", pointPath), Double(p, "sum", pointPath) * scale,
                            Double(p, "min", pointPath) * scale, Double(p, "max", pointPath) * scale, 0, 0,
                            [Double(p, "p50", pointPath) * scale, Double(p, "p90", pointPath) * scale,
                             Double(p, "p95", pointPath) * scale, Double(p, "p99", pointPath) * scale]);
                        break;
                }
                points.Add(point);
            }
            ts.Set(key, points);
        }
        return ts;
    }

    private static MetricDefinition Definition(string name, JsonElement e, string path)
    {
        var typeText = Str(e, "type", path);
        if (!Enum.TryParse<MetricType>(typeText, ignoreCase: true, out var type))
            throw new SummaryFormatException($"{path}.type: unknown metric type '{typeText}'");
        var unit = Str(e, "contains", path) switch { "time" => MetricUnit.Time, "data" => MetricUnit.Data, _ => MetricUnit.None };
        return BuiltinMetrics.Find(name) is { } b && b.Type == type ? b : new MetricDefinition(name, type, unit);
    }

    private static IEnumerable<KeyValuePair<string, string>> Tags(JsonElement series, string path) =>
        Obj(series, "tags", path).EnumerateObject().Select(t => new KeyValuePair<string, string>(t.Name, t.Value.GetString() ?? "")).ToList();

    private static JsonElement Prop(JsonElement e, string name, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new SummaryFormatException($"{path}: expected an object");
        return e.TryGetProperty(name, out var v) ? v : throw new SummaryFormatException($"{path}.{name}: missing");
    }

    private static JsonElement Obj(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.Object ? v : throw new SummaryFormatException($"{path}.{name}: expected an object");
    }

    private static IEnumerable<JsonElement> Arr(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw new SummaryFormatException($"{path}.{name}: expected an array");
    }

    private static string Str(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SummaryFormatException($"{path}.{name}: expected a string");
    }

    private static string? OptStr(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double Double(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new SummaryFormatException($"{path}.{name}: expected a number");
    }

    private static long Long(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw new SummaryFormatException($"{path}.{name}: expected an integer");
    }

    private static int Int(JsonElement e, string name, string path) => checked((int)Long(e, name, path));

    private static bool Bool(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new SummaryFormatException($"{path}.{name}: expected true or false");
    }

    private static TimeSpan Duration(JsonElement e, string name, string path)
    {
        var text = Str(e, name, path);
        return DurationFormat.TryParse(text, out var d) ? d : throw new SummaryFormatException($"{path}.{name}: '{text}' is not a duration");
    }
}

/// <summary>A summary.json that cannot be read: the message names the place (a JSON path) and what is wrong.</summary>
public sealed class SummaryFormatException(string message) : Exception(message);
