using System.Net;
using System.Net.Sockets;

namespace Rampa.Storage.Tests;

/// <summary>Loopback ports nobody listens on: bound to port 0, read back, released.</summary>
internal static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
