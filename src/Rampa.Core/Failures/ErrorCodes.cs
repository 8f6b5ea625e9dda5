namespace Rampa.Core.Failures;

/// <summary>
/// Classifies a failed request into a stable <see cref="FailureClass"/> with k6's error codes
/// (k6 <c>lib/netext/httpext/error_codes.go</c>): 1000 generic, 1050 request timeout, 1100-1199 DNS, 1200-1299 TCP
/// (1210 dial, 1211 dial timeout, 1212 connection refused, 1220 reset by peer), 1300-1399 TLS, 1400-1599 an HTTP 4xx
/// or 5xx response (1000 + its status). Pure: it reads what a request's series are tagged with (its <c>status</c> and,
/// when no response came, the <c>error</c> reason <see cref="Protocols.Http.HttpErrors"/> and the client record).
/// </summary>
public static class ErrorCodes
{
    public const int Generic = 1000;
    public const int RequestTimeout = 1050;
    public const int DnsNoSuchHost = 1101;
    public const int Tcp = 1200;
    public const int TcpDial = 1210;
    public const int TcpDialTimeout = 1211;
    public const int TcpDialRefused = 1212;
    public const int TcpResetByPeer = 1220;
    public const int Tls = 1300;

    /// <summary>Every <c>error</c> reason the HTTP client records, with its class.</summary>
    private static readonly Dictionary<string, FailureClass> ByError = new(StringComparer.Ordinal)
    {
        ["connection refused"] = new(TcpDialRefused, "connection refused", "the target refused the connection: nothing listens on that port"),
        ["connect timeout"] = new(TcpDialTimeout, "connect timeout", "the TCP connect timed out: the host did not answer"),
        ["unreachable"] = new(TcpDial, "unreachable", "no route to the host or its network"),
        ["host not found"] = new(DnsNoSuchHost, "host not found", "the DNS lookup found no address for the host"),
        ["connection reset"] = new(TcpResetByPeer, "connection reset", "the target reset the connection"),
        ["connection closed"] = new(Tcp, "connection closed", "the target closed the connection before any response"),
        ["request timeout"] = new(RequestTimeout, "request timeout", "no complete response within the request's timeout"),
        ["tls error"] = new(Tls, "tls error", "the TLS handshake failed"),
        ["incomplete response"] = new(Generic, "incomplete response", "the connection ended in the middle of the response"),
        ["invalid response"] = new(Generic, "invalid response", "the response was not valid HTTP/1.1"),
        ["response headers too large"] = new(Generic, "response headers too large", "the response head was over 64 KiB"),
        ["http version not negotiated"] = new(Generic, "http version not negotiated", "the server did not agree to HTTP/2 (ALPN chose another protocol)"),
        ["protocol error"] = new(Generic, "protocol error", "the HTTP/2 stream or connection was reset by a protocol error"),
        ["request failed"] = new(Generic, "request failed", "the request failed for another reason"),
    };

    /// <summary>
    /// The class of a request that failed: no response (<paramref name="error"/> set), or a response with
    /// <paramref name="status"/> outside the expected statuses.
    /// </summary>
    public static FailureClass Classify(int status, string? error)
    {
        if (error is not null)
        {
            if (ByError.TryGetValue(error, out var known)) return known;
            if (error.StartsWith("socket error", StringComparison.Ordinal)) return new(Tcp, error, "a TCP error of the operating system");
            return new(Generic, error, "the request failed for another reason");
        }
        var phrase = ReasonPhrases.Of(status);
        return status is >= 400 and < 600
            ? new(Generic + status, $"HTTP {status}", phrase)
            : new(null, $"HTTP {status}", $"{phrase}, not an expected status");
    }

    /// <summary>
    /// The <c>error_code</c> tag of a request's series, as k6 tags it: the code of a failure to get a response, or
    /// 1000 + the status of a 4xx/5xx response (whether or not it is expected); null otherwise, and for a request
    /// interrupted by the run's end (not a failure of the target).
    /// </summary>
    public static int? TagFor(int status, string? error) =>
        error is "interrupted" ? null
        : error is not null ? Classify(status, error).Code
        : status is >= 400 and < 600 ? Generic + status
        : null;
}
