using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Rampa.Core.Data;

/// <summary>
/// A JSON data file: one array of objects, indexed in one streaming pass (each object's byte range), each object read
/// and parsed when asked for. The columns are the keys of the first object; an object without one of them has an empty
/// value there. A value is its text: a string as it is, a number or <c>true</c>/<c>false</c> as written, <c>null</c> as
/// empty, a nested object or array as its JSON.
/// </summary>
public sealed class JsonDataFile : IDataFile
{
    private readonly SafeFileHandle _handle;
    private readonly List<(long Start, int Length)> _rows;
    private readonly Dictionary<string, int> _columnIndex;

    public string Name { get; }
    public IReadOnlyList<string> Columns { get; }
    public long RowCount => _rows.Count;

    private JsonDataFile(string name, SafeFileHandle handle, List<(long, int)> rows, IReadOnlyList<string> columns)
    {
        Name = name;
        _handle = handle;
        _rows = rows;
        Columns = columns;
        _columnIndex = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    }

    /// <exception cref="DataFileException">Missing, unreadable, empty, not an array of objects, or malformed JSON.</exception>
    public static JsonDataFile Open(string path, string name)
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
            var rows = Index(handle, name);
            if (rows.Count == 0) throw new DataFileException(name, 0, 0, "the array is empty: a JSON data file needs at least one object");
            using var first = JsonDocument.Parse(ReadBytes(handle, rows[0]));
            var columns = first.RootElement.EnumerateObject().Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList();
            if (columns.Count == 0) throw new DataFileException(name, 0, 0, "the first object has no keys: they name the columns");
            return new JsonDataFile(name, handle, rows, columns);
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
        using var doc = JsonDocument.Parse(ReadBytes(_handle, _rows[(int)index]));
        var values = new string[Columns.Count];
        Array.Fill(values, "");
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (!_columnIndex.TryGetValue(p.Name, out var i)) continue;
            values[i] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Null => "",
                _ => p.Value.GetRawText(),
            };
        }
        return values;
    }

    private static byte[] ReadBytes(SafeFileHandle handle, (long Start, int Length) row)
    {
        var bytes = new byte[row.Length];
        var read = 0;
        while (read < row.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), row.Start + read);
            if (n == 0) throw new IOException("the data file changed while the run used it");
            read += n;
        }
        return bytes;
    }

    /// <summary>One pass with a streaming reader: the byte range of every object directly inside the top-level array.</summary>
    private static List<(long, int)> Index(SafeFileHandle handle, string name)
    {
        var rows = new List<(long, int)>();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        long fileOffset = 0;   // file offset of buffer[0]
        var held = 0;          // bytes at the start of the buffer not consumed yet
        var depth = 0;
        long objectStart = -1;
        var sawArray = false;
        var length = RandomAccess.GetLength(handle);
        if (length == 0) throw new DataFileException(name, 0, 0, "the file is empty: a JSON data file is an array of objects");
        try
        {
            while (true)
            {
                if (held == buffer.Length)
                {
                    // One token larger than the buffer (a very long string): grow it.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, held).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var n = RandomAccess.Read(handle, buffer.AsSpan(held), fileOffset + held);
                var filled = held + n;
                var final = fileOffset + filled >= length;
                var skip = fileOffset == 0 && filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
                if (skip > 0) { fileOffset += 3; buffer.AsSpan(3, filled - 3).CopyTo(buffer); filled -= 3; }
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
                try
                {
                    while (reader.Read())
                    {
                        var at = fileOffset + reader.TokenStartIndex;
                        switch (reader.TokenType)
                        {
                            case JsonTokenType.StartArray when depth == 0:
                                sawArray = true;
                                break;
                            case JsonTokenType.StartObject when depth == 1:
                                objectStart = at;
                                break;
                            case JsonTokenType.EndObject when depth == 2:
                                rows.Add((objectStart, checked((int)(at + 1 - objectStart))));
                                break;
                            case not (JsonTokenType.StartObject or JsonTokenType.EndArray) when depth == 1:
                                throw new DataFileException(name, Line(handle, at), 1,
                                    "the array holds something else than an object: a JSON data file is an array of objects");
                        }
                        if (!sawArray) throw new DataFileException(name, 1, 1, "a JSON data file is an array of objects: `[ {...}, {...} ]`");
                        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) depth++;
                        else if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject) depth--;
                    }
                }
                catch (JsonException e)
                {
                    throw new DataFileException(name, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "not valid JSON: " + FirstSentence(e.Message));
                }
                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                held = filled - consumed;
                buffer.AsSpan(consumed, held).CopyTo(buffer);
                fileOffset += consumed;
                if (final) break;
            }
            if (!sawArray) throw new DataFileException(name, 0, 0, "the file is empty: a JSON data file is an array of objects");
            return rows;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The line of a position, counted from the file's start (only on the error path).</summary>
    private static int Line(SafeFileHandle handle, long upTo)
    {
        var line = 1;
        var chunk = new byte[1 << 16];
        for (long at = 0; at < upTo;)
        {
            var n = RandomAccess.Read(handle, chunk.AsSpan(0, (int)Math.Min(chunk.Length, upTo - at)), at);
            if (n == 0) break;
            line += chunk.AsSpan(0, n).Count((byte)'\n');
            at += n;
        }
        return line;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    public void Dispose() => _handle.Dispose();
}
