namespace Rampa.Core.Engine;

/// <summary>
/// Derives independent, reproducible seeds from the run's seed (SplitMix64 over a stable FNV-1a string hash):
/// the same run seed gives every VU the same stream on any machine and any number of silos.
/// </summary>
public static class SeedMixer
{
    public static int Mix(long seed, string stream, long index)
    {
        var x = unchecked((ulong)seed ^ Fnv1a(stream) ^ ((ulong)index * 0x9E3779B97F4A7C15UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return unchecked((int)x ^ (int)(x >> 32));
    }

    public static ulong Fnv1a(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text) h = unchecked((h ^ c) * 1099511628211UL);
        return h;
    }
}
