using System.Net;
using System.Net.Sockets;

namespace Rampa.Silo;

/// <summary>The silo's two ports, with 0 replaced by a port nobody listens on.</summary>
public sealed record SiloEndpoints(IPAddress AdvertisedIp, int SiloPort, int GatewayPort)
{
    public static SiloEndpoints Resolve(RampaSiloOptions options)
    {
        var silo = options.SiloPort != 0 ? options.SiloPort : FreePort(options.GatewayPort);
        var gateway = options.GatewayPort != 0 ? options.GatewayPort : FreePort(silo);
        return new SiloEndpoints(options.AdvertisedIp, silo, gateway);
    }

    /// <summary>A loopback address is also where the silo listens; any other is advertised but listened for on every interface (a container's address).</summary>
    public bool ListenOnAllInterfaces => !IPAddress.IsLoopback(AdvertisedIp);

    // Bound to port 0, read back, released: the same trick as the embedded cluster. Another process could take the
    // port in between; the silo then fails to start with a clear bind error rather than hanging.
    private static int FreePort(int notThis)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != notThis) return port;
        }
    }
}
