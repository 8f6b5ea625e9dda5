namespace Rampa.Core.Data;

/// <summary>
/// One silo's supply of a sequential or unique source: the blocks its coordinator granted, handed out a sequence number
/// at a time. It asks for the next block when half of the current one is left, so a VU rarely waits, and sizes blocks
/// to about a second of use (16 to 10,000 rows): few coordinator calls at any rate, and few rows stranded with a silo
/// that dies. No call per row: the iteration path takes a lock for a few instructions.
/// </summary>
public sealed class RowBlockQueue(IRowLeaseClient client, long rows)
{
    private const int MinBlock = 16;
    private const int MaxBlock = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<RowLease> _blocks = new();
    private long _next;
    private int _left;
    /// <summary>Rows in the queued blocks (not the current one).</summary>
    private long _queued;
    private long _used;
    private bool _exhausted;
    private Task? _refill;
    private int _blockSize = MinBlock;
    private long _usedAtLastLease;
    private long _lastLeaseTicks = Environment.TickCount64;

    /// <summary>Rows handed out on this silo.</summary>
    public long Used { get { lock (_gate) return _used; } }

    /// <summary>The next row index, or -1 when the source has no row left for this silo (a unique source ran out).</summary>
    public async ValueTask<long> TakeAsync(CancellationToken cancellation)
    {
        while (true)
        {
            Task refill;
            lock (_gate)
            {
                if (_left == 0 && _blocks.TryDequeue(out var block))
                {
                    (_next, _left) = (block.Start, block.Count);
                    _queued -= block.Count;
                }
                if (_left > 0)
                {
                    var sequence = _next++;
                    _left--;
                    _used++;
                    if (_left + _queued <= _blockSize / 2 && !_exhausted && _refill is null) _refill = Task.Run(RefillAsync);
                    return sequence % rows;
                }
                if (_exhausted) return -1;
                refill = _refill ??= Task.Run(RefillAsync); // never inline: it ends by clearing _refill
            }
            await refill.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Tells the coordinator how many rows this silo used, once its share is done.</summary>
    public Task ReportAsync() => client.ReportAsync(Used);

    private async Task RefillAsync()
    {
        int ask;
        long used;
        lock (_gate)
        {
            // About a second of use at the rate since the last lease.
            var now = Environment.TickCount64;
            var seconds = Math.Max(0.05, (now - _lastLeaseTicks) / 1000.0);
            var rate = (_used - _usedAtLastLease) / seconds;
            _blockSize = (int)Math.Clamp(rate, MinBlock, MaxBlock);
            (_lastLeaseTicks, _usedAtLastLease) = (now, _used);
            ask = _blockSize;
            used = _used;
        }
        try
        {
            var lease = await client.LeaseAsync(ask, used).ConfigureAwait(false);
            lock (_gate)
            {
                if (lease.Count > 0)
                {
                    _blocks.Enqueue(lease);
                    _queued += lease.Count;
                }
                // A silo the coordinator wrote off gets nothing more: it has no rows left either.
                if (lease.Exhausted || lease.Count == 0) _exhausted = true;
            }
        }
        finally
        {
            lock (_gate) _refill = null;
        }
    }
}
