using System.Net.Sockets;
using System.Text;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Failures;

/// <summary>
/// The sample message of a failed request, for the failures section: what the operating system or the target said,
/// e.g. <c>connect to 127.0.0.1:5081: Connection refused</c> or <c>HTTP 405 Method Not Allowed (GET /json)</c>.
/// Built only for the first failure of a series (see <see cref="Metrics.MetricSink.WantsMessage"/>), never on the
/// path of a successful request. One line, at most <see cref="MaxLength"/> characters.
/// </summary>
public static class FailureMessage
{
    public const int MaxLength = 300;

    public static string Of(in HttpOutcome outcome, HttpTarget target)
    {
        var request = RequestLine(target.RequestBytes.Span);
        var where = $"{target.Host}:{target.Port}";
        string text;
        if (outcome.Error is null) text = $"HTTP {outcome.Status} {ReasonPhrases.Of(outcome.Status)} ({request})";
        else if (outcome.Error == "request timeout") text = $"{request} on {where}: no complete response within the request's timeout";
        else if (outcome.Exception is { } e && Detail(e) is { } detail)
            text = outcome.Sent ? $"{request} on {where}: {detail}" : $"connect to {where}: {detail}";
        else text = outcome.Sent ? $"{request} on {where}: {outcome.Error}" : $"connect to {where}: {outcome.Error}";
        return OneLine(text);
    }

    /// <summary>The operating system's words when a socket error is in the chain, else the innermost message.</summary>
    private static string? Detail(Exception e)
    {
        string? innermost = null;
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se) return se.Message;
            if (!string.IsNullOrWhiteSpace(x.Message)) innermost = x.Message;
        }
        return innermost;
    }

    /// <summary><c>METHOD /path</c> from the request's first line (the bytes as sent).</summary>
    private static string RequestLine(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)'\r');
        var line = Encoding.ASCII.GetString(end < 0 ? bytes[..Math.Min(bytes.Length, 200)] : bytes[..Math.Min(end, 200)]);
        var version = line.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        return version > 0 ? line[..version] : line;
    }

    public static string OneLine(string text)
    {
        var flat = text.Replace('\r', ' ').Replace('\n', ' ').Trim();
        return flat.Length <= MaxLength ? flat : flat[..(MaxLength - 1)] + "…";
    }
}
