using System.Runtime.CompilerServices;
using System.Net.Sockets;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// A connection's NetworkStream that counts the bytes read and written, exactly, headers included. It stays a
/// NetworkStream (the handler keeps its fast paths) and counts into plain fields: one connection does one read and
/// one write at a time, and <see cref="TrafficCounter"/> collects the totals once a second, off the hot path.
/// </summary>
internal class CountedNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    private long _sent, _received;
    private long _reportedSent, _reportedReceived;
    private volatile bool _closed;

    public bool Closed => _closed;

    public override int Read(Span<byte> buffer) => Count(base.Read(buffer));
    public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = base.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully) return new ValueTask<int>(Count(read.Result));
        return Awaited(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // per pending read
    private async ValueTask<int> Awaited(ValueTask<int> read) => Count(await read.ConfigureAwait(false));

    private int Count(int n)
    {
        if (n > 0) Volatile.Write(ref _received, _received + n);
        return n;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        base.Write(buffer);
        Volatile.Write(ref _sent, _sent + buffer.Length);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        base.Write(buffer, offset, count);
        Volatile.Write(ref _sent, _sent + count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _sent, _sent + buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Bytes since the previous call (called by the one collector only).</summary>
    public (long Sent, long Received) TakeDelta()
    {
        var sent = Volatile.Read(ref _sent);
        var received = Volatile.Read(ref _received);
        var delta = (sent - _reportedSent, received - _reportedReceived);
        _reportedSent = sent;
        _reportedReceived = received;
        return delta;
    }

    protected override void Dispose(bool disposing)
    {
        _closed = true;
        base.Dispose(disposing);
    }
}
