namespace Rampa.Core.Data;

/// <summary>
/// The byte offsets of a file's rows: where each starts, and where the last ends. 8 bytes per row in chunks of 64 Ki
/// entries (no large contiguous array), so a file of ten million rows costs 80 MB of index, never the file itself.
/// </summary>
internal sealed class RowOffsets
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly List<long[]> _chunks = new();
    private long _count;

    /// <summary>Rows recorded (the offsets hold one more: the end of the last row).</summary>
    public long Rows => Math.Max(0, _count - 1);

    public void Add(long offset)
    {
        var chunk = (int)(_count >> ChunkBits);
        if (chunk == _chunks.Count) _chunks.Add(new long[ChunkSize]);
        _chunks[chunk][_count & (ChunkSize - 1)] = offset;
        _count++;
    }

    public long this[long i] => _chunks[(int)(i >> ChunkBits)][i & (ChunkSize - 1)];

    /// <summary>Row <paramref name="row"/>: its first byte and its length.</summary>
    public (long Start, int Length) Row(long row)
    {
        var start = this[row];
        return (start, checked((int)(this[row + 1] - start)));
    }
}
