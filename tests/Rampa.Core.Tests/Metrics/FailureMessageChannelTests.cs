using Rampa.Core.Failures;
using Rampa.Core.Metrics;

namespace Rampa.Core.Tests.Metrics;

/// <summary>
/// The side channel that carries a failed series' first message from the silos to the report: the sink keeps one per
/// series for the run, a snapshot ships it once, the codec keeps it, merges keep the first one, and a retried snapshot
/// changes nothing.
/// </summary>
public class FailureMessageChannelTests
{
    private static KeyValuePair<string, string> T(string k, string v) => new(k, v);
    private static readonly SeriesKey Refused = new(BuiltinMetrics.HttpReqFailed, [T("name", "home"), T("status", "0"), T("error", "connection refused")]);
    private static readonly SeriesKey NotAllowed = new(BuiltinMetrics.HttpReqFailed, [T("name", "api"), T("status", "405")]);

    private static MetricSnapshot Interval(long second, params (SeriesKey Key, string Message)[] messages)
    {
        var s = new MetricSnapshot { IntervalUnixSecond = second };
        foreach (var (key, message) in messages)
        {
            var acc = new SeriesAccumulator(MetricType.Rate);
            acc.Add(1);
            s.Set(key, acc);
            s.KeepFirstMessage(key, message);
        }
        return s;
    }

    [Fact]
    public void The_sink_keeps_the_first_message_of_a_series_and_ships_it_once()
    {
        using var sink = new MetricSink();
        var id = sink.Register(Refused);
        Assert.True(sink.WantsMessage(id));
        sink.Add(id, 1);
        sink.NoteMessage(id, "first");
        Assert.False(sink.WantsMessage(id));
        sink.NoteMessage(id, "second");
        var snapshot = sink.TakeSnapshot();
        Assert.Equal("first", Assert.Single(snapshot.Messages).Value);
        Assert.Equal(Refused, snapshot.Messages.Single().Key);
        sink.Add(id, 1);
        Assert.Empty(sink.TakeSnapshot().Messages);
        Assert.False(sink.WantsMessage(id));
    }

    [Fact]
    public void A_snapshot_with_only_a_message_is_not_empty()
    {
        using var sink = new MetricSink();
        sink.NoteMessage(sink.Register(Refused), "m");
        var snapshot = sink.TakeSnapshot();
        Assert.Empty(snapshot.Series);
        Assert.False(snapshot.IsEmpty);
    }

    [Fact]
    public void The_codec_keeps_messages_with_the_interval_and_the_time_series()
    {
        var interval = Interval(1_700_000_000, (Refused, "connect to 127.0.0.1:5081: Connection refused"), (NotAllowed, "HTTP 405 Method Not Allowed (POST /json)"));
        var decoded = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(interval));
        Assert.Equal(1_700_000_000, decoded.IntervalUnixSecond);
        Assert.Equal("connect to 127.0.0.1:5081: Connection refused", decoded.Messages[Refused]);
        Assert.Equal("HTTP 405 Method Not Allowed (POST /json)", decoded.Messages[NotAllowed]);

        var aggregator = new MetricAggregator();
        aggregator.Apply("a", 1, interval);
        var merged = MetricSnapshotCodec.Decode(MetricSnapshotCodec.Encode(aggregator.Merged()));
        Assert.NotNull(merged.TimeSeries);
        Assert.Equal(2, merged.Messages.Count);
    }

    [Fact]
    public void A_snapshot_without_messages_encodes_as_before()
    {
        var bytes = MetricSnapshotCodec.Encode(new MetricSnapshot { IntervalUnixSecond = 5 });
        Assert.Equal(1, bytes[1]); // flags: the interval time only
        Assert.Empty(MetricSnapshotCodec.Decode(bytes).Messages);
    }

    [Fact]
    public void The_aggregator_keeps_the_first_message_and_a_retry_changes_nothing()
    {
        var aggregator = new MetricAggregator();
        Assert.True(aggregator.Apply("a", 1, Interval(10, (Refused, "from a"))));
        Assert.True(aggregator.Apply("b", 1, Interval(10, (Refused, "from b"), (NotAllowed, "405 from b"))));
        Assert.False(aggregator.Apply("a", 1, Interval(10, (Refused, "a retried, changed"))));
        Assert.Equal("from a", aggregator.Total.Messages[Refused]);
        Assert.Equal("405 from b", aggregator.Merged().Messages[NotAllowed]);
        Assert.Equal(2, aggregator.Total.Series[Refused].Count); // the retry was not counted either
    }

    [Fact]
    public void Merging_snapshots_keeps_the_first_message()
    {
        var total = new MetricSnapshot();
        total.Merge(Interval(1, (Refused, "one")));
        total.Merge(Interval(2, (Refused, "two")));
        Assert.Equal("one", total.Messages[Refused]);
    }

    [Fact]
    public void The_tally_adds_up_the_verdicts_of_every_interval()
    {
        var tally = new FailureTally();
        var ok = new SeriesKey(BuiltinMetrics.HttpReqFailed, [T("name", "home"), T("status", "200"), T("expected_response", "true")]);
        var first = Interval(1, (Refused, "connect to 127.0.0.1:5081: Connection refused"));
        var okAcc = new SeriesAccumulator(MetricType.Rate);
        okAcc.Add(0);
        first.Set(ok, okAcc);
        var reqs = new SeriesAccumulator(MetricType.Counter);
        reqs.Add(1);
        first.Set(new SeriesKey(BuiltinMetrics.HttpReqs, [T("name", "home")]), reqs); // other metrics are not counted
        tally.Add(first);
        tally.Add(Interval(2, (Refused, "another")));
        var summary = tally.Summary();
        Assert.Equal((3L, 2L), (summary.Requests, summary.Failed));
        var row = Assert.Single(summary.Overall);
        Assert.Equal((1212, 2L, "connect to 127.0.0.1:5081: Connection refused"), (row.Class.Code!.Value, row.Count, row.Message));
    }
}
