using Rampa.Core.Engine;

namespace Rampa.Core.Tests.Executors;

/// <summary>The seeds behind <c>arrival: poisson</c> and each VU's random stream.</summary>
public class SeedMixerTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]      // FNV-1a 64 offset basis
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]     // published FNV-1a 64 test vectors
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a_matches_the_reference_vectors(string text, ulong expected) =>
        Assert.Equal(expected, SeedMixer.Fnv1a(text));

    [Fact]
    public void Mix_is_deterministic()
    {
        Assert.Equal(SeedMixer.Mix(42, "arrival:api", 7), SeedMixer.Mix(42, "arrival:api", 7));
        Assert.Equal(SeedMixer.Mix(-1, "vu", 0), SeedMixer.Mix(-1, "vu", 0));
    }

    [Fact]
    public void Mix_separates_seeds_streams_and_indices()
    {
        var seen = new HashSet<int>();
        foreach (var seed in new long[] { 0, 1, 42, -42, long.MaxValue })
            foreach (var stream in new[] { "", "vu", "arrival:api", "arrival:apj" })
                for (long index = 0; index < 500; index++)
                    seen.Add(SeedMixer.Mix(seed, stream, index));
        // 10,000 inputs: a 32-bit mix collides almost never (expected collisions ~0.01).
        Assert.True(seen.Count >= 9_995, $"only {seen.Count} distinct seeds");
    }

    [Fact]
    public void Mix_bits_are_balanced()
    {
        var ones = new long[32];
        const int n = 20_000;
        for (var i = 0; i < n; i++)
        {
            var x = (uint)SeedMixer.Mix(7, "vu", i);
            for (var b = 0; b < 32; b++) ones[b] += (x >> b) & 1;
        }
        Assert.All(ones, c => Assert.InRange(c, n * 0.46, n * 0.54));
    }
}
