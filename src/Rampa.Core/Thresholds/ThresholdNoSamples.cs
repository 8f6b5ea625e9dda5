using Rampa.Core.Metrics;

namespace Rampa.Core.Thresholds;

/// <summary>The values one tag of a threshold's filter has among the metric's series: a few, and how many there are.</summary>
public sealed record ExistingTagValues(string Tag, IReadOnlyList<string> Values, int Distinct)
{
    public bool Equals(ExistingTagValues? other) =>
        other is not null && Tag == other.Tag && Distinct == other.Distinct && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Tag, Distinct);
}

/// <summary>
/// Why a threshold had nothing to judge, and what the user might have meant: the filter that matched no series (quotes
/// stripped, as matched), how many series the metric has, and for each tag the filter asked for, the values that exist.
/// A typo such as <c>{name:hme}</c> then reads <c>existing: name=home|login</c> instead of a quiet pass.
/// </summary>
public sealed record ThresholdNoSamples(string Filter, int MetricSeries, IReadOnlyList<ExistingTagValues> Existing)
{
    /// <summary>How many values of one tag are listed; <see cref="ExistingTagValues.Distinct"/> says how many there were.</summary>
    public const int ValuesShown = 5;

    public static ThresholdNoSamples Of(ThresholdSpec spec, MetricSnapshot metrics)
    {
        var series = metrics.OfMetric(spec.Metric).Where(s => s.Value.Count > 0).Select(s => s.Key).ToList();
        var existing = spec.TagFilter.Keys.Select(tag =>
        {
            var values = series.Select(k => k.Tag(tag)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return new ExistingTagValues(tag, values.Take(ValuesShown).ToList(), values.Count);
        }).ToList();
        return new ThresholdNoSamples(ThresholdParser.Describe(spec.Metric, spec.TagFilter), series.Count, existing);
    }

    /// <summary>
    /// One line: <c>no series matched http_req_duration{name:hme}; existing: name=home|login</c>, or
    /// <c>http_req_duration received no samples</c> when the metric has no series at all.
    /// </summary>
    public string Describe()
    {
        var metric = Filter.Split('{')[0];
        if (MetricSeries == 0) return $"{metric} received no samples";
        if (Existing.Count == 0) return $"no series matched {Filter}";
        var tags = Existing.Select(e => e.Distinct == 0
            ? $"no {metric} series has tag '{e.Tag}'"
            : $"{e.Tag}={string.Join("|", e.Values)}{(e.Distinct > e.Values.Count ? $"|… ({e.Distinct} values)" : "")}");
        return $"no series matched {Filter}; existing: {string.Join("; ", tags)}";
    }

    public bool Equals(ThresholdNoSamples? other) =>
        other is not null && Filter == other.Filter && MetricSeries == other.MetricSeries && Existing.SequenceEqual(other.Existing);

    public override int GetHashCode() => HashCode.Combine(Filter, MetricSeries);
}
