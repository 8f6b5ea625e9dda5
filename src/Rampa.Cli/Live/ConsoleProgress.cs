using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// The terminal's view of a run: the progress line (redrawn in place on a terminal, a line every 5 s otherwise, none
/// with <c>--quiet</c>), and, whatever the mode, the one-off messages a user must see: an <c>abortOnFail</c> threshold
/// stopping the run, and the alert when nearly every request fails.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool quiet, bool tty) : ILiveOutput
{
    private DateTimeOffset _lastPrinted = DateTimeOffset.MinValue;
    private bool _abortShown;
    private bool _alertShown;
    private bool _drawn;

    public void Begin(LiveRunInfo run) { }

    public void Update(RunStatus status, IReadOnlyList<LiveFrame> frames, DateTimeOffset now)
    {
        if (status.AbortedByThreshold is { } abort && !_abortShown)
        {
            _abortShown = true;
            ClearLine();
            output.WriteLine($"{status.StopReason ?? $"threshold '{abort.Key}: {abort.Expression}' crossed (abortOnFail)"}: stopping the run, writing the summary");
        }
        if (!_alertShown && ProgressLine.Alert(status) is { } alert)
        {
            _alertShown = true;
            ClearLine();
            output.WriteLine(alert);
        }
        if (quiet || status.IsFinished) return;
        var line = ProgressLine.Render(status, now);
        if (tty)
        {
            output.Write("\r\u001b[2K" + line);
            _drawn = true;
        }
        else if (now - _lastPrinted >= TimeSpan.FromSeconds(5))
        {
            output.WriteLine(line);
            _lastPrinted = now;
        }
    }

    public void End(RunStatus status) => ClearLine();

    /// <summary>Ends the redrawn line so what follows starts on a line of its own.</summary>
    private void ClearLine()
    {
        if (!_drawn) return;
        output.WriteLine();
        _drawn = false;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override string ToString() => "progress";
}
