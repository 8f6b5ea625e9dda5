using System.Collections.Concurrent;

namespace Rampa.DemoTarget;

/// <summary>The demo gRPC service's counters: calls per method and stream messages sent.</summary>
internal sealed class DemoGrpcState
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _total;
    private long _streamMessages;

    public long Total => Interlocked.Read(ref _total);
    public long StreamMessagesSent => Interlocked.Read(ref _streamMessages);

    public long Count(string method)
    {
        Interlocked.Increment(ref _total);
        return _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
    }

    public void CountStreamMessage() => Interlocked.Increment(ref _streamMessages);

    public long CallsTo(string method) => _calls.GetValueOrDefault(method);

    public void Reset()
    {
        _calls.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _streamMessages, 0);
    }
}
