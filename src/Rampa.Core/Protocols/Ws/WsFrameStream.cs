using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Ws;

/// <summary>
/// The connection under a session's <see cref="System.Net.WebSockets.WebSocket"/>, above TLS: it hands the bytes read
/// after the handshake's head first, serialises writes (so a ping frame of ours never splits one of the WebSocket's), and
/// watches the server's frame headers for pongs. The built-in WebSocket has no ping-and-wait-for-pong; this is how
/// <c>ws_ping</c> is measured without writing a WebSocket of our own.
/// </summary>
internal sealed class WsFrameStream(Stream inner, byte[] leftover) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[] _leftover = leftover;
    private int _leftoverAt;

    // The frame parser's state: header bytes seen so far, the payload still to skip.
    private readonly byte[] _header = new byte[14];
    private int _headerHave;
    private long _payloadLeft;
    private TaskCompletionSource<long>? _pong;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        if (_leftoverAt < _leftover.Length)
        {
            n = Math.Min(buffer.Length, _leftover.Length - _leftoverAt);
            _leftover.AsMemory(_leftoverAt, n).CopyTo(buffer);
            _leftoverAt += n;
            if (_leftoverAt == _leftover.Length) _leftover = [];
        }
        else n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Sniff(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends an empty, masked ping frame and returns a task that completes with the monotonic time its pong's header was
    /// read. The session reads all the time (its receive loop), so the pong is seen as soon as it arrives.
    /// </summary>
    public async Task<Task<long>> SendPingAsync(CancellationToken cancellation)
    {
        var pong = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pong, pong);
        var frame = new byte[6];
        frame[0] = 0x89; // FIN + ping
        frame[1] = 0x80; // masked (a client's frames must be), no payload
        System.Security.Cryptography.RandomNumberGenerator.Fill(frame.AsSpan(2, 4));
        await WriteAsync(frame, cancellation).ConfigureAwait(false);
        return pong.Task;
    }

    /// <summary>Follows the server's frames (header, then payload skipped) through the bytes read, noting each pong.</summary>
    private void Sniff(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, data.Length);
                _payloadLeft -= skip;
                data = data[skip..];
                continue;
            }
            _header[_headerHave++] = data[0];
            data = data[1..];
            if (_headerHave < 2) continue;
            var len7 = _header[1] & 0x7F;
            var need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((_header[1] & 0x80) != 0 ? 4 : 0);
            if (_headerHave < need) continue;
            long length = len7 switch
            {
                126 => (_header[2] << 8) | _header[3],
                127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2, 8)),
                _ => len7,
            };
            if ((_header[0] & 0x0F) == 0x0A) Interlocked.Exchange(ref _pong, null)?.TrySetResult(MonotonicClock.Now);
            _headerHave = 0;
            _payloadLeft = length;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
