using System.Text.Json;
using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>End to end: a C# scenario's generated gRPC client on <c>worker.Grpc.Channel</c>, its calls counted as the server counts them.</summary>
[Collection("cli")]
public sealed class GrpcCodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private DemoGrpcServer _server = null!;
    private readonly Workspace _ws = new();

    public async Task InitializeAsync() => _server = await DemoGrpcServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ws.Dispose();
    }

    /// <summary>A scenario project with a gRPC client generated from the demo's .proto (Grpc.Tools, as a user's project has), on Rampa.Sdk.Grpc.</summary>
    private string WriteProject(string scenarios)
    {
        var folder = Path.Combine(_ws.Dir, "GrpcShop");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(RampaProcess.RepoRoot, "src", "Rampa.DemoTarget", "Protos", "demo.proto"), Path.Combine(folder, "demo.proto"));
        var sdk = Path.Combine(RampaProcess.RepoRoot, "src", "Rampa.Sdk.Grpc", "Rampa.Sdk.Grpc.csproj");
        File.WriteAllText(Path.Combine(folder, "GrpcShop.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{sdk}" Private="false" />
                <PackageReference Include="Google.Protobuf" Version="3.36.2" />
                <PackageReference Include="Grpc.Tools" Version="2.85.0" PrivateAssets="All" />
                <Protobuf Include="demo.proto" GrpcServices="Client" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Scenarios.cs"), "using Grpc.Core;\nusing Rampa.Sdk;\nusing Rampa.DemoTarget.Grpc;\n\n" + scenarios);
        return folder;
    }

    [Fact]
    public async Task Calls_through_worker_grpc_are_recorded_per_method_and_status_as_the_server_counts_them()
    {
        var project = WriteProject("""
            public static class GrpcScenarios
            {
                [Scenario(Executor = "shared-iterations", Vus = 2, Iterations = 8)]
                public static async Task Calls(Worker worker)
                {
                    var client = new Greeter.GreeterClient(worker.Grpc.Channel(worker.Env("GRPC")!));
                    var reply = await client.SayHelloAsync(new HelloRequest { Name = "cs" });
                    worker.Check(reply, "hello", r => r.Message == "Hello, cs");
                    await worker.Group("stream", async () =>
                    {
                        using var call = client.Count(new CountRequest { Start = 1, Count = 3 });
                        var n = 0;
                        while (await call.ResponseStream.MoveNext(worker.Cancellation)) n++;
                        worker.Check(n, "three messages", x => x == 3);
                    });
                    try
                    {
                        await client.FailAsync(new FailRequest { Code = 14 });
                        worker.Check("unavailable", false);
                    }
                    catch (RpcException e)
                    {
                        worker.Check("unavailable", e.StatusCode == StatusCode.Unavailable);
                    }
                }
            }
            """);
        var run = await RampaProcess.RunAsync(_ws.Dir, Timeout, null, ["run", project, "-e", $"GRPC={_server.Address}", "-q", "--no-color"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = _ws.Summary();
        Assert.Equal(24, _server.TotalCalls);
        Assert.Equal(_server.TotalCalls, summary.Count("grpc_reqs"));
        var reqs = summary.Metric("grpc_reqs").GetProperty("series").EnumerateArray().ToDictionary(
            s => (s.GetProperty("tags").GetProperty("name").GetString()!, s.GetProperty("tags").GetProperty("grpc_status").GetString()!,
                s.GetProperty("tags").TryGetProperty("group", out var g) ? g.GetString() : null),
            s => s.GetProperty("values").GetProperty("count").GetDouble());
        Assert.Equal(8, reqs[("rampa.demo.Greeter/SayHello", "OK", null)]);
        Assert.Equal(8, reqs[("rampa.demo.Greeter/Count", "OK", "::stream")]);
        Assert.Equal(8, reqs[("rampa.demo.Greeter/Fail", "UNAVAILABLE", null)]);
        Assert.Equal(3, reqs.Count);
        Assert.Equal(_server.StreamMessagesSent, summary.Count("grpc_streams_msgs_received"));
        Assert.Equal(24, _server.StreamMessagesSent);
        Assert.Equal(8, summary.Count("grpc_streams"));
        Assert.Equal(1.0 / 3, summary.Metric("grpc_req_failed").GetProperty("values").GetProperty("rate").GetDouble(), 6);
        var checks = summary.Metric("checks").GetProperty("values");
        Assert.Equal(24, checks.GetProperty("passes").GetDouble());
        Assert.Equal(0, checks.GetProperty("fails").GetDouble());
    }
}
