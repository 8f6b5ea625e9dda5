using Rampa.DemoTarget;

namespace Rampa.Cli.Commands;

/// <summary><c>rampa target</c>: serves the demo target on 127.0.0.1 until Ctrl-C or SIGTERM.</summary>
internal static class TargetCommand
{
    public static async Task<int> ExecuteAsync(CliArguments args, TextWriter output)
    {
        await using var target = await DemoTargetServer.StartAsync(args.Port ?? 5080, httpsPort: args.HttpsPort ?? 5443, h2cPort: args.H2cPort ?? 5082);
        output.WriteLine($"demo target listening on {target.BaseUrl}, {target.HttpsUrl} (HTTP/1.1 and HTTP/2, self-signed certificate) " +
                         $"and {target.H2cUrl} (h2c) (Ctrl-C to stop)");
        await using var grpc = args.GrpcPort is { } grpcPort ? await DemoGrpcServer.StartAsync(grpcPort) : null;
        if (grpc is not null) output.WriteLine($"demo gRPC service (rampa.demo.Greeter, h2c, reflection) listening on {grpc.Address}");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
        output.WriteLine($"stopped after {target.RequestCount} requests");
        return 0;
    }
}
