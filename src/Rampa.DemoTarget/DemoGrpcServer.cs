using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rampa.DemoTarget;

/// <summary>
/// The demo target's gRPC service (<c>rampa.demo.Greeter</c> of Protos/demo.proto: a unary method, a server-streaming
/// one, and one that fails with the status asked for) with server reflection, on an HTTP/2 cleartext (h2c) Kestrel
/// endpoint of its own on 127.0.0.1. It counts every call per method, for tests to compare with what Rampa counted.
/// </summary>
public sealed class DemoGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DemoGrpcState _state;

    private DemoGrpcServer(WebApplication app, DemoGrpcState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The TCP port (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (h2c: HTTP/2 with prior knowledge).</summary>
    public Uri Address { get; }

    /// <summary>Calls received by a method (e.g. <c>"SayHello"</c>), reflection calls not counted.</summary>
    public long CallsTo(string method) => _state.CallsTo(method);

    /// <summary>Every call received, reflection calls not counted.</summary>
    public long TotalCalls => _state.Total;

    /// <summary>Stream messages sent by <c>Count</c>.</summary>
    public long StreamMessagesSent => _state.StreamMessagesSent;

    public void ResetCounters() => _state.Reset();

    /// <summary>Starts the service on 127.0.0.1; <paramref name="port"/> 0 picks a free port.</summary>
    public static async Task<DemoGrpcServer> StartAsync(int port = 0, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = typeof(DemoGrpcServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoopLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // h2c needs HTTP/2 alone on the endpoint: without TLS there is no ALPN to choose it.
            k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2);
        });
        var state = new DemoGrpcState();
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        builder.Services.AddGrpcReflection();
        var app = builder.Build();
        app.MapGrpcService<DemoGreeterService>();
        app.MapGrpcReflectionService();
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var actual = addresses.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var u) ? u.Port : 0).FirstOrDefault(p => p > 0);
        if (actual == 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The demo gRPC service started but reported no listening address.");
        }
        return new DemoGrpcServer(app, state, actual);
    }

    public async ValueTask DisposeAsync()
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

    private sealed class NoopLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
