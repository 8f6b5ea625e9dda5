using System.Net.Sockets;

namespace Rampa.Core.Protocols.Http;

/// <summary>A counted connection stream that also notes when it last wrote (the end of a request's sending).</summary>
internal sealed class Http2NetworkStream(Socket socket, Http2Transport transport) : CountedNetworkStream(socket)
{
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = base.WriteAsync(buffer, cancellationToken);
        transport.NoteWrite();
        return write;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        base.Write(buffer);
        transport.NoteWrite();
    }
}
