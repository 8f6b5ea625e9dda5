using System.Collections.Concurrent;
using Rampa.Core.Metrics;

namespace Rampa.Core.Protocols.Ws;

/// <summary>
/// The series of one session kind (a YAML step, or a C# connect's name, group and tags), registered once and shared by
/// the VUs: the message series by the base tags, the session series also by the handshake's <c>status</c>, the checks
/// by their name.
/// </summary>
internal sealed class WsSeries
{
    private readonly MetricSink _sink;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _tags;
    private readonly ConcurrentDictionary<int, SessionIds> _byStatus = new();
    private readonly ConcurrentDictionary<string, int> _checks = new(StringComparer.Ordinal);

    public WsSeries(MetricSink sink, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        _sink = sink;
        _tags = tags;
        MessagesSent = sink.Register(WsMetrics.MessagesSent, tags);
        MessagesReceived = sink.Register(WsMetrics.MessagesReceived, tags);
        Ping = sink.Register(WsMetrics.Ping, tags);
        Reply = sink.Register(WsMetrics.ReplyDuration, tags);
    }

    public MetricSink Sink => _sink;
    public int MessagesSent { get; }
    public int MessagesReceived { get; }
    public int Ping { get; }
    public int Reply { get; }

    public SessionIds ForStatus(int status) => _byStatus.GetOrAdd(status, s =>
    {
        var tags = new Dictionary<string, string>(_tags.ToDictionary()) { ["status"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return new SessionIds(_sink.Register(WsMetrics.Connecting, tags), _sink.Register(WsMetrics.SessionDuration, tags),
            _sink.Register(WsMetrics.Sessions, tags), _sink.Register(WsMetrics.SessionFailed, tags));
    });

    /// <summary>The <c>checks</c> series of a check of these sessions (tagged <c>check</c>).</summary>
    public int Check(string name) => _checks.GetOrAdd(name, n =>
        _sink.Register(BuiltinMetrics.Checks, new Dictionary<string, string>(_tags.ToDictionary()) { ["check"] = n }));

    public readonly record struct SessionIds(int Connecting, int Duration, int Sessions, int Failed);
}
