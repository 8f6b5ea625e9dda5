using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rampa.Orleans.Placement;

/// <summary>
/// The key of a silo-pinned grain: <c>{runId}/{segment}@{silo}</c>, the silo as <see cref="SiloAddress.ToParsableString"/>
/// (itself <c>ip:port@generation</c>). The run id holds no '@', so the first '@' ends the segment part; the
/// generation in the silo part tells a restarted silo on the same endpoint from the one the key was made for.
/// </summary>
public sealed record SiloPinnedKey(string RunId, int Segment, SiloAddress Silo)
{
    public static string Build(string runId, int segment, SiloAddress silo)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(silo);
        if (runId.Contains('@')) throw new ArgumentException($"a run id may not contain '@': '{runId}'", nameof(runId));
        ArgumentOutOfRangeException.ThrowIfNegative(segment);
        return $"{runId}/{segment.ToString(CultureInfo.InvariantCulture)}@{silo.ToParsableString()}";
    }

    public override string ToString() => Build(RunId, Segment, Silo);

    /// <summary>Reads a key made by <see cref="Build"/>; false for anything else (no exception: keys come from callers).</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out SiloPinnedKey? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(key)) return false;
        var at = key.IndexOf('@');
        if (at < 0) return false;
        var slash = key.LastIndexOf('/', at);
        if (slash <= 0) return false;
        var segmentText = key.AsSpan(slash + 1, at - slash - 1);
        // NumberStyles.None: digits only, no sign or blanks.
        if (!int.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out var segment)) return false;
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key[(at + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return false;
        }
        parsed = new SiloPinnedKey(key[..slash], segment, silo);
        return true;
    }
}
