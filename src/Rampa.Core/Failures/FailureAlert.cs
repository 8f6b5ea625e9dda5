using System.Globalization;

namespace Rampa.Core.Failures;

/// <summary>One class of failure so far, as the live status carries it (summed over the silos).</summary>
public sealed record LiveFailureCount(int? Code, string Name, long Count, string? Message)
{
    public bool IsNetwork => Code is >= 1000 and < 1400;
}

/// <summary>
/// The live line's warning when nearly every request fails for a network reason (nothing listening, DNS, refused,
/// reset, timeouts): the target is most likely down or the URL wrong, and the user should know at once rather than
/// after the run, e.g. <c>⚠ 100% of requests fail: connection refused (connect to 127.0.0.1:5081: Connection refused) — is the target up?</c>
/// </summary>
public static class FailureAlert
{
    /// <summary>Below this many requests with a verdict, say nothing: one unlucky request is no pattern.</summary>
    public const long MinRequests = 5;
    /// <summary>The share of requests that must fail for a network reason.</summary>
    public const double MinShare = 0.9;

    /// <summary>The warning, or null when requests mostly get responses (or too few have been made).</summary>
    public static string? Line(long requests, IEnumerable<LiveFailureCount> failures)
    {
        if (requests < MinRequests) return null;
        var network = failures.Where(f => f.IsNetwork).OrderByDescending(f => f.Count).ThenBy(f => f.Code).ToList();
        var failed = network.Sum(f => f.Count);
        var share = (double)failed / requests;
        if (share < MinShare) return null;
        var top = network[0];
        var percent = Math.Floor(share * 100).ToString("0", CultureInfo.InvariantCulture);
        var example = top.Message is null ? "" : $" ({top.Message})";
        var others = network.Count > 1 ? $", and {string.Join(", ", network.Skip(1).Select(f => f.Name))}" : "";
        return $"⚠ {percent}% of requests fail: {top.Name}{example}{others} — is the target up?";
    }
}
