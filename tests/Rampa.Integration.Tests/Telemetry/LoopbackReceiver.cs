using System.IO.Compression;
using System.Net;

namespace Rampa.Integration.Tests.Telemetry;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener, a free port) that keeps every POST body it gets (gunzipped), by path,
/// and answers with a fixed body: the receiving end of an exporter under test.
/// </summary>
public sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _received = new();
    private readonly Func<string, byte[], string> _answer;
    private readonly Task _loop;

    public LoopbackReceiver(Func<string, byte[], string> answer)
    {
        _answer = answer;
        for (var attempt = 0; ; attempt++)
        {
            Port = Rampa.Storage.Tests.FreeTcpPort.Next();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    public IReadOnlyList<(string Path, byte[] Body)> Received
    {
        get { lock (_received) return _received.ToList(); }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (body.Length > 2 && body[0] == 0x1f && body[1] == 0x8b)
            {
                using var gz = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gz.CopyTo(plain);
                body = plain.ToArray();
            }
            var path = context.Request.Url!.AbsolutePath;
            lock (_received) _received.Add((path, body));
            var answer = System.Text.Encoding.UTF8.GetBytes(_answer(path, body));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
