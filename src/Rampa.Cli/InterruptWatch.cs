using System.Runtime.InteropServices;

namespace Rampa.Cli;

/// <summary>
/// Turns Ctrl-C and SIGTERM into a stop of the run while a driver waits for it: the first one prints
/// <c>message</c> (through <c>announce</c>, the terminal's view, so it lands above a live table) and calls <c>stop</c>
/// (the run winds down and its summary is still written), a second one exits at once with 105. Disposing unhooks both.
/// </summary>
public sealed class InterruptWatch : IDisposable
{
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly PosixSignalRegistration _sigterm;
    private int _count;

    public InterruptWatch(Action<string> announce, string message, Action stop)
    {
        void OnInterrupt()
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                announce(message);
                stop();
            }
            else Environment.Exit(Rampa.Core.ExitCodes.Interrupted);
        }
        _onCancel = (_, e) => { e.Cancel = true; OnInterrupt(); };
        Console.CancelKeyPress += _onCancel;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; OnInterrupt(); });
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= _onCancel;
        _sigterm.Dispose();
    }
}
