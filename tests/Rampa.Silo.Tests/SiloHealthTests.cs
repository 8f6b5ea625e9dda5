using Orleans.Runtime;

namespace Rampa.Silo.Tests;

/// <summary>What the health endpoint answers for each membership status of the silo.</summary>
public sealed class SiloHealthTests
{
    private static SiloHealth With(SiloStatus status)
    {
        var health = new SiloHealth();
        health.Track(() => status);
        return health;
    }

    [Theory]
    [InlineData(SiloStatus.None)]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    public void Before_active_both_probes_answer_503(SiloStatus status)
    {
        var health = With(status);
        Assert.Equal(503, health.Answer(SiloHealth.ReadyPath).Code);
        Assert.Equal(503, health.Answer(SiloHealth.StartupPath).Code);
    }

    [Fact]
    public void No_silo_yet_is_not_ready_and_says_not_joined()
    {
        var (code, body) = new SiloHealth().Answer(SiloHealth.ReadyPath);
        Assert.Equal(503, code);
        Assert.Equal("not ready: not joined", body);
    }

    [Fact]
    public void Active_is_ready_and_started()
    {
        var health = With(SiloStatus.Active);
        Assert.Equal((200, "ready: Active"), health.Answer(SiloHealth.ReadyPath));
        Assert.Equal(200, health.Answer(SiloHealth.StartupPath).Code);
        Assert.Equal(200, health.Answer(SiloHealth.ReadyPath + "?probe=1").Code);
    }

    [Fact]
    public void A_silo_that_was_active_and_leaves_is_not_ready_but_stays_started()
    {
        var status = SiloStatus.Active;
        var health = new SiloHealth();
        health.Track(() => status);
        Assert.Equal(200, health.Answer(SiloHealth.ReadyPath).Code);
        status = SiloStatus.ShuttingDown;
        Assert.Equal(503, health.Answer(SiloHealth.ReadyPath).Code);
        // A startup probe failing now would make the platform restart a silo that is leaving on purpose.
        Assert.Equal(200, health.Answer(SiloHealth.StartupPath).Code);
        health.Track(null);
        Assert.Equal(503, health.Answer(SiloHealth.ReadyPath).Code);
    }

    [Fact]
    public void Another_path_is_404_naming_the_two_paths()
    {
        var (code, body) = With(SiloStatus.Active).Answer("/");
        Assert.Equal(404, code);
        Assert.Contains(SiloHealth.ReadyPath, body);
        Assert.Contains(SiloHealth.StartupPath, body);
    }
}
