using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Http;

/// <summary>
/// The open connections of one HTTP client and the bytes they moved: <see cref="Collect"/> (once a second, and at
/// the end) records what each connection sent and received since the last time into data_sent/data_received,
/// and forgets connections that have closed after their last bytes are counted.
/// </summary>
public sealed class TrafficCounter(MetricSink sink, int sentId, int receivedId)
{
    private readonly List<CountedNetworkStream> _connections = new();
    private readonly object _collectLock = new();

    internal void Add(CountedNetworkStream stream)
    {
        lock (_connections) _connections.Add(stream);
    }

    public void Collect()
    {
        lock (_collectLock)
        {
            CountedNetworkStream[] connections;
            lock (_connections) connections = _connections.ToArray();
            long sent = 0, received = 0;
            var closed = new List<CountedNetworkStream>();
            foreach (var c in connections)
            {
                var wasClosed = c.Closed; // read before the delta: a closed stream's delta is its last
                var (s, r) = c.TakeDelta();
                sent += s;
                received += r;
                if (wasClosed) closed.Add(c);
            }
            if (closed.Count > 0)
                lock (_connections) _connections.RemoveAll(closed.Contains);
            if (sent > 0) sink.Add(sentId, sent);
            if (received > 0) sink.Add(receivedId, received);
        }
    }
}
