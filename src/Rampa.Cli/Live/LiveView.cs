using Rampa.Core.Live;
using Rampa.Orleans.Contracts;
using Spectre.Console;

namespace Rampa.Cli.Live;

/// <summary>
/// The terminal's live view of a run (stdout a terminal, no <c>--quiet</c> or <c>--no-color</c>): the table of
/// <see cref="LiveViewLayout"/>, redrawn in place once per status poll (about a second) in a <see cref="TerminalRegion"/>,
/// with the one-off messages (<see cref="OneOffMessages"/>, Ctrl-C's notice) printed above it. At the end the last
/// view stays on screen and the summary follows below it.
/// </summary>
public sealed class LiveView : ITerminalOutput
{
    private readonly Lock _lock = new();
    private readonly TerminalRegion _region;
    private readonly Func<(int Width, int Height)> _size;
    private readonly OneOffMessages _messages = new();
    private LiveFrame? _frame;
    private bool _ended;

    public LiveView(TextWriter output, Func<(int Width, int Height)> size, bool colors = true)
    {
        _size = size;
        _region = new TerminalRegion(output, size, colors);
    }

    /// <summary>The real terminal's size; a sane default when it cannot be read.</summary>
    public static (int Width, int Height) TerminalSize()
    {
        try
        {
            var (w, h) = (Console.WindowWidth, Console.WindowHeight);
            return (w > 0 ? w : 100, h > 0 ? h : 40);
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException) { return (100, 40); }
    }

    public void Begin(LiveRunInfo run) { }

    public void Update(RunStatus status, IReadOnlyList<LiveFrame> frames, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_ended) return;
            if (frames.Count > 0) _frame = frames[^1];
            foreach (var message in _messages.New(status))
                _region.Print(new Markup($"[{(message.Warning ? "bold yellow" : "bold red")}]{Markup.Escape(message.Text)}[/]"));
            _region.Draw(LiveViewLayout.Render(status, _frame, now, _size().Height - 1));
        }
    }

    public void Announce(string line)
    {
        lock (_lock) _region.Print(new Text(line));
    }

    public void End(RunStatus status)
    {
        // The drivers' last Update drew the finished run; from here on the region is left as it is.
        lock (_lock)
        {
            _ended = true;
            _region.Release();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override string ToString() => "live view";
}
