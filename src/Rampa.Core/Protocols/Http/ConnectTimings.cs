namespace Rampa.Core.Protocols.Http;

/// <summary>How long opening a connection took, filled by the handler's callbacks for the request that opened it.</summary>
internal sealed class ConnectTimings
{
    public bool Opened { get; private set; }
    public long DnsTicks { get; private set; }
    public long ConnectTicks { get; private set; }
    public long TlsTicks { get; private set; }
    /// <summary>Monotonic ticks when the connection was ready for requests (after TLS on https).</summary>
    public long ReadyAt { get; private set; }

    public void Reset()
    {
        Opened = false;
        DnsTicks = ConnectTicks = TlsTicks = ReadyAt = 0;
    }

    public void Connected(long dns, long connect, long at)
    {
        DnsTicks = dns;
        ConnectTicks = connect;
        ReadyAt = at;
        Opened = true;
    }

    public void Secured(long at)
    {
        if (!Opened) return;
        TlsTicks = at - ReadyAt;
        ReadyAt = at;
    }
}
