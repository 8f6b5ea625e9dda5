using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Time;

namespace Rampa.Core.Engine;

/// <summary>The nine samples one HTTP response records (k6's http_req_* set), for every workload that sends HTTP.</summary>
public static class HttpSamples
{
    public const int Count = 9;

    /// <summary>Fills <paramref name="samples"/>[0..9] from <paramref name="outcome"/> into the series <paramref name="ids"/>.</summary>
    public static void Fill(Span<Sample> samples, in HttpSeriesIds ids, in HttpOutcome outcome)
    {
        var sending = MonotonicClock.ToMicroseconds(outcome.SendingTicks);
        var waiting = MonotonicClock.ToMicroseconds(outcome.WaitingTicks);
        var receiving = MonotonicClock.ToMicroseconds(outcome.ReceivingTicks);
        samples[0] = new(ids.Reqs, 1);
        samples[1] = new(ids.Duration, sending + waiting + receiving);
        samples[2] = new(ids.Blocked, MonotonicClock.ToMicroseconds(outcome.BlockedTicks));
        samples[3] = new(ids.Connecting, MonotonicClock.ToMicroseconds(outcome.ConnectingTicks));
        samples[4] = new(ids.Tls, MonotonicClock.ToMicroseconds(outcome.TlsTicks));
        samples[5] = new(ids.Sending, sending);
        samples[6] = new(ids.Waiting, waiting);
        samples[7] = new(ids.Receiving, receiving);
        samples[8] = new(ids.Failed, ids.Expected ? 0 : 1);
    }
}
