namespace Rampa.Core.Data;

/// <summary>
/// A small data file with every row parsed once and kept: a row per iteration then costs an array read, not a read
/// from the file and a parse. <see cref="DataFileCache"/> keeps files up to <see cref="MaxBytes"/> this way; larger ones
/// stay indexed on disk (<see cref="CsvDataFile"/>, <see cref="JsonDataFile"/>), so memory never grows with a big file.
/// </summary>
public sealed class InMemoryDataFile : IDataFile
{
    /// <summary>The largest file kept in memory (its strings take about two to three times its bytes).</summary>
    public const long MaxBytes = 16L << 20;

    private readonly string[][] _rows;

    public InMemoryDataFile(IDataFile indexed)
    {
        Name = indexed.Name;
        Columns = indexed.Columns;
        _rows = new string[indexed.RowCount][];
        for (long i = 0; i < _rows.Length; i++) _rows[i] = indexed.ReadRow(i);
    }

    public string Name { get; }
    public IReadOnlyList<string> Columns { get; }
    public long RowCount => _rows.Length;

    /// <summary>The row's values: shared, read-only (never change them).</summary>
    public string[] ReadRow(long index) => _rows[index];

    public void Dispose() { }
}
