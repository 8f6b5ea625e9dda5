using System.Text;
using BenchmarkDotNet.Attributes;
using Rampa.Core.Protocols.Http;

namespace Rampa.Benchmarks;

/// <summary>Parsing a typical small response: the head, and a chunked body.</summary>
[MemoryDiagnoser]
public class Http1ParserBenchmarks
{
    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Wed, 25 Nov 2026 03:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\nhello world\n");
    private static readonly byte[] Chunked = Encoding.ASCII.GetBytes("5\r\nhello\r\n7\r\n world\n\r\n0\r\n\r\n");
    private readonly Http1ResponseHead _head = new();
    private readonly Http1BodyReader _body = new();
    private readonly Http1ResponseHead _chunkedHead = new();

    [GlobalSetup]
    public void Setup() => _chunkedHead.TryParse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8, false, out _);

    [Benchmark(Description = "response head")]
    public int ParseHead() => _head.TryParse(Head, keepHeaders: false, out _);

    [Benchmark(Description = "chunked body")]
    public int ReadChunked()
    {
        _body.Start(_chunkedHead, headRequest: false, keep: null);
        return _body.Consume(Chunked);
    }
}
