using Azure;

namespace Rampa.Silo.Tests;

/// <summary>Which start failures are retried (a storage 403 while role assignments propagate), how often and how long.</summary>
public sealed class StartRetryTests
{
    private static readonly Exception Forbidden = new RequestFailedException(403, "This request is not authorized to perform this operation using this permission.");

    [Fact]
    public void A_403_is_retried_with_doubling_delays_up_to_30s_until_the_bound_is_spent()
    {
        var retry = new StartRetry(TimeSpan.FromSeconds(100));
        var delays = new List<double>();
        while (retry.Next(Forbidden) is { } delay) delays.Add(delay.TotalSeconds);
        // 2 + 4 + 8 + 16 + 30 = 60, then 30 more, then the 10 s the bound leaves.
        Assert.Equal([2, 4, 8, 16, 30, 30, 10], delays);
        Assert.Equal(7, retry.Attempts);
        Assert.Null(retry.Next(Forbidden));
    }

    [Fact]
    public void A_403_deep_in_the_chain_counts_as_one()
    {
        var wrapped = new InvalidOperationException("Hosting failed to start",
            new AggregateException(new TimeoutException("first"), new global::Orleans.Runtime.OrleansException("membership", Forbidden)));
        Assert.True(StartRetry.IsPermissionDenied(wrapped));
        Assert.NotNull(new StartRetry(TimeSpan.FromMinutes(1)).Next(wrapped));
    }

    [Fact]
    public void Other_failures_are_not_retried()
    {
        var retry = new StartRetry(TimeSpan.FromMinutes(4));
        Assert.Null(retry.Next(new RequestFailedException(404, "not found")));
        Assert.Null(retry.Next(new RequestFailedException(401, "unauthenticated")));
        Assert.Null(retry.Next(new TimeoutException()));
        Assert.Equal(0, retry.Attempts);
    }

    [Fact]
    public void A_zero_bound_never_retries() => Assert.Null(new StartRetry(TimeSpan.Zero).Next(Forbidden));

    [Fact]
    public void The_default_wait_is_4_minutes_with_entra_id_and_none_with_a_connection_string()
    {
        var entra = RampaSiloOptions.Parse(["--storage", "https://acct.blob.core.windows.net", "--cluster-id", "c"], _ => null);
        Assert.Equal(TimeSpan.FromMinutes(4), entra.EffectivePermissionWait);
        var key = RampaSiloOptions.Parse(["--storage", "UseDevelopmentStorage=true", "--cluster-id", "c"], _ => null);
        Assert.Equal(TimeSpan.Zero, key.EffectivePermissionWait);
        var set = RampaSiloOptions.Parse(["--storage", "UseDevelopmentStorage=true", "--cluster-id", "c"],
            v => v == "RAMPA_PERMISSION_WAIT" ? "90s" : null);
        Assert.Equal(TimeSpan.FromSeconds(90), set.EffectivePermissionWait);
        Assert.Equal(TimeSpan.Zero, RampaSiloOptions.Parse(["--storage", "https://acct.blob.core.windows.net", "--cluster-id", "c", "--permission-wait", "0"], _ => null).EffectivePermissionWait);
    }

    [Theory]
    [InlineData("--permission-wait", "soon")]
    [InlineData("--health-port", "99999")]
    public void Bad_values_name_the_option_and_value(string option, string value)
    {
        var e = Assert.Throws<SiloOptionsException>(() =>
            RampaSiloOptions.Parse(["--storage", "UseDevelopmentStorage=true", "--cluster-id", "c", option, value], _ => null));
        Assert.Contains(option, e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void The_health_port_comes_from_RAMPA_HEALTH_PORT_and_must_differ_from_the_silo_ports()
    {
        var options = RampaSiloOptions.Parse(["--storage", "UseDevelopmentStorage=true", "--cluster-id", "c"], v => v == "RAMPA_HEALTH_PORT" ? "8080" : null);
        Assert.Equal(8080, options.HealthPort);
        var e = Assert.Throws<SiloOptionsException>(() =>
            RampaSiloOptions.Parse(["--storage", "UseDevelopmentStorage=true", "--cluster-id", "c", "--silo-port", "8080", "--health-port", "8080"], _ => null));
        Assert.Contains("--health-port 8080", e.Message);
    }
}
