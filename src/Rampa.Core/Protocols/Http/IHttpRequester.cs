namespace Rampa.Core.Protocols.Http;

/// <summary>
/// One VU's way to send an HTTP request of one protocol and measure it (<see cref="HttpOutcome"/>: status, phase
/// timings, error, kept response). <see cref="VuHttpClient"/> is HTTP/1.1, <see cref="Http2Requester"/> HTTP/2; a
/// request picks its requester once (<see cref="VuRequesters"/>), and everything after it (series, checks,
/// captures, retries, error codes) reads only the outcome. Never throws for a failing target.
/// </summary>
public interface IHttpRequester : IDisposable
{
    /// <summary>The token that interrupts the VU this requester belongs to.</summary>
    CancellationToken Interrupt { get; }

    /// <summary>The response headers of the last request, when it kept its response.</summary>
    IReadOnlyList<KeyValuePair<string, string>>? LastHeaders { get; }

    ValueTask<HttpOutcome> SendAsync(HttpTarget target, TimeSpan timeout, ResponseKeeping keep);
}
