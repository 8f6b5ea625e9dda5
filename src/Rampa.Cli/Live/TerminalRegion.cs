using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rampa.Cli.Live;

/// <summary>
/// A block of lines at the bottom of a terminal, redrawn in place: each draw moves the cursor back to the block's first
/// line, erases to the end of the screen and writes the new content, all in one write (no flicker, no partial frame).
/// Lines printed with <see cref="Print"/> go above the block and stay. Nothing changes the terminal's modes (the cursor
/// stays visible, no alternate screen), so a process that exits at any point leaves a working terminal behind.
/// Spectre.Console renders the content and writes the cursor controls; this class only decides where.
/// </summary>
public sealed class TerminalRegion
{
    private readonly TextWriter _output;
    private readonly StringWriter _buffer = new() { NewLine = "\n" };
    private readonly IAnsiConsole _console;
    private readonly Func<(int Width, int Height)> _size;
    private string _content = "";
    private int _lines;

    /// <param name="size">The terminal's size now, asked at every draw (a resized window is followed).</param>
    public TerminalRegion(TextWriter output, Func<(int Width, int Height)> size, bool colors)
    {
        _output = output;
        _size = size;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = colors ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new BufferOutput(_buffer, size),
            Interactive = InteractionSupport.No,
        });
    }

    /// <summary>The lines the block takes now.</summary>
    public int Lines => _lines;

    /// <summary>Replaces the block with <paramref name="content"/>, cut to the terminal's height less one line.</summary>
    public void Draw(IRenderable content)
    {
        var text = Render(content);
        var max = Math.Max(1, _size().Height - 1);
        // Lines that scrolled off the top could not be reached again: a view taller than the screen is cut.
        var lines = text.Split('\n');
        if (lines.Length - 1 > max) text = string.Join('\n', lines.Take(max)) + "\n";
        Flush(Erase() + text, text);
    }

    /// <summary>Prints <paramref name="line"/> (markup) above the block, which is drawn again below it.</summary>
    public void Print(IRenderable line) => Flush(Erase() + Render(line) + _content, _content);

    /// <summary>Leaves the block on screen as ordinary lines: what is printed next goes below it, nothing is redrawn.</summary>
    public void Release()
    {
        _content = "";
        _lines = 0;
    }

    /// <summary>The control sequences that take the cursor back to the block's first line and erase it and below.</summary>
    private string Erase()
    {
        _buffer.GetStringBuilder().Clear();
        _console.WriteAnsi(w =>
        {
            // CPL to the first line's column 1 (also after a "^C" the terminal echoed on the line below), then ED 0.
            if (_lines > 0) w.CursorPreviousLine(_lines);
            else w.CursorHorizontalAbsolute(1);
            w.EraseInDisplay(0);
        });
        return _buffer.ToString();
    }

    /// <summary><paramref name="content"/> as the terminal's text, ending with a line break.</summary>
    private string Render(IRenderable content)
    {
        _buffer.GetStringBuilder().Clear();
        _console.Write(content);
        var text = _buffer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private void Flush(string write, string content)
    {
        _output.Write(write);
        _output.Flush();
        _content = content;
        _lines = content.Count(c => c == '\n');
    }

    /// <summary>Spectre's output: a buffer, as wide and high as the terminal.</summary>
    private sealed class BufferOutput(TextWriter writer, Func<(int Width, int Height)> size) : IAnsiConsoleOutput
    {
        public TextWriter Writer => writer;
        public bool IsTerminal => true;
        public int Width => size().Width;
        public int Height => size().Height;
        public void SetEncoding(Encoding encoding) { }
    }
}
