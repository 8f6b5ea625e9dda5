using System.Runtime.CompilerServices;
using Rampa.Core.Engine;
using Rampa.Core.Failures;
using Rampa.Core.Metrics;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;
using Rampa.Core.Time;

namespace Rampa.Core.Workloads.Http;

/// <summary>
/// One VU running a declarative (YAML) workload: the fast path. Requests are prepared once per silo; per request it
/// renders only what varies, sends, and records a dozen samples under one uncontended lock.
/// </summary>
public sealed class HttpVuBehavior : IVuBehavior, IDisposable
{
    private readonly HttpWorkload _workload;
    private readonly VuContext _vu;
    private readonly RunServices _services;
    /// <summary>The flow, flattened: requests, pauses, and the entry and exit of each group.</summary>
    private readonly FlowOp[] _flow;
    /// <summary>Per open group (by depth): when it was entered, and its group_duration series.</summary>
    private readonly long[] _groupStarts;
    private readonly int[] _groupSeries;
    private readonly PreparedRequest[] _weighted;
    private readonly double[] _cumulativeWeights;
    private readonly byte[] _scratch = new byte[16 * 1024];
    private readonly VuRequesters _requesters;

    public HttpVuBehavior(HttpWorkload workload, VuContext vu)
    {
        _workload = workload;
        _vu = vu;
        _services = vu.Services;
        _requesters = new VuRequesters(_services, vu.Scenario);
        var prepared = _services.PreparedFor(vu.Scenario);
        _flow = FlowOp.Compile(workload.Flow, prepared, _services.SeriesFor(vu.Scenario), step => step.CreateRunner(new StepRunnerContext(vu, step)), out var depth);
        _groupStarts = new long[depth];
        _groupSeries = new int[depth];
        _weighted = workload.Requests.Select(w => prepared(w.Request)).ToArray();
        _cumulativeWeights = new double[workload.Requests.Count];
        double sum = 0;
        for (var i = 0; i < workload.Requests.Count; i++) _cumulativeWeights[i] = sum += workload.Requests[i].Weight;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // per iteration: reuse the state machine
    public async ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellation)
    {
        if (_weighted.Length > 0)
        {
            if (!await SendAsync(_weighted[Pick()], iteration, cancellation).ConfigureAwait(false)) return;
            await ThinkAsync(_workload.ThinkTime, cancellation).ConfigureAwait(false);
            return;
        }
        var depth = 0;
        for (var i = 0; i < _flow.Length; i++)
        {
            if (cancellation.IsCancellationRequested) return;
            var op = _flow[i];
            switch (op.Kind)
            {
                case FlowOpKind.Think:
                    await ThinkAsync(op.Think, cancellation).ConfigureAwait(false);
                    break;
                case FlowOpKind.Enter:
                    _groupSeries[depth] = op.Series;
                    _groupStarts[depth++] = MonotonicClock.Now;
                    break;
                case FlowOpKind.Exit:
                    depth--;
                    RecordGroup(depth);
                    break;
                case FlowOpKind.Step:
                    if (!await op.Runner!.RunAsync(iteration, cancellation).ConfigureAwait(false))
                    {
                        while (depth > 0) RecordGroup(--depth);
                        return;
                    }
                    await ThinkAsync(_workload.ThinkTime, cancellation).ConfigureAwait(false);
                    break;
                default:
                    // A failed check or capture ends the iteration (the enclosing groups too) only on a request with
                    // abortIterationOnFail; the groups it cuts still record how long they ran, as in k6.
                    if (!await SendAsync(op.Request!, iteration, cancellation).ConfigureAwait(false))
                    {
                        while (depth > 0) RecordGroup(--depth);
                        return;
                    }
                    await ThinkAsync(_workload.ThinkTime, cancellation).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Records group_duration of the open group at <paramref name="depth"/>, which ends now.</summary>
    private void RecordGroup(int depth) =>
        _vu.Metrics.Add(_groupSeries[depth], MonotonicClock.ToMicroseconds(MonotonicClock.Now - _groupStarts[depth]));

    /// <summary>Picks one weighted request from the VU's seeded stream: one seed, one sequence.</summary>
    private int Pick()
    {
        var x = _vu.Random.NextDouble() * _cumulativeWeights[^1];
        var i = Array.BinarySearch(_cumulativeWeights, x);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, _cumulativeWeights.Length - 1);
    }

    private ValueTask ThinkAsync(ThinkTime? think, CancellationToken cancellation)
    {
        if (think is not { } t) return ValueTask.CompletedTask;
        var pause = t.Pick(_vu.Random);
        return Rampa.Core.Time.Pause.ForAsync(pause, cancellation);
    }

    /// <summary>Sends and records; false when the iteration must stop (abortIterationOnFail and a failed check).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // per request
    private async ValueTask<bool> SendAsync(PreparedRequest request, IterationContext iteration, CancellationToken cancellation)
    {
        if (request.Retry is { } retry) return await SendWithRetryAsync(request, retry, iteration, cancellation).ConfigureAwait(false);
        var target = request.Target(iteration);
        IHttpRequester client;
        HttpOutcome outcome;
        if (!request.Http2)
        {
            // HTTP/1.1 straight on the concrete client: the hot path makes no interface call.
            var http1 = _requesters.Http1(cancellation);
            client = http1;
            outcome = await http1.SendAsync(target, request.Timeout, request.NeedsBody).ConfigureAwait(false);
        }
        else
        {
            client = _requesters.For(true, request.Sharing, cancellation);
            outcome = await client.SendAsync(target, request.Timeout, request.NeedsBody ? ResponseKeeping.Parsed : ResponseKeeping.None).ConfigureAwait(false);
        }
        var allPassed = Record(request, target, in outcome, request.NeedsBody ? client.LastHeaders : null);
        return allPassed || !request.Spec.AbortIterationOnFail;
    }

    /// <summary>
    /// Sends with a retry policy: every try is recorded as a request tagged <c>attempt</c>; a try whose outcome the
    /// policy retries is followed, while tries are left, by the backoff wait (cut short by an interrupt); checks and
    /// captures run on the last try only. The waits and tries all count in the iteration's duration.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // per request
    private async ValueTask<bool> SendWithRetryAsync(PreparedRequest request, RetryPolicy retry, IterationContext iteration, CancellationToken cancellation)
    {
        var target = request.Target(iteration);
        for (var attempt = 1; ; attempt++)
        {
            var client = _requesters.For(request.Http2, request.Sharing, cancellation);
            var outcome = await client.SendAsync(target, request.Timeout, request.NeedsBody ? ResponseKeeping.Parsed : ResponseKeeping.None).ConfigureAwait(false);
            if (outcome.Interrupted || attempt >= retry.Attempts || !retry.ShouldRetry(outcome.Status, outcome.Error))
            {
                var allPassed = Record(request, target, in outcome, request.NeedsBody ? client.LastHeaders : null, attempt);
                return allPassed || !request.Spec.AbortIterationOnFail;
            }
            Record(request, target, in outcome, null, attempt, final: false);
            var wait = retry.Delay(attempt, _vu.Random);
            await Rampa.Core.Time.Pause.ForAsync(wait, cancellation).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _requesters.Dispose();
        foreach (var op in _flow) op.Runner?.Dispose();
    }

    /// <summary>
    /// Records the request's samples, its checks and captures; false when a check or capture failed. With a retry
    /// policy, <paramref name="attempt"/> (1-based) tags the samples, and a try that is not <paramref name="final"/>
    /// records only the request's own samples.
    /// </summary>
    private bool Record(PreparedRequest request, HttpTarget target, in HttpOutcome outcome, IReadOnlyList<KeyValuePair<string, string>>? headers,
        int attempt = 0, bool final = true)
    {
        var ids = attempt == 0 ? request.SeriesFor(outcome.Status, outcome.Error, outcome.Http2)
            : request.SeriesFor(outcome.Status, outcome.Error, attempt, outcome.Http2);
        var sink = _vu.Metrics;
        if (outcome.Interrupted)
        {
            // Cut by the run's end: a request that was sent counts (the target saw it), with no timing or verdict;
            // one cut before it was written never happened.
            if (outcome.Sent) sink.Add(ids.Reqs, 1);
            return true;
        }
        // A failed series' first failure leaves an example of what went wrong; a success never gets here.
        if (!ids.Expected && sink.WantsMessage(ids.Failed)) sink.NoteMessage(ids.Failed, FailureMessage.Of(in outcome, target));
        var checks = request.Checks;
        var captures = request.Captures;
        Span<Sample> samples = stackalloc Sample[HttpSamples.Count + checks.Length + captures.Length];
        HttpSamples.Fill(samples, in ids, in outcome);
        if (!final)
        {
            sink.Add(samples[..9]);
            return true;
        }
        var allPassed = true;
        if (!request.NeedsBody)
        {
            // The fast path: status checks only, nothing of the response kept.
            for (var c = 0; c < checks.Length; c++)
            {
                var pass = CheckEvaluator.Passes(checks[c].Check, in outcome);
                allPassed &= pass;
                samples[9 + c] = new(checks[c].SeriesId, pass ? 1 : 0);
            }
        }
        else
        {
            using var response = ResponseView.From(in outcome, headers);
            for (var c = 0; c < checks.Length; c++)
            {
                var pass = CheckEvaluator.Passes(checks[c].Check, response);
                allPassed &= pass;
                samples[9 + c] = new(checks[c].SeriesId, pass ? 1 : 0);
            }
            var variables = _vu.Variables;
            for (var c = 0; c < captures.Length; c++)
            {
                var capture = captures[c].Capture;
                var value = CheckEvaluator.Capture(capture, response);
                if (value is null) variables.Remove(capture.Variable);
                else variables[capture.Variable] = value;
                allPassed &= value is not null;
                samples[9 + checks.Length + c] = new(captures[c].SeriesId, value is null ? 0 : 1);
            }
        }
        sink.Add(samples);
        return allPassed;
    }
}

internal enum FlowOpKind : byte { Request, Think, Enter, Exit, Step }

/// <summary>
/// One step of a flattened flow: a request, a pause, entering/leaving a group (with its series), or a protocol step
/// (with the VU's own runner).
/// </summary>
internal readonly record struct FlowOp(FlowOpKind Kind, PreparedRequest? Request = null, ThinkTime Think = default, int Series = 0,
    IStepRunner? Runner = null)
{
    /// <summary>Flattens the flow; <paramref name="maxDepth"/> is how deep its groups nest.</summary>
    public static FlowOp[] Compile(IReadOnlyList<FlowStep> flow, Func<RequestSpec, PreparedRequest> prepared, ScenarioSeries series,
        Func<ProtocolStep, IStepRunner> runner, out int maxDepth)
    {
        var ops = new List<FlowOp>();
        maxDepth = 0;
        Add(flow, 0, ref maxDepth);
        return [.. ops];

        void Add(IReadOnlyList<FlowStep> steps, int depth, ref int max)
        {
            foreach (var step in steps)
            {
                switch (step)
                {
                    case RequestStep r:
                        ops.Add(new FlowOp(FlowOpKind.Request, prepared(r.Request)));
                        break;
                    case ThinkStep t:
                        ops.Add(new FlowOp(FlowOpKind.Think, Think: t.Think));
                        break;
                    case ProtocolStep p:
                        ops.Add(new FlowOp(FlowOpKind.Step, Runner: runner(p)));
                        break;
                    case GroupStep g:
                        var id = series.GroupDuration(g.Path);
                        max = Math.Max(max, depth + 1);
                        ops.Add(new FlowOp(FlowOpKind.Enter, Series: id));
                        Add(g.Steps, depth + 1, ref max);
                        ops.Add(new FlowOp(FlowOpKind.Exit, Series: id));
                        break;
                }
            }
        }
    }
}
