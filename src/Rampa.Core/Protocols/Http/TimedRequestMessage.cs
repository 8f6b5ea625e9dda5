namespace Rampa.Core.Protocols.Http;

/// <summary>
/// A request that carries its own connect timing: SocketsHttpHandler hands the request that triggered a new
/// connection to the connect callback, which writes the time here (no per-request dictionary needed).
/// </summary>
internal sealed class TimedRequestMessage(HttpMethod method, Uri uri) : HttpRequestMessage(method, uri)
{
    /// <summary>Monotonic ticks spent establishing a new TCP connection for this request (0 when one was reused).</summary>
    public long ConnectTicks;
}
