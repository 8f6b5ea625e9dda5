using BenchmarkDotNet.Attributes;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;

namespace Rampa.Benchmarks;

/// <summary>What a request with variables costs to prepare (a constant request is prepared once per run).</summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private readonly Template _url = Template.TryParse("http://127.0.0.1:8080/items/{{iteration}}?vu={{vu}}", _ => null, out _)!;
    private readonly Values _values = new();
    private readonly (string, string)[] _headers = [("Accept", "application/json")];

    [Benchmark(Description = "render URL template")]
    public string RenderUrl()
    {
        _values.Iteration++;
        return _url.Render(_values);
    }

    [Benchmark(Description = "render + write request bytes")]
    public HttpTarget BuildDynamicRequest()
    {
        _values.Iteration++;
        var uri = new Uri(_url.Render(_values));
        return HttpTarget.Create(uri, "GET", Http1RequestWriter.ToArray("GET", uri, _headers, default, null));
    }

    private sealed class Values : ITemplateValues
    {
        public long Vu => 7;
        public long Iteration { get; set; }
        public string Scenario => "s";
        public string? GetVariable(string name) => null;
    }
}
