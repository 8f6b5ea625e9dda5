using System.Runtime.CompilerServices;
using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// Wraps a connection's stream and records every byte read and written into <c>data_received</c>/<c>data_sent</c>:
/// the bytes on the wire, exactly, headers included, whatever the handler adds.
/// </summary>
internal sealed class CountingStream(Stream inner, MetricSink sink, int sentId, int receivedId) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Received(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Received(inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Received(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Write(byte[] buffer, int offset, int count) { inner.Write(buffer, offset, count); Sent(count); }
    public override void Write(ReadOnlySpan<byte> buffer) { inner.Write(buffer); Sent(buffer.Length); }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Sent(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private int Received(int n)
    {
        if (n > 0) sink.Add(receivedId, n);
        return n;
    }

    private void Sent(int n)
    {
        if (n > 0) sink.Add(sentId, n);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
