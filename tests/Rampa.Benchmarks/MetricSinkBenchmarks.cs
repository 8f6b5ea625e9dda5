using BenchmarkDotNet.Attributes;
using Rampa.Core.Metrics;

namespace Rampa.Benchmarks;

/// <summary>What recording one request costs: the dozen samples a response records, under one uncontended lock.</summary>
[MemoryDiagnoser]
public class MetricSinkBenchmarks
{
    private MetricSink _sink = null!;
    private int[] _ids = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _sink = new MetricSink();
        KeyValuePair<string, string>[] tags = [new("scenario", "s"), new("name", "/"), new("status", "200")];
        _ids = BuiltinMetrics.All.Where(m => m.Name.StartsWith("http_", StringComparison.Ordinal)).Select(m => _sink.Register(m, tags)).ToArray();
    }

    [Benchmark(Description = "one request's samples")]
    public void RecordRequest()
    {
        Span<Sample> samples = stackalloc Sample[9];
        var v = 100 + (_i++ & 1023);
        for (var k = 0; k < samples.Length; k++) samples[k] = new(_ids[k % _ids.Length], v);
        _sink.Add(samples);
    }

    [Benchmark(Description = "one sample")]
    public void RecordOne() => _sink.Add(_ids[1], 100 + (_i++ & 1023));
}
