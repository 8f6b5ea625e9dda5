using System.Text;

namespace Rampa.Core.Metrics;

/// <summary>
/// One metric series: a metric plus a set of tags. Tags are kept sorted by name, so equal sets make equal keys
/// and <see cref="Canonical"/> (<c>metric{k:v,k2:v2}</c>) identifies the series everywhere (silos, reports).
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    public SeriesKey(MetricDefinition metric, IEnumerable<KeyValuePair<string, string>> tags)
    {
        Metric = metric;
        Tags = tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
        var sb = new StringBuilder(metric.Name);
        if (Tags.Count > 0)
        {
            sb.Append('{');
            for (var i = 0; i < Tags.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Tags[i].Key).Append(':').Append(Tags[i].Value);
            }
            sb.Append('}');
        }
        Canonical = sb.ToString();
        var hash = new HashCode();
        hash.Add(metric.Name, StringComparer.Ordinal);
        hash.Add(metric.Type);
        foreach (var (k, v) in Tags) { hash.Add(k, StringComparer.Ordinal); hash.Add(v, StringComparer.Ordinal); }
        _hash = hash.ToHashCode();
    }

    private readonly int _hash;

    public MetricDefinition Metric { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }
    public string Canonical { get; }

    public string? Tag(string name)
    {
        foreach (var t in Tags) if (t.Key == name) return t.Value;
        return null;
    }

    /// <summary>True when every tag of <paramref name="filter"/> is on this series with the same value.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> filter)
    {
        foreach (var (k, v) in filter) if (Tag(k) != v) return false;
        return true;
    }

    /// <summary>Equal when the metric (name and type) and every tag are equal: compared field by field, so a tag value
    /// holding ',' or ':' can never make two different series look alike (<see cref="Canonical"/> is for display).</summary>
    public bool Equals(SeriesKey? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Metric.Name != other.Metric.Name || Metric.Type != other.Metric.Type || Tags.Count != other.Tags.Count) return false;
        for (var i = 0; i < Tags.Count; i++)
            if (Tags[i].Key != other.Tags[i].Key || Tags[i].Value != other.Tags[i].Value) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);
    public override int GetHashCode() => _hash;
    public override string ToString() => Canonical;
}
