using System.Net.Sockets;
using System.Security.Authentication;

namespace Rampa.Core.Protocols.Http;

/// <summary>A short, stable reason for a failed request: it becomes the <c>error</c> tag, so the set stays small.</summary>
public static class HttpErrors
{
    public static string Describe(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se)
                return se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "connection reset",
                    SocketError.TimedOut => "connect timeout",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
                    _ => "socket error " + se.SocketErrorCode,
                };
            if (x is AuthenticationException) return "tls error";
        }
        // HTTP/2 goes through the platform's handler, which says what failed without a socket error in the chain.
        if (e is HttpRequestException h)
            switch (h.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError: return "host not found";
                case HttpRequestError.SecureConnectionError: return "tls error";
                case HttpRequestError.VersionNegotiationError: return "http version not negotiated";
                case HttpRequestError.HttpProtocolError: return "protocol error";
                case HttpRequestError.ResponseEnded: return "incomplete response";
                case HttpRequestError.ConnectionError: return "connection reset";
            }
        return e is ObjectDisposedException ? "connection reset" : e is IOException ? "connection reset" : "request failed";
    }
}
