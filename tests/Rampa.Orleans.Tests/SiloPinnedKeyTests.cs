using System.Net;
using Rampa.Orleans.Placement;

namespace Rampa.Orleans.Tests;

public sealed class SiloPinnedKeyTests
{
    private static readonly SiloAddress Silo = SiloAddress.New(IPAddress.Parse("10.0.0.7"), 11111, 123456789);

    [Fact]
    public void Builds_run_segment_and_parsable_silo_and_reads_them_back()
    {
        var key = SiloPinnedKey.Build("20261125-030216-a054", 2, Silo);
        Assert.Equal("20261125-030216-a054/2@" + Silo.ToParsableString(), key);
        Assert.True(SiloPinnedKey.TryParse(key, out var parsed));
        Assert.Equal(new SiloPinnedKey("20261125-030216-a054", 2, Silo), parsed);
        Assert.Equal(key, parsed.ToString());
    }

    [Fact]
    public void A_run_id_with_slashes_keeps_them_and_an_ipv6_silo_round_trips()
    {
        var v6 = SiloAddress.New(IPAddress.Parse("fd00::17"), 30000, 42);
        Assert.True(SiloPinnedKey.TryParse(SiloPinnedKey.Build("team/run-1", 0, v6), out var parsed));
        Assert.Equal("team/run-1", parsed.RunId);
        Assert.Equal(0, parsed.Segment);
        Assert.Equal(v6, parsed.Silo);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("run/0")] // the old, unpinned key
    [InlineData("run/x@10.0.0.7:11111@1")]
    [InlineData("run/-1@10.0.0.7:11111@1")]
    [InlineData("run/ 1@10.0.0.7:11111@1")]
    [InlineData("/1@10.0.0.7:11111@1")]
    [InlineData("run/1@not-a-silo")]
    [InlineData("run/1@")]
    public void Rejects_anything_else_without_throwing(string? key) => Assert.False(SiloPinnedKey.TryParse(key, out _));

    [Fact]
    public void Refuses_a_run_id_that_would_make_the_key_ambiguous()
    {
        Assert.Throws<ArgumentException>(() => SiloPinnedKey.Build("a@b", 0, Silo));
        Assert.Throws<ArgumentOutOfRangeException>(() => SiloPinnedKey.Build("run", -1, Silo));
    }
}
