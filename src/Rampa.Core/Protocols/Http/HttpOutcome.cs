namespace Rampa.Core.Protocols.Http;

/// <summary>
/// What one HTTP request measured. Times are monotonic ticks. <see cref="Status"/> is 0 when no response came;
/// then <see cref="Error"/> says why (connection refused, reset, timeout...).
/// </summary>
public struct HttpOutcome
{
    public int Status;
    public string? Error;
    /// <summary>What was thrown when no response came (null otherwise): read only for a series' first failure message.</summary>
    public Exception? Exception;
    public long BlockedTicks;
    public long ConnectingTicks;
    public long TlsTicks;
    public long SendingTicks;
    public long WaitingTicks;
    public long ReceivingTicks;
    public bool Interrupted;
    /// <summary>Whether the exchange was HTTP/2 (the <c>proto</c> tag HTTP/2.0); false for HTTP/1.1.</summary>
    public bool Http2;
    /// <summary>Whether the request was written to the connection (an interrupted one may not have been).</summary>
    public bool Sent;
    /// <summary>
    /// The response body, only when a check needs it; null otherwise. With <see cref="ResponseKeeping.Raw"/>, the head
    /// (status line and headers, through the blank line: <see cref="HeadLength"/> bytes) followed by the body.
    /// </summary>
    public byte[]? Body;
    public int BodyLength;
    /// <summary>With <see cref="ResponseKeeping.Raw"/>, how many bytes of <see cref="Body"/> are the head; 0 otherwise.</summary>
    public int HeadLength;
}

/// <summary>What a request keeps of its response.</summary>
public enum ResponseKeeping
{
    /// <summary>Nothing: status, framing and timings only (status checks).</summary>
    None,
    /// <summary>The headers parsed to strings (<see cref="VuHttpClient.LastHeaders"/>) and the body (YAML checks and captures).</summary>
    Parsed,
    /// <summary>
    /// The head's and body's bytes, one exact-size array, nothing parsed: for a caller that parses only what its code
    /// reads (a C# scenario's <c>HttpResult</c>), so a response nobody reads costs one copy.
    /// </summary>
    Raw,
}
