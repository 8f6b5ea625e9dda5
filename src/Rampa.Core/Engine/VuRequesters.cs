using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Engine;

/// <summary>
/// One VU's requesters, one per protocol (and for HTTP/2 per connection sharing), made on first use and bound to the
/// token that interrupts the VU (new ones when the VU is restarted). A prepared request says once which one it needs.
/// </summary>
public sealed class VuRequesters(RunServices services, ScenarioPlan scenario) : IDisposable
{
    private VuHttpClient? _http1;
    private Http2Requester? _http2;
    private Http2Requester? _http2Shared;

    /// <summary>The HTTP/1.1 client (the fast path).</summary>
    public VuHttpClient Http1(CancellationToken interrupt)
    {
        if (_http1 is not null && _http1.Interrupt == interrupt) return _http1;
        _http1?.Dispose();
        return _http1 = new VuHttpClient(services.TrafficFor(scenario), services.Deadlines, interrupt, services.Plan.InsecureSkipTlsVerify);
    }

    /// <summary>The requester for a request: HTTP/1.1, or HTTP/2 on the VU's own or the scenario's shared connections.</summary>
    public IHttpRequester For(bool http2, ConnectionSharing sharing, CancellationToken interrupt)
    {
        if (!http2) return Http1(interrupt);
        if (sharing == ConnectionSharing.Shared)
        {
            if (_http2Shared is not null && _http2Shared.Interrupt == interrupt) return _http2Shared;
            _http2Shared?.Dispose();
            return _http2Shared = new Http2Requester(services.SharedHttp2For(scenario), ownsTransport: false, services.Deadlines, interrupt);
        }
        if (_http2 is not null && _http2.Interrupt == interrupt) return _http2;
        _http2?.Dispose();
        var own = new Http2Transport(services.TrafficFor(scenario), services.Plan.InsecureSkipTlsVerify, shared: false);
        return _http2 = new Http2Requester(own, ownsTransport: true, services.Deadlines, interrupt);
    }

    public void Dispose()
    {
        _http1?.Dispose();
        _http2?.Dispose();
        _http2Shared?.Dispose();
        (_http1, _http2, _http2Shared) = (null, null, null);
    }
}
