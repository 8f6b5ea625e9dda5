using System.Text;
using Rampa.Core.Live;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Live;

/// <summary>
/// <c>--out json=FILE</c> (or <c>json=-</c> for stdout): each live frame as one line of JSON
/// (schemas/rampa-live.schema.json), written and flushed as it arrives, so <c>tail -f</c> or another program follows
/// the run. The file is created (or emptied) before the run starts, so a path that cannot be written is an error
/// before any load.
/// </summary>
public sealed class JsonLinesOutput : ILiveOutput
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly string _where;

    private JsonLinesOutput(TextWriter writer, bool owns, string where) => (_writer, _ownsWriter, _where) = (writer, owns, where);

    /// <summary>Opens <paramref name="path"/> (<c>-</c>: <paramref name="stdout"/>).</summary>
    /// <exception cref="CliUsageException">The file cannot be created.</exception>
    public static JsonLinesOutput Open(string path, TextWriter stdout)
    {
        if (path == "-") return new JsonLinesOutput(stdout, owns: false, "json=-");
        try
        {
            var full = Path.GetFullPath(path);
            if (Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
            var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read);
            return new JsonLinesOutput(new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" }, owns: true, "json=" + path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"--out json={path}: cannot write the file: {e.Message}");
        }
    }

    public void Begin(LiveRunInfo run) { }

    public void Update(RunStatus status, IReadOnlyList<LiveFrame> frames, DateTimeOffset now)
    {
        if (frames.Count == 0) return;
        foreach (var frame in frames) _writer.Write(LiveFrameJson.Write(frame) + "\n");
        _writer.Flush();
    }

    public void End(RunStatus status) => _writer.Flush();

    public async ValueTask DisposeAsync()
    {
        if (_ownsWriter) await _writer.DisposeAsync();
        else await _writer.FlushAsync();
    }

    public override string ToString() => _where;
}
