using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// Every live output of one run, called in order; the frames come out of each status once (<see cref="LiveFrameCursor"/>).
/// An output that throws is reported once on the console and dropped: a broken output never stops or changes the run.
/// The first output that owns the terminal (<see cref="ITerminalOutput"/>) prints what else must be said during the run.
/// </summary>
public sealed class LiveOutputs(IReadOnlyList<ILiveOutput> outputs, TextWriter console) : IAsyncDisposable
{
    private readonly List<ILiveOutput> _live = outputs.ToList();
    private readonly LiveFrameCursor _cursor = new();
    private readonly Lock _announceLock = new();
    private volatile ITerminalOutput? _terminal = outputs.OfType<ITerminalOutput>().FirstOrDefault();

    /// <summary>
    /// The terminal's view and every <c>--out</c> of <paramref name="args"/>, opened now (a file that cannot be
    /// written is an error before any load). The view is the live table (<see cref="LiveView"/>) on a terminal, else
    /// plain progress lines (<see cref="ConsoleProgress"/>); an output that writes to stdout silences the progress.
    /// </summary>
    public static LiveOutputs Open(CliArguments args, TextWriter console)
    {
        var opened = new List<ILiveOutput>();
        var stdoutTaken = args.Outs.Any(o => OutputKinds.Find(o.Kind)!.UsesStdout(o.Value));
        var tty = !Console.IsOutputRedirected;
        opened.Add(WantsLiveView(tty, args.Quiet || stdoutTaken, args.NoColor, Environment.GetEnvironmentVariable("TERM"))
            ? new LiveView(console, LiveView.TerminalSize)
            : new ConsoleProgress(console, quiet: args.Quiet || stdoutTaken, tty));
        try
        {
            var exporters = new List<Telemetry.ITelemetryExporter>();
            foreach (var spec in args.Outs)
            {
                var kind = OutputKinds.Find(spec.Kind)!;
                if (kind.Exporter is { } exporter) exporters.Add(exporter(spec.Value));
                else opened.Add(kind.Open(spec.Value, console));
            }
            if (OpenTelemetry(args, exporters, console) is { } telemetry) opened.Add(telemetry);
        }
        catch
        {
            foreach (var o in opened) o.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return new LiveOutputs(opened, console);
    }

    /// <summary>
    /// The live table needs a terminal that moves its cursor (stdout not redirected, TERM not <c>dumb</c>); <c>--quiet</c>
    /// (or an output on stdout) and <c>--no-color</c> ask for plain lines.
    /// </summary>
    public static bool WantsLiveView(bool tty, bool quiet, bool noColor, string? term) =>
        tty && !quiet && !noColor && term != "dumb";

    /// <summary>
    /// Prints <paramref name="line"/> through the terminal's view (above a live table, never inside it); any thread.
    /// </summary>
    public void Announce(string line)
    {
        lock (_announceLock)
        {
            if (_terminal is { } terminal)
            {
                try
                {
                    terminal.Announce(line);
                    return;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException) { }
            }
            console.WriteLine(line);
        }
    }

    /// <summary>The telemetry exporters asked for on the command line and by the environment, as one output (null: none).</summary>
    private static TelemetryOutput? OpenTelemetry(CliArguments args, List<Telemetry.ITelemetryExporter> exporters, TextWriter console)
    {
        try
        {
            var env = (Func<string, string?>)Environment.GetEnvironmentVariable;
            exporters.AddRange(Telemetry.TelemetryKinds.FromEnvironment(args.Outs.Select(o => o.Kind).ToList(), env));
            if (exporters.Count == 0) return null;
            var pipeline = Telemetry.TelemetryPipeline.Start(new Telemetry.RunTelemetry(endSpanOnFinalFrame: false), exporters,
                Telemetry.TelemetrySettings.FromEnvironment(env), line => console.WriteLine("rampa: " + line));
            return new TelemetryOutput(pipeline);
        }
        catch (Telemetry.TelemetryConfigException e)
        {
            throw new CliUsageException(e.Message);
        }
    }

    public void Begin(LiveRunInfo run) => Each(o => o.Begin(run));

    public void Update(RunStatus? status, DateTimeOffset now)
    {
        if (status is null) return;
        var frames = _cursor.Take(status);
        Each(o => o.Update(status, frames, now));
    }

    public void End(RunStatus status)
    {
        Update(status, DateTimeOffset.UtcNow);
        Each(o => o.End(status));
    }

    private void Each(Action<ILiveOutput> call)
    {
        foreach (var output in _live.ToList())
        {
            try { call(output); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException)
            {
                _live.Remove(output);
                if (ReferenceEquals(output, _terminal)) _terminal = null;
                Announce($"warning: the live output {output} stopped: {e.Message}; the run goes on");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var output in outputs)
        {
            try { await output.DisposeAsync(); }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                console.WriteLine($"warning: closing the live output {output} failed: {e.Message}");
            }
        }
    }
}
