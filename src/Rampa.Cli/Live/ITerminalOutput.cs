namespace Rampa.Cli.Live;

/// <summary>
/// The live output that owns the terminal while a run goes (the live view, or the plain progress lines). Whatever else
/// must reach the user during the run (Ctrl-C's notice, a live output that stopped) goes through it, so that a line
/// printed by someone else never lands in the middle of a redrawn view.
/// </summary>
public interface ITerminalOutput : ILiveOutput
{
    /// <summary>Prints <paramref name="line"/> on a line of its own, above whatever is redrawn; safe from any thread.</summary>
    void Announce(string line);
}
