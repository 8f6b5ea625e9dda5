using Rampa.Core.Failures;
using Rampa.Core.Protocols.Http;

namespace Rampa.Core.Tests.Failures;

/// <summary>The classifier maps what a failed request's series is tagged with to k6's error codes.</summary>
public class ErrorCodesTests
{
    [Theory]
    [InlineData(0, "connection refused", 1212, "connection refused", true)]
    [InlineData(0, "connect timeout", 1211, "connect timeout", true)]
    [InlineData(0, "unreachable", 1210, "unreachable", true)]
    [InlineData(0, "host not found", 1101, "host not found", true)]
    [InlineData(0, "connection reset", 1220, "connection reset", true)]
    [InlineData(0, "connection closed", 1200, "connection closed", true)]
    [InlineData(0, "socket error AccessDenied", 1200, "socket error AccessDenied", true)]
    [InlineData(0, "request timeout", 1050, "request timeout", true)]
    [InlineData(0, "tls error", 1300, "tls error", true)]
    [InlineData(0, "incomplete response", 1000, "incomplete response", true)]
    [InlineData(0, "invalid response", 1000, "invalid response", true)]
    [InlineData(0, "response headers too large", 1000, "response headers too large", true)]
    [InlineData(0, "request failed", 1000, "request failed", true)]
    [InlineData(0, "something new", 1000, "something new", true)]
    [InlineData(404, null, 1404, "HTTP 404", false)]
    [InlineData(405, null, 1405, "HTTP 405", false)]
    [InlineData(429, null, 1429, "HTTP 429", false)]
    [InlineData(500, null, 1500, "HTTP 500", false)]
    [InlineData(503, null, 1503, "HTTP 503", false)]
    [InlineData(599, null, 1599, "HTTP 599", false)]
    public void Classifies_as_k6_does(int status, string? error, int code, string name, bool network)
    {
        var c = ErrorCodes.Classify(status, error);
        Assert.Equal(code, c.Code);
        Assert.Equal(name, c.Name);
        Assert.Equal(network, c.IsNetwork);
        Assert.False(string.IsNullOrWhiteSpace(c.Description));
    }

    [Theory]
    [InlineData(200, "OK")]
    [InlineData(302, "Found")]
    [InlineData(304, "Not Modified")]
    public void An_unexpected_status_below_400_has_no_code(int status, string phrase)
    {
        var c = ErrorCodes.Classify(status, null);
        Assert.Null(c.Code);
        Assert.Equal("-", c.CodeText);
        Assert.Equal($"HTTP {status}", c.Name);
        Assert.StartsWith(phrase, c.Description, StringComparison.Ordinal);
        Assert.False(c.IsNetwork);
    }

    [Theory]
    [InlineData(0, "connection refused", 1212)]
    [InlineData(0, "request timeout", 1050)]
    [InlineData(404, null, 1404)]
    [InlineData(500, null, 1500)]
    [InlineData(200, null, null)]
    [InlineData(302, null, null)]
    [InlineData(0, "interrupted", null)]
    public void The_error_code_tag_follows_k6(int status, string? error, int? code) =>
        Assert.Equal(code, ErrorCodes.TagFor(status, error));

    [Fact]
    public void Every_reason_the_client_records_has_its_own_class()
    {
        // What HttpErrors.Describe can return for socket errors and what VuHttpClient records itself.
        string[] reasons = ["connection refused", "connection reset", "connect timeout", "host not found", "unreachable", "tls error",
            "request failed", "request timeout", "connection closed", "incomplete response", "invalid response", "response headers too large"];
        Assert.All(reasons, r => Assert.Equal(r, ErrorCodes.Classify(0, r).Name));
        Assert.Equal("connection refused", HttpErrors.Describe(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
    }

    [Theory]
    [InlineData(405, "Method Not Allowed")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(418, "Client Error")]
    [InlineData(599, "Server Error")]
    public void Reason_phrases(int status, string phrase) => Assert.Equal(phrase, ReasonPhrases.Of(status));
}
