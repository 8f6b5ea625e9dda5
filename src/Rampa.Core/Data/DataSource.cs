namespace Rampa.Core.Data;

/// <summary>A declared source with its indexed file: what the run's VUs take rows from.</summary>
public sealed class DataSource(int index, DataSourceSpec spec, IDataFile file)
{
    /// <summary>Its place in the catalog (the order of the <c>data:</c> section).</summary>
    public int Index { get; } = index;
    public DataSourceSpec Spec { get; } = spec;
    public IDataFile File { get; } = file;
    public string Name => Spec.Name;

    public int ColumnOf(string column)
    {
        for (var i = 0; i < File.Columns.Count; i++) if (File.Columns[i] == column) return i;
        return -1;
    }
}
