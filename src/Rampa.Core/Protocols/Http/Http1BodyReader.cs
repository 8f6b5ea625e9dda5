using System.Buffers;
using System.Buffers.Text;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// Consumes a response body as bytes arrive, whatever its framing: a known length, chunked transfer coding
/// (chunk sizes, extensions and trailers), or everything until the server closes. Pure state machine: feed it what
/// was read; it says how much it took and when the body is complete. Optionally keeps the body's bytes.
/// </summary>
public sealed class Http1BodyReader
{
    private enum State { Length, UntilClose, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Done }

    private State _state;
    private long _remaining;
    private IBufferWriter<byte>? _keep;

    /// <summary>Body bytes seen (the payload, without chunk framing).</summary>
    public long BodyBytes { get; private set; }
    public bool IsComplete => _state == State.Done;
    /// <summary>True when the body ends only when the connection closes.</summary>
    public bool ReadsUntilClose => _state == State.UntilClose;

    public void Start(Http1ResponseHead head, bool headRequest, IBufferWriter<byte>? keep)
    {
        _keep = keep;
        BodyBytes = 0;
        if (head.HasNoBody(headRequest)) _state = State.Done;
        else if (head.Chunked) _state = State.ChunkSize;
        else if (head.ContentLength >= 0)
        {
            _remaining = head.ContentLength;
            _state = _remaining == 0 ? State.Done : State.Length;
        }
        else _state = State.UntilClose;
    }

    /// <summary>Takes what it can of <paramref name="data"/>; returns the bytes consumed, or -1 for malformed framing.</summary>
    public int Consume(ReadOnlySpan<byte> data)
    {
        var consumed = 0;
        while (consumed < data.Length && _state != State.Done)
        {
            var rest = data[consumed..];
            switch (_state)
            {
                case State.Length:
                case State.ChunkData:
                {
                    var take = (int)Math.Min(_remaining, rest.Length);
                    Keep(rest[..take]);
                    consumed += take;
                    _remaining -= take;
                    if (_remaining == 0) _state = _state == State.Length ? State.Done : State.ChunkDataEnd;
                    break;
                }
                case State.UntilClose:
                    Keep(rest);
                    consumed += rest.Length;
                    break;
                case State.ChunkSize:
                {
                    var nl = rest.IndexOf("\r\n"u8);
                    if (nl < 0) return rest.Length > 1024 ? -1 : consumed; // wait for the whole size line
                    var line = rest[..nl];
                    var ext = line.IndexOf((byte)';');
                    if (ext >= 0) line = line[..ext];
                    line = line.Trim((byte)' ');
                    if (!Utf8Parser.TryParse(line, out long size, out var used, 'x') || used != line.Length || size < 0) return -1;
                    consumed += nl + 2;
                    _remaining = size;
                    _state = size == 0 ? State.Trailer : State.ChunkData;
                    break;
                }
                case State.ChunkDataEnd:
                    if (rest.Length < 2) return consumed;
                    if (rest[0] != (byte)'\r' || rest[1] != (byte)'\n') return -1;
                    consumed += 2;
                    _state = State.ChunkSize;
                    break;
                case State.Trailer:
                {
                    var nl = rest.IndexOf("\r\n"u8);
                    if (nl < 0) return rest.Length > 8192 ? -1 : consumed;
                    consumed += nl + 2;
                    if (nl == 0) _state = State.Done; // the blank line after the (usually empty) trailers
                    break;
                }
            }
        }
        return consumed;
    }

    /// <summary>The server closed the connection: a body read until close is then complete.</summary>
    public void EndOfStream()
    {
        if (_state == State.UntilClose) _state = State.Done;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        BodyBytes += bytes.Length;
        _keep?.Write(bytes);
    }
}
