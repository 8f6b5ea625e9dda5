using System.Text;
using Rampa.Sdk;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// The Server-Sent Events wire format (WHATWG HTML, "event stream interpretation"), fed bytes as they arrive: lines end
/// with CR, LF or CRLF; <c>data:</c> lines accumulate, <c>event:</c> sets the type, <c>id:</c> the id, a line starting
/// with <c>:</c> is a comment, and a blank line dispatches the event (none when no data line came). A leading UTF-8 BOM
/// is skipped. <c>retry:</c> is read and ignored: a load test reconnects only when its scenario says so.
/// A line longer than <see cref="MaxLineBytes"/> is an error (the stream is not SSE, or hostile), so memory stays bounded.
/// </summary>
internal sealed class SseParser
{
    public const int MaxLineBytes = 1024 * 1024;

    private readonly List<byte> _line = new(256);
    private readonly StringBuilder _data = new();
    private bool _hasData;
    private string? _type;
    private string? _id;
    private string? _lastId;
    private bool _afterCr;
    private bool _started;

    /// <summary>
    /// Parses <paramref name="bytes"/> and adds each event it completes to <paramref name="events"/>; false when a line is
    /// longer than <see cref="MaxLineBytes"/> (then the stream must be given up).
    /// </summary>
    public bool Feed(ReadOnlySpan<byte> bytes, List<SseEvent> events)
    {
        var i = 0;
        if (!_started && bytes.Length > 0)
        {
            // The BOM may only open the stream; a partial one at the very start is rare enough to be read as text.
            _started = true;
            if (bytes.StartsWith("\uFEFF"u8)) i = 3;
        }
        for (; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\n')
            {
                if (_afterCr) { _afterCr = false; continue; } // the LF of a CRLF
                EndLine(events);
            }
            else if (b == (byte)'\r')
            {
                _afterCr = true;
                EndLine(events);
            }
            else
            {
                _afterCr = false;
                if (_line.Count >= MaxLineBytes) return false;
                _line.Add(b);
            }
        }
        return true;
    }

    private void EndLine(List<SseEvent> events)
    {
        if (_line.Count == 0)
        {
            Dispatch(events);
            return;
        }
        var line = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line));
        _line.Clear();
        if (line[0] == ':') return; // a comment (often a keep-alive)
        var colon = line.IndexOf(':');
        string field, value;
        if (colon < 0) (field, value) = (line, "");
        else
        {
            field = line[..colon];
            value = colon + 1 < line.Length && line[colon + 1] == ' ' ? line[(colon + 2)..] : line[(colon + 1)..];
        }
        switch (field)
        {
            case "data":
                if (_hasData) _data.Append('\n');
                _data.Append(value);
                _hasData = true;
                break;
            case "event":
                _type = value;
                break;
            case "id":
                if (!value.Contains('\0')) _id = value;
                break;
            // "retry" and unknown fields are ignored, as the standard says.
        }
    }

    private void Dispatch(List<SseEvent> events)
    {
        if (_id is not null) _lastId = _id;
        _id = null;
        if (!_hasData)
        {
            _type = null;
            return;
        }
        events.Add(new SseEvent(string.IsNullOrEmpty(_type) ? "message" : _type, _data.ToString(), _lastId));
        _data.Clear();
        _hasData = false;
        _type = null;
    }
}
