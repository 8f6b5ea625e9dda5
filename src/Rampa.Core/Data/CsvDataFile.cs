using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rampa.Core.Data;

/// <summary>
/// A CSV file with a header row (RFC 4180: quoted fields, <c>""</c> inside quotes, commas and newlines inside quoted
/// fields, LF or CRLF; UTF-8 with or without a BOM; blank lines skipped), indexed in one streaming pass: the index keeps
/// each row's byte offset (<see cref="RowOffsets"/>), and a row is read from the file when asked for. Every row is
/// checked while indexing, so a malformed line is an error before any load, with its line and column.
/// </summary>
public sealed class CsvDataFile : IDataFile
{
    private readonly SafeFileHandle _handle;
    private readonly RowOffsets _offsets;

    public string Name { get; }
    public IReadOnlyList<string> Columns { get; }
    public long RowCount => _offsets.Rows - 1; // the header is row 0 of the index

    private CsvDataFile(string name, SafeFileHandle handle, RowOffsets offsets, IReadOnlyList<string> columns)
    {
        Name = name;
        _handle = handle;
        _offsets = offsets;
        Columns = columns;
    }

    /// <summary>Indexes <paramref name="path"/>; <paramref name="name"/> is how messages name it.</summary>
    /// <exception cref="DataFileException">Missing, unreadable, empty (no header or no row), or malformed.</exception>
    public static CsvDataFile Open(string path, string name)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(name, 0, 0, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read: {e.Message}");
        }
        try
        {
            var offsets = CsvIndexer.Index(handle, name);
            if (offsets.Rows == 0) throw new DataFileException(name, 0, 0, "the file is empty: a CSV data file needs a header row and at least one row");
            var header = CsvRowParser.Parse(ReadBytes(handle, offsets, 0));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i].Length == 0) throw new DataFileException(name, 1, 1, $"column {i + 1} of the header has no name");
                if (!seen.Add(header[i])) throw new DataFileException(name, 1, 1, $"the header names column '{header[i]}' twice");
            }
            if (offsets.Rows == 1) throw new DataFileException(name, 0, 0, "the file has a header but no rows");
            return new CsvDataFile(name, handle, offsets, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public string[] ReadRow(long index)
    {
        if (index < 0 || index >= RowCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {RowCount} rows");
        return CsvRowParser.Parse(ReadBytes(_handle, _offsets, index + 1));
    }

    private static ReadOnlySpan<byte> ReadBytes(SafeFileHandle handle, RowOffsets offsets, long row)
    {
        var (start, length) = offsets.Row(row);
        var bytes = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), start + read);
            if (n == 0) throw new IOException("the data file changed while the run used it");
            read += n;
        }
        return bytes;
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>The one pass over a CSV file: row offsets, and every syntax error with its line and column.</summary>
internal static class CsvIndexer
{
    private enum State { RowStart, FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCr }

    public static RowOffsets Index(SafeFileHandle handle, string name)
    {
        var offsets = new RowOffsets();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var state = State.RowStart;
            long pos = 0, lineStart = 0;
            int line = 1, fields = 0, expected = -1, rowLine = 0, quoteLine = 0, quoteCol = 0;
            long fileOffset = 0;
            var first = true;
            int n;
            while ((n = RandomAccess.Read(handle, buffer, fileOffset)) > 0)
            {
                var start = 0;
                if (first)
                {
                    first = false;
                    if (n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) { start = 3; lineStart = 3; }
                }
                for (var i = start; i < n; i++)
                {
                    pos = fileOffset + i;
                    var b = buffer[i];
                    if (state == State.RowStart)
                    {
                        if (b == (byte)'\n') { line++; lineStart = pos + 1; continue; }
                        if (b == (byte)'\r') continue;
                        offsets.Add(pos);
                        rowLine = line;
                        fields = 1;
                        state = State.FieldStart;
                    }
                    switch (state)
                    {
                        case State.FieldStart:
                            if (b == (byte)'"') { state = State.Quoted; quoteLine = line; quoteCol = Col(pos, lineStart); }
                            else if (b == (byte)',') fields++;
                            else if (b == (byte)'\n') EndRow(ref state, ref expected, fields, rowLine, name, ref line, ref lineStart, pos);
                            else if (b == (byte)'\r') state = State.AfterCr;
                            else state = State.Unquoted;
                            break;
                        case State.Unquoted:
                            if (b == (byte)',') { fields++; state = State.FieldStart; }
                            else if (b == (byte)'\n') EndRow(ref state, ref expected, fields, rowLine, name, ref line, ref lineStart, pos);
                            else if (b == (byte)'\r') state = State.AfterCr;
                            else if (b == (byte)'"')
                                throw new DataFileException(name, line, Col(pos, lineStart), "a quote inside a field that does not start with one (quote the whole field, and double the quotes inside it)");
                            break;
                        case State.Quoted:
                            if (b == (byte)'"') state = State.QuoteInQuoted;
                            else if (b == (byte)'\n') { line++; lineStart = pos + 1; }
                            break;
                        case State.QuoteInQuoted:
                            if (b == (byte)'"') state = State.Quoted;
                            else if (b == (byte)',') { fields++; state = State.FieldStart; }
                            else if (b == (byte)'\n') EndRow(ref state, ref expected, fields, rowLine, name, ref line, ref lineStart, pos);
                            else if (b == (byte)'\r') state = State.AfterCr;
                            else throw new DataFileException(name, line, Col(pos, lineStart), "text after a closing quote (a field that starts with a quote must end with one, before the comma)");
                            break;
                        case State.AfterCr:
                            if (b != (byte)'\n') throw new DataFileException(name, line, Col(pos, lineStart), "a carriage return that does not end a line");
                            EndRow(ref state, ref expected, fields, rowLine, name, ref line, ref lineStart, pos);
                            break;
                    }
                }
                fileOffset += n;
            }
            switch (state)
            {
                case State.Quoted:
                    throw new DataFileException(name, quoteLine, quoteCol, "a quoted field is not closed before the end of the file");
                case State.FieldStart or State.Unquoted or State.QuoteInQuoted or State.AfterCr:
                    var ignored = 0L;
                    EndRow(ref state, ref expected, fields, rowLine, name, ref line, ref ignored, fileOffset);
                    break;
            }
            offsets.Add(fileOffset); // the end of the last row
            return offsets;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Col(long pos, long lineStart) => (int)Math.Min(int.MaxValue, pos - lineStart + 1);

    private static void EndRow(ref State state, ref int expected, int fields, int rowLine, string name, ref int line, ref long lineStart, long pos)
    {
        if (expected < 0) expected = fields;
        else if (fields != expected)
            throw new DataFileException(name, rowLine, 1, $"this row has {fields} field(s), the header has {expected}");
        state = State.RowStart;
        line++;
        lineStart = pos + 1;
    }
}

/// <summary>One CSV row's bytes (already checked by <see cref="CsvIndexer"/>) into its field values.</summary>
internal static class CsvRowParser
{
    public static string[] Parse(ReadOnlySpan<byte> row)
    {
        var fields = new List<string>();
        var field = new ArrayBufferWriter<byte>();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < row.Length && row[i] == (byte)'"')
            {
                i++;
                while (i < row.Length)
                {
                    if (row[i] == (byte)'"')
                    {
                        if (i + 1 < row.Length && row[i + 1] == (byte)'"') { field.Write(row.Slice(i, 1)); i += 2; continue; }
                        i++;
                        break;
                    }
                    var next = row[i..].IndexOf((byte)'"');
                    var take = next < 0 ? row.Length - i : next;
                    field.Write(row.Slice(i, take));
                    i += take;
                }
            }
            else
            {
                var end = i;
                while (end < row.Length && row[end] is not ((byte)',' or (byte)'\n' or (byte)'\r')) end++;
                field.Write(row[i..end]);
                i = end;
            }
            fields.Add(Encoding.UTF8.GetString(field.WrittenSpan));
            if (i < row.Length && row[i] == (byte)',') { i++; continue; }
            return fields.ToArray();
        }
    }
}
