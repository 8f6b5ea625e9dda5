using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// The terminal's plain view of a run, used when stdout is not a terminal, with <c>--quiet</c> or <c>--no-color</c>:
/// the progress line (redrawn in place on a terminal, a line every 5 s otherwise, none with <c>--quiet</c>), and,
/// whatever the mode, the one-off messages a user must see: an <c>abortOnFail</c> threshold stopping the run, the
/// alert when nearly every request fails, and each new warning of the run (<see cref="RunStatus.Warnings"/>).
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool quiet, bool tty) : ITerminalOutput
{
    private readonly Lock _lock = new();
    private readonly OneOffMessages _messages = new();
    private DateTimeOffset _lastPrinted = DateTimeOffset.MinValue;
    private LiveFrame? _frame;
    private bool _drawn;

    public void Begin(LiveRunInfo run) { }

    public void Update(RunStatus status, IReadOnlyList<LiveFrame> frames, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (frames.Count > 0) _frame = frames[^1];
            foreach (var message in _messages.New(status))
            {
                ClearLine();
                output.WriteLine(message.Text);
            }
            if (quiet || status.IsFinished) return;
            var line = ProgressLine.Render(status, now, _frame);
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
    }

    public void Announce(string line)
    {
        lock (_lock)
        {
            ClearLine();
            output.WriteLine(line);
        }
    }

    public void End(RunStatus status)
    {
        lock (_lock) ClearLine();
    }

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
