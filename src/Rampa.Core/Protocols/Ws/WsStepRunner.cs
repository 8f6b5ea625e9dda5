using System.Text;
using Rampa.Core.Engine;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Ws;

/// <summary>
/// One VU's runner of a <c>ws</c> step: per iteration, one session (connect, the actions in order, close). A session
/// that fails stops its actions and is closed at once; checks that fail are counted and the actions go on. Either ends
/// the iteration only with <c>abortIterationOnFail</c>.
/// </summary>
internal sealed class WsStepRunner : IStepRunner
{
    private readonly WsStep _step;
    private readonly StepRunnerContext _context;
    private readonly WsSeries _series;
    private readonly (string Name, string Value)[]? _constantHeaders;
    private readonly Uri? _constantUri;

    public WsStepRunner(WsStep step, StepRunnerContext context)
    {
        _step = step;
        _context = context;
        _series = context.Shared(() => new WsSeries(context.Metrics, context.StepTags()));
        if (step.Headers.All(h => h.Value.IsConstant)) _constantHeaders = [.. step.Headers.Select(h => (h.Name, h.Value.ConstantValue!))];
        if (step.Url.IsConstant) _constantUri = new Uri(step.Url.ConstantValue!);
    }

    public async ValueTask<bool> RunAsync(IterationContext iteration, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested) return true;
        Uri uri;
        try
        {
            uri = _constantUri ?? new Uri(_step.Url.Render(iteration));
        }
        catch (UriFormatException e)
        {
            // A variable made the URL invalid: a failed session, not a crash.
            var ids = _series.ForStatus(0);
            _series.Sink.Add(ids.Sessions, 1);
            _series.Sink.Add(ids.Failed, 1);
            if (_series.Sink.WantsMessage(ids.Failed)) _series.Sink.NoteMessage(ids.Failed, $"{_step.Location}: invalid URL: {e.Message}");
            return !_step.AbortIterationOnFail;
        }
        var headers = _constantHeaders ?? [.. _step.Headers.Select(h => (h.Name, h.Value.Render(iteration)))];
        var session = await WsSession.ConnectAsync(uri, headers, _step.Subprotocols, _step.Timeout, _series, _context.Traffic, cancellation, _step.Location.ToString()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var checksPassed = await RunActionsAsync(session, _step.Actions, iteration, cancellation).ConfigureAwait(false);
            if (session.IsOpen)
            {
                var close = _step.Actions.Count > 0 ? _step.Actions[^1] as WsClose : null;
                session.Place = (close?.Location ?? _step.Location).ToString();
                await session.CloseAsync(close?.Timeout ?? _step.Timeout, close?.Code ?? 1000, close?.Reason ?? "").ConfigureAwait(false);
            }
            else await session.CloseAsync(_step.Timeout).ConfigureAwait(false);
            if (session.Interrupted) return true;
            return (checksPassed && session.Error is null) || !_step.AbortIterationOnFail;
        }
    }

    /// <summary>Runs the actions while the session is open; false when a check failed.</summary>
    private async Task<bool> RunActionsAsync(WsSession session, IReadOnlyList<WsAction> actions, IterationContext iteration, CancellationToken cancellation)
    {
        var passed = true;
        foreach (var action in actions)
        {
            if (!session.IsOpen) return passed;
            session.Place = action.Location.ToString();
            switch (action)
            {
                case WsSend send:
                    var bytes = send.Binary ?? Encoding.UTF8.GetBytes(send.Text!.IsConstant ? send.Text.ConstantValue! : send.Text.Render(iteration));
                    await session.SendAsync(bytes, send.Binary is not null).ConfigureAwait(false);
                    break;
                case WsReceive wait:
                    passed &= await ReceiveAsync(session, wait).ConfigureAwait(false);
                    break;
                case WsPing ping:
                    await session.PingAsync(ping.Timeout).ConfigureAwait(false);
                    break;
                case WsSleep sleep:
                    try
                    {
                        await Time.Pause.ForAsync(sleep.Pause, cancellation).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return passed; // the VU's interrupt: the close that follows sees it and records the session as cut
                    }
                    break;
                case WsLoop loop:
                    for (var i = 0; i < loop.Count && session.IsOpen; i++)
                        passed &= await RunActionsAsync(session, loop.Actions, iteration, cancellation).ConfigureAwait(false);
                    break;
                case WsClose:
                    return passed; // the runner closes, with this action's code, reason and timeout
            }
        }
        return passed;
    }

    /// <summary>A receive or expect and its checks: every check passes or fails on the message, and all fail without one.</summary>
    private async Task<bool> ReceiveAsync(WsSession session, WsReceive wait)
    {
        Func<WsMessage, bool>? match = wait.Expect ? m => AllPass(wait, m) : null;
        var message = await session.ReceiveAsync(wait.Timeout, match).ConfigureAwait(false);
        if (session.Interrupted || wait.Checks.Count == 0) return true;
        var passed = true;
        using var view = message is null ? null : new ResponseView(101, null, message.Data, message.Data.Length);
        foreach (var check in wait.Checks)
        {
            var pass = view is not null && CheckEvaluator.Passes(check, view);
            passed &= pass;
            _series.Sink.Add(_series.Check(check.Name), pass ? 1 : 0);
        }
        return passed;
    }

    private static bool AllPass(WsReceive wait, WsMessage message)
    {
        using var view = new ResponseView(101, null, message.Data, message.Data.Length);
        foreach (var check in wait.Checks)
            if (!CheckEvaluator.Passes(check, view)) return false;
        return true;
    }

    public void Dispose() { }
}
