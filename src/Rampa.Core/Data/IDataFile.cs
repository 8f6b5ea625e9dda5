namespace Rampa.Core.Data;

/// <summary>
/// A data file indexed once: its columns and rows, any row read on demand by its index (0-based) without holding the
/// file in memory. Thread-safe: many VUs read rows at once.
/// </summary>
public interface IDataFile : IDisposable
{
    /// <summary>The file as the user named it (for messages).</summary>
    string Name { get; }

    /// <summary>The column names, in the file's order (a CSV's header; the keys of a JSON file's first object).</summary>
    IReadOnlyList<string> Columns { get; }

    long RowCount { get; }

    /// <summary>Row <paramref name="index"/>'s values, in <see cref="Columns"/> order.</summary>
    string[] ReadRow(long index);
}
