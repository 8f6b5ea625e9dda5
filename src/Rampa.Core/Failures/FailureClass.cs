namespace Rampa.Core.Failures;

/// <summary>
/// Why a request failed, as a stable class: k6's <c>error_code</c> (<see cref="Code"/>; null for a response that is
/// only outside the expected statuses, below 400, for which k6 has no code), a short name that groups the failures of
/// the class, and a one-line description of what it usually means.
/// </summary>
public sealed record FailureClass(int? Code, string Name, string Description)
{
    /// <summary>
    /// A failure of the network (DNS, TCP, TLS, timeout): the request got no response at all. These are the ones that
    /// mean "is the target up?", not "the target said no".
    /// </summary>
    public bool IsNetwork => Code is >= 1000 and < 1400;

    /// <summary>The code as the summaries print it, or "-" when the class has none.</summary>
    public string CodeText => Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
