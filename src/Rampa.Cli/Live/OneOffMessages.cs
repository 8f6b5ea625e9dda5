using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// The messages a terminal view prints once, on a line of their own that stays: an <c>abortOnFail</c> threshold
/// stopping the run, the alert when nearly every request fails for a network reason, and each warning of the run the
/// first time a status carries it (e.g. the load generator's own saturation).
/// </summary>
public sealed class OneOffMessages
{
    private readonly HashSet<string> _warnings = new(StringComparer.Ordinal);
    private bool _abortShown;
    private bool _alertShown;

    /// <summary>The messages of <paramref name="status"/> not returned before, in the order to print them.</summary>
    public IReadOnlyList<OneOffMessage> New(RunStatus status)
    {
        var fresh = new List<OneOffMessage>();
        if (status.AbortedByThreshold is { } abort && !_abortShown)
        {
            _abortShown = true;
            fresh.Add(new($"{status.StopReason ?? $"threshold '{abort.Key}: {abort.Expression}' crossed (abortOnFail)"}: stopping the run, writing the summary", Warning: false));
        }
        if (!_alertShown && ProgressLine.Alert(status) is { } alert)
        {
            _alertShown = true;
            fresh.Add(new(alert, Warning: false));
        }
        foreach (var warning in status.Warnings)
            if (_warnings.Add(warning)) fresh.Add(new("⚠ warning: " + warning, Warning: true));
        return fresh;
    }
}

/// <summary>One message to print once; <paramref name="Warning"/> tells a warning of the run from an alarm.</summary>
public sealed record OneOffMessage(string Text, bool Warning);
