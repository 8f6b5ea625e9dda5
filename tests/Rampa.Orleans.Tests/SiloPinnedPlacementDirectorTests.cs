using System.Net;
using Rampa.Orleans.Placement;

namespace Rampa.Orleans.Tests;

public sealed class SiloPinnedPlacementDirectorTests
{
    private static SiloAddress Silo(int port, int generation = 1) => SiloAddress.New(IPAddress.Loopback, port, generation);

    private static readonly SiloAddress[] Live = [Silo(11113), Silo(11111), Silo(11112)];

    [Fact]
    public void Places_on_the_silo_the_key_names_when_it_is_compatible()
    {
        foreach (var (silo, i) in Live.Select((s, i) => (s, i)))
            Assert.Equal(silo, SiloPinnedPlacementDirector.Choose(SiloPinnedKey.Build("run", i, silo), Live));
    }

    [Fact]
    public void A_gone_silo_falls_back_to_the_segments_place_among_the_sorted_live_silos()
    {
        // The silo restarted on the same endpoint: a new generation is another silo, so the pin no longer holds.
        var gone = Silo(11112, generation: 0);
        var sorted = Live.Order().ToArray();
        for (var segment = 0; segment < 5; segment++)
        {
            var key = SiloPinnedKey.Build("run", segment, gone);
            Assert.Equal(sorted[segment % sorted.Length], SiloPinnedPlacementDirector.Choose(key, Live));
            // Deterministic: every caller racing to activate the grain, whatever order it lists the silos in, agrees.
            Assert.Equal(SiloPinnedPlacementDirector.Choose(key, Live), SiloPinnedPlacementDirector.Choose(key, Live.Reverse().ToArray()));
        }
    }

    [Fact]
    public void A_key_without_a_silo_gets_a_stable_live_silo()
    {
        var chosen = SiloPinnedPlacementDirector.Choose("run/0", Live);
        Assert.Contains(chosen, Live);
        Assert.Equal(chosen, SiloPinnedPlacementDirector.Choose("run/0", Live.Reverse().ToArray()));
    }

    [Fact]
    public void No_compatible_silo_is_an_error_not_a_guess() =>
        Assert.Throws<OrleansException>(() => SiloPinnedPlacementDirector.Choose(SiloPinnedKey.Build("run", 0, Live[0]), []));
}
