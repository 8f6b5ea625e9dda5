using Rampa.Core.Protocols.Grpc;
using Rampa.Core.Workloads.Http;
using static Rampa.Core.Tests.Support.ScenarioFiles;

namespace Rampa.Core.Tests.Protocols;

/// <summary>The <c>grpc:</c> step in YAML: what it reads, and each error at file:line:col.</summary>
public class GrpcStepLoaderTests
{
    private static string Proto => Path.Combine(RepoRoot, "src", "Rampa.DemoTarget", "Protos", "demo.proto");

    private static IReadOnlyList<FlowStep> Flow(string flow) =>
        Assert.IsType<HttpWorkload>(Load("flow:\n" + flow).Scenarios[0].Workload).Flow;

    private static string Errors(string flow) =>
        string.Join("\n", Support.ScenarioFiles.Errors("flow:\n" + flow).Select(e => e.ToString()));

    [Fact]
    public void A_step_reads_its_method_message_metadata_deadline_and_checks()
    {
        var step = Assert.IsType<GrpcStep>(Assert.Single(Flow($$$"""
              - grpc: rampa.demo.Greeter/Count
                address: http://127.0.0.1:5090
                proto: {{{Proto}}}
                message: { start: "{{vu}}", count: 3 }
                metadata: { x-user: "u{{vu}}" }
                timeout: 2s
                messages: ">= 3"
                checkMessages: every
                checks: [{ status: [OK, 14] }, { json: { $.value: { ">": 0 } } }]
                tags: { kind: stream }
            """)));
        Assert.Equal("rampa.demo.Greeter/Count", step.Name);
        Assert.True(step.Method!.ServerStreaming);
        Assert.Equal(new Uri("http://127.0.0.1:5090"), step.Address);
        Assert.False(step.Message.IsConstant);
        Assert.Equal("x-user", Assert.Single(step.Metadata).Name);
        Assert.Equal(TimeSpan.FromSeconds(2), step.Timeout);
        Assert.True(step.CheckEveryMessage);
        Assert.Equal(["status in OK, UNAVAILABLE", "$.value > 0", "messages >= 3"], step.Checks.Select(c => c.Name));
        Assert.Equal("stream", step.Tags["kind"]);
    }

    [Fact]
    public void Reflection_needs_no_proto_and_checks_nothing_at_load()
    {
        var step = Assert.IsType<GrpcStep>(Assert.Single(Flow("""
              - grpc: any.Service/Method
                address: http://127.0.0.1:5090
                reflection: true
                message: { anything: 1 }
            """)));
        Assert.True(step.Reflection);
        Assert.Null(step.Method);
    }

    [Fact]
    public void A_method_the_proto_lacks_is_named_with_the_ones_it_has()
    {
        var errors = Errors($$"""
              - grpc: rampa.demo.Greeter/SayHi
                address: http://127.0.0.1:5090
                proto: {{Proto}}
            """);
        Assert.Contains("test.yaml:2:11: flow[0].grpc: the .proto has no method 'rampa.demo.Greeter/SayHi'", errors);
        Assert.Contains("its methods: rampa.demo.Greeter/Count, rampa.demo.Greeter/Fail, rampa.demo.Greeter/SayHello", errors);
    }

    [Fact]
    public void Unknown_fields_and_values_of_the_wrong_type_are_reported_each_at_its_place()
    {
        var errors = Errors($$"""
              - grpc: rampa.demo.Greeter/SayHello
                address: http://127.0.0.1:5090
                proto: {{Proto}}
                message:
                  name: [a, b]
                  times: 3000000000
                  tags: [ok, { no: 1 }]
                  origin: { verified: maybe, town: x }
                  labels: { a: 1 }
            """);
        Assert.Contains("test.yaml:6:13: flow[0].message.name: expected string for field 'name', got a list", errors);
        Assert.Contains("test.yaml:7:14: flow[0].message.times: field 'times' (int32): 3000000000 is out of range for int32", errors);
        Assert.Contains("test.yaml:8:18: flow[0].message.tags[1]: expected string for field 'tags', got a mapping", errors);
        Assert.Contains("test.yaml:9:27: flow[0].message.origin.verified: field 'verified' (bool): expected true or false, got text 'maybe'", errors);
        Assert.Contains("test.yaml:9:34: flow[0].message.origin.town: message rampa.demo.Origin has no field 'town'", errors);
        Assert.Contains("test.yaml:10:20: flow[0].message.labels.a: field 'value' (string): expected a string, got a number '1'", errors);
    }

    [Fact]
    public void A_step_needs_a_source_for_its_method_an_address_and_known_statuses()
    {
        var errors = Errors("""
              - grpc: rampa.demo.Greeter/SayHello
                checks: { status: NOPE }
                messages: lots
            """);
        Assert.Contains("test.yaml:2:5: flow[0].grpc: a grpc step needs 'proto:'", errors);
        Assert.Contains("flow[0].address: a grpc step needs 'address:'", errors);
        Assert.Contains("test.yaml:3:23: flow[0].checks.status: unknown gRPC status 'NOPE'", errors);
        Assert.Contains("test.yaml:4:15: flow[0].messages: expected a message count such as 5 or \">= 5\", got 'lots'", errors);
    }

    [Fact]
    public void A_missing_or_broken_proto_is_reported_at_proto()
    {
        var dir = Directory.CreateTempSubdirectory("rampa-proto-").FullName;
        try
        {
            var broken = Path.Combine(dir, "broken.proto");
            File.WriteAllText(broken, "syntax = \"proto3\";\nmessage A {\n  strin x = 1;\n}\n");
            var errors = Errors($$"""
                  - grpc: a.B/C
                    address: http://127.0.0.1:5090
                    proto: {{broken}}
                  - grpc: a.B/C
                    address: http://127.0.0.1:5090
                    proto: {{Path.Combine(dir, "none.proto")}}
                """);
            Assert.Contains("test.yaml:4:12: flow[0].proto: ", errors);
            Assert.Contains("broken.proto:3:3: type not found: 'strin'", errors);
            Assert.Contains("none.proto' does not exist", errors);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
