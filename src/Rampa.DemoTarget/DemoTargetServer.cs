using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rampa.DemoTarget;

/// <summary>
/// A small Kestrel server on 127.0.0.1 to aim load at (demos, docs, tests).
/// It never listens on anything but the loopback address. It writes no per-request logs: it is
/// meant to be hammered at tens of thousands of requests per second.
/// </summary>
/// <remarks>
/// Endpoints (see <see cref="DemoTargetEndpoints"/>):
/// <c>GET|HEAD /</c>, <c>GET|HEAD /json</c>, <c>GET|HEAD /health</c>, <c>GET /delay/{ms}</c>, <c>ANY /status/{code}</c>,
/// <c>GET|HEAD|PUT|PATCH|DELETE /items/{id}</c> (<see cref="DemoItems"/>), <c>POST|PUT|PATCH /echo</c>, <c>GET /stats</c>,
/// <c>POST /stats/reset</c>, <c>ANY /flaky/{key}?failures=N</c>, <c>GET /bytes/{n}</c>, <c>GET|POST /sse</c> (<see cref="DemoSse"/>), WebSocket <c>/ws/echo</c> and <c>/ws/chat</c> (<see cref="DemoWebSocket"/>), and <c>OPTIONS</c> on each
/// method-bound route (204 with <c>Allow</c>).
/// Every request is counted (total and per path) except those under <c>/stats</c>.
/// Optionally the same routes over HTTPS (HTTP/1.1 and HTTP/2 by ALPN, a self-signed certificate made at start) and
/// over cleartext HTTP/2 with prior knowledge (<see cref="HttpsUrl"/>, <see cref="H2cUrl"/>).
/// </remarks>
public sealed class DemoTargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DemoTargetState _state;
    private readonly object _stopLock = new();
    private Task? _stopTask;

    private DemoTargetServer(WebApplication app, DemoTargetState state, int port, int? httpsPort, int? h2cPort)
    {
        _app = app;
        _state = state;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        HttpsPort = httpsPort;
        HttpsUrl = httpsPort is { } tls ? new Uri($"https://127.0.0.1:{tls}") : null;
        H2cPort = h2cPort;
        H2cUrl = h2cPort is { } h2c ? new Uri($"http://127.0.0.1:{h2c}") : null;
    }

    /// <summary>The TLS port (HTTP/1.1 and HTTP/2 by ALPN, a self-signed certificate made at start), when asked for.</summary>
    public int? HttpsPort { get; }
    /// <summary><c>https://127.0.0.1:PORT</c>, or null.</summary>
    public Uri? HttpsUrl { get; }
    /// <summary>The cleartext HTTP/2 port (prior knowledge only, no HTTP/1.1), when asked for.</summary>
    public int? H2cPort { get; }
    /// <summary><c>http://127.0.0.1:PORT</c> of the h2c port, or null.</summary>
    public Uri? H2cUrl { get; }

    /// <summary>The TCP port the server listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request received since start or the last reset, except those under <c>/stats</c>.</summary>
    public long RequestCount => _state.RequestCount;

    /// <summary>What the WebSocket routes (<c>/ws/echo</c>, <c>/ws/chat</c>) saw: sessions and messages.</summary>
    public DemoWebSocketStats WebSocket { get; private init; } = new();

    /// <summary>Requests received for one exact path (e.g. <c>"/items/7"</c>), 0 if none.</summary>
    public long CountFor(string path) => _state.CountFor(path);

    /// <summary>What the Server-Sent Events route (<c>/sse</c>) did: streams opened and completed, events sent.</summary>
    public DemoSseCounters Sse => _state.Sse;

    /// <summary>A snapshot of the per-path counters.</summary>
    public IReadOnlyDictionary<string, long> CountsByPath() => _state.SnapshotByPath();

    /// <summary>
    /// Sets every request counter back to zero and forgets the state of every <c>/flaky/{key}</c>
    /// (the same as <c>POST /stats/reset</c>).
    /// </summary>
    public void ResetCounters()
    {
        _state.Reset();
        WebSocket.Reset();
    }

    /// <summary>
    /// Starts the server on 127.0.0.1. <paramref name="port"/> 0 picks a free port; read it back
    /// from <see cref="Port"/>.
    /// </summary>
    /// <param name="httpsPort">Also serve HTTPS (HTTP/1.1 and HTTP/2 by ALPN) on this port (0: a free one); null: not.</param>
    /// <param name="h2cPort">Also serve cleartext HTTP/2 with prior knowledge on this port (0: a free one); null: not.</param>
    public static async Task<DemoTargetServer> StartAsync(int port = 0, CancellationToken ct = default, int? httpsPort = null, int? h2cPort = null)
    {
        foreach (var p in (int?[])[port, httpsPort, h2cPort])
        {
            if (p is not { } value) continue;
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, IPEndPoint.MaxPort);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // No args from the host process; no file watchers on the content root (tests start
            // many servers, and inotify instances are a limited resource).
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = typeof(DemoTargetServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Logging.ClearProviders();
        // The process that hosts us (the CLI, a test) owns Ctrl+C and SIGTERM, not this server.
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port);
            if (httpsPort is { } tls)
            {
                var certificate = DemoCertificate.Create();
                k.Listen(IPAddress.Loopback, tls, o =>
                {
                    o.Protocols = HttpProtocols.Http1AndHttp2;
                    o.UseHttps(certificate);
                });
            }
            // Cleartext HTTP/2 needs an endpoint that speaks only HTTP/2: without TLS there is no ALPN to choose.
            if (h2cPort is { } h2c) k.Listen(IPAddress.Loopback, h2c, o => o.Protocols = HttpProtocols.Http2);
        });

        var state = new DemoTargetState();
        var app = builder.Build();
        DemoTargetEndpoints.Map(app, state);
        var webSocket = new DemoWebSocketStats();
        DemoWebSocket.Map(app, webSocket, app.Lifetime.ApplicationStopping);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var ports = ReadPorts(app);
        // Kestrel lists its endpoints in the order they were added: the main one, then https, then h2c.
        var https = ports.FirstOrDefault(p => p.Tls).Port;
        var plain = ports.Where(p => !p.Tls).Select(p => p.Port).ToList();
        return new DemoTargetServer(app, state, plain[0], httpsPort is null ? null : https, h2cPort is null ? null : plain[^1]) { WebSocket = webSocket };
    }

    private static List<(int Port, bool Tls)> ReadPorts(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var ports = new List<(int, bool)>();
        if (addresses is not null)
        {
            foreach (var address in addresses)
            {
                if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port > 0)
                {
                    ports.Add((uri.Port, uri.Scheme == Uri.UriSchemeHttps));
                }
            }
        }
        if (ports.Any(p => !p.Item2)) return ports;

        throw new InvalidOperationException("The demo target started but reported no listening address.");
    }

    /// <summary>Stops listening and ends open connections. Safe to call more than once.</summary>
    public Task StopAsync()
    {
        lock (_stopLock)
        {
            return _stopTask ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private sealed class NoopHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
