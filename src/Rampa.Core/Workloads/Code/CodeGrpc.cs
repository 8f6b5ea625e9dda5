using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Rampa.Core.Protocols.Grpc;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// A code VU's <see cref="WorkerGrpc"/>: one channel per address for the VU's life, its calls recorded through
/// <see cref="GrpcRecordingInterceptor"/> into series per method and group, shared by the scenario's VUs.
/// </summary>
internal sealed class CodeGrpc(CodeWorker worker, CodeScenarioState state, TimeSpan defaultTimeout) : WorkerGrpc, IDisposable
{
    private static readonly IReadOnlySet<int> OkOnly = new HashSet<int> { 0 };
    private readonly Dictionary<string, (GrpcChannel Channel, CallInvoker Invoker)> _channels = new(StringComparer.Ordinal);

    public override CallInvoker Channel(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_channels.TryGetValue(address, out var known)) return known.Invoker;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"a gRPC address is http://host:port (HTTP/2 cleartext) or https://host:port, got '{address}'", nameof(address));
        var channel = GrpcChannels.Create(uri, state.Services.TrafficFor(state.Scenario));
        var invoker = channel.Intercept(new GrpcRecordingInterceptor(Series, () => worker.Cancellation, defaultTimeout));
        _channels[address] = (channel, invoker);
        return invoker;
    }

    private GrpcSeries Series(string method)
    {
        var group = worker.GroupPath;
        return state.GrpcSeries.GetOrAdd((method, group), key =>
        {
            var tags = new List<KeyValuePair<string, string>>(state.Services.SeriesFor(state.Scenario).BaseTags) { new("name", key.Method) };
            if (key.Group is { } g) tags.Add(new("group", g));
            return new GrpcSeries(state.Sink, tags, OkOnly);
        });
    }

    public void Dispose()
    {
        foreach (var (channel, _) in _channels.Values) channel.Dispose();
        _channels.Clear();
    }
}
