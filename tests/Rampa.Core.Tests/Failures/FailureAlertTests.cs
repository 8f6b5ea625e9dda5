using Rampa.Core.Failures;

namespace Rampa.Core.Tests.Failures;

public class FailureAlertTests
{
    private static readonly LiveFailureCount Refused = new(1212, "connection refused", 100, "connect to 127.0.0.1:5081: Connection refused");

    [Fact]
    public void Says_so_when_every_request_is_refused() =>
        Assert.Equal("⚠ 100% of requests fail: connection refused (connect to 127.0.0.1:5081: Connection refused) — is the target up?",
            FailureAlert.Line(100, [Refused]));

    [Fact]
    public void Adds_up_the_network_classes_and_names_the_others()
    {
        var line = FailureAlert.Line(100, [Refused with { Count = 60 }, new(1220, "connection reset", 35, null), new(1500, "HTTP 500", 5, "HTTP 500 Internal Server Error (GET /)")]);
        Assert.Equal("⚠ 95% of requests fail: connection refused (connect to 127.0.0.1:5081: Connection refused), and connection reset — is the target up?", line);
    }

    [Fact]
    public void Is_silent_when_the_target_answers_even_with_errors() =>
        Assert.Null(FailureAlert.Line(100, [new(1500, "HTTP 500", 100, "HTTP 500 Internal Server Error (GET /)")]));

    [Fact]
    public void Is_silent_below_the_share() =>
        Assert.Null(FailureAlert.Line(100, [Refused with { Count = 89 }]));

    [Fact]
    public void Is_silent_before_enough_requests() =>
        Assert.Null(FailureAlert.Line(FailureAlert.MinRequests - 1, [Refused with { Count = FailureAlert.MinRequests - 1 }]));

    [Fact]
    public void Works_without_a_message() =>
        Assert.Equal("⚠ 100% of requests fail: request timeout — is the target up?", FailureAlert.Line(10, [new(1050, "request timeout", 10, null)]));
}
