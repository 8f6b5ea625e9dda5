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
    /// <summary>Whether the request was written to the connection (an interrupted one may not have been).</summary>
    public bool Sent;
    /// <summary>The response body, only when a check needs it; null otherwise.</summary>
    public byte[]? Body;
    public int BodyLength;
}
