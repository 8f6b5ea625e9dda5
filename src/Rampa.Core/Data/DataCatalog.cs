namespace Rampa.Core.Data;

/// <summary>
/// The run's data sources, in the order of the file's <c>data:</c> section. A template's <c>{{data.NAME.COLUMN}}</c>
/// is resolved against it once, at load (<see cref="Resolve"/>), to a (source, column) pair, so rendering is two array
/// reads.
/// </summary>
public sealed class DataCatalog
{
    public static readonly DataCatalog Empty = new([]);

    public DataCatalog(IReadOnlyList<DataSource> sources) => Sources = sources;

    public IReadOnlyList<DataSource> Sources { get; }

    private HashSet<int>? _used;

    /// <summary>The same sources, noting which ones <see cref="Resolve"/> resolved: one per scenario, so a scenario takes rows only of the sources it reads.</summary>
    public DataCatalog Tracking() => new(Sources) { _used = new HashSet<int>() };

    /// <summary>The sources resolved through this catalog (see <see cref="Tracking"/>), in catalog order.</summary>
    public IReadOnlyList<int> Used => _used is null ? [] : [.. _used.Order()];

    public DataSource? Find(string name) => Sources.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// <paramref name="reference"/> is what follows <c>data.</c> in a template: <c>NAME.COLUMN</c>. The (source, column)
    /// pair, or an error that says what exists.
    /// </summary>
    public (int Source, int Column)? Resolve(string reference, out string? error)
    {
        error = null;
        var dot = reference.IndexOf('.');
        if (dot <= 0 || dot == reference.Length - 1)
        {
            error = $"'{{{{data.{reference}}}}}' names no column: write {{{{data.SOURCE.COLUMN}}}}";
            return null;
        }
        var (name, column) = (reference[..dot], reference[(dot + 1)..]);
        if (Find(name) is not { } source)
        {
            error = Sources.Count == 0
                ? $"'{{{{data.{reference}}}}}': no data source '{name}' (declare it under the top-level 'data:')"
                : $"'{{{{data.{reference}}}}}': no data source '{name}' (declared: {string.Join(", ", Sources.Select(s => s.Name))})";
            return null;
        }
        var c = source.ColumnOf(column);
        if (c < 0)
        {
            error = $"'{{{{data.{reference}}}}}': {source.File.Name} has no column '{column}' (columns: {string.Join(", ", source.File.Columns)})";
            return null;
        }
        _used?.Add(source.Index);
        return (source.Index, c);
    }
}
