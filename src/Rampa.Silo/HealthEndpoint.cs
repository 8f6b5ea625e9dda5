using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rampa.Silo;

/// <summary>
/// A tiny HTTP/1.1 responder for the platform's probes (Container Apps' startup and readiness probes): one GET per
/// connection, the answer from <see cref="SiloHealth"/>, then close. Not ASP.NET: the silo is a generic host, and two
/// fixed answers do not justify a web stack in the image. Listens on every interface, since probes come from the
/// platform, not from loopback.
/// </summary>
public sealed class HealthEndpoint : IDisposable
{
    private readonly TcpListener _listener;
    private readonly SiloHealth _health;
    private readonly CancellationTokenSource _stop = new();

    private HealthEndpoint(TcpListener listener, SiloHealth health) => (_listener, _health) = (listener, health);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static HealthEndpoint Start(int port, SiloHealth health)
    {
        var listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
        var endpoint = new HealthEndpoint(listener, health);
        _ = endpoint.AcceptLoopAsync();
        return endpoint;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                // A probe's request is one short line plus headers; 5 s bounds a client that never sends it.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var stream = client.GetStream();
                var requestLine = await ReadLineAsync(stream, timeout.Token);
                var parts = requestLine.Split(' ');
                var (code, body) = parts.Length >= 2 && parts[0] is "GET" or "HEAD"
                    ? _health.Answer(parts[1])
                    : (405, "GET only");
                var reason = code switch { 200 => "OK", 404 => "Not Found", 405 => "Method Not Allowed", _ => "Service Unavailable" };
                var bytes = Encoding.UTF8.GetBytes(body + "\n");
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, timeout.Token);
                if (parts[0] != "HEAD") await stream.WriteAsync(bytes, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A probe that hung up or timed out gets no answer; the next probe asks again.
            }
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancel)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (line.Length < 2048 && await stream.ReadAsync(buffer, cancel) == 1)
        {
            if (buffer[0] == '\n') break;
            if (buffer[0] != '\r') line.Append((char)buffer[0]);
        }
        return line.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
