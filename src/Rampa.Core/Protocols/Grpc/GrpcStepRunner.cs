using Grpc.Core;
using Grpc.Net.Client;
using Rampa.Core.Engine;
using Rampa.Core.Metrics;
using Rampa.Core.Time;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// One VU's runner of a gRPC step: its own channel (one HTTP/2 connection, as a k6 VU's <c>client.connect</c>), a
/// unary or server-streaming call per iteration with the step's deadline, its metrics and checks. A failing server is
/// recorded (status tag, grpc_req_failed, failed checks), never thrown.
/// </summary>
internal sealed class GrpcStepRunner : IStepRunner
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private readonly GrpcStep _step;
    private readonly StepRunnerContext _context;
    private readonly Shared _shared;
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public GrpcStepRunner(GrpcStep step, StepRunnerContext context)
    {
        _step = step;
        _context = context;
        _shared = context.Shared(() => new Shared(step, context.Metrics, context.StepTags()));
        _channel = GrpcChannels.Create(step.Address, context.Traffic);
        _invoker = _channel.CreateCallInvoker();
    }

    public async ValueTask<bool> RunAsync(IterationContext iteration, CancellationToken cancellation)
    {
        Resolved resolved;
        try
        {
            resolved = await _shared.ResolveAsync(_invoker, _step.Timeout, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
        if (cancellation.IsCancellationRequested) return false;
        if (resolved.Error is not null)
        {
            // The method could not be found (reflection): a failed call that reached no method.
            _shared.Series.Record(StatusCodeOf(resolved.ErrorStatus), 0, false, 0, -1, resolved.Error);
            return RecordChecks(hasResponse: false, null, null, 0, iteration);
        }

        byte[] request;
        try
        {
            request = _shared.ConstantRequest ?? resolved.Codec!.Encode(_step.Message.Render(iteration), resolved.Input!);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            // A variable's value does not fit its field: no call is made; the step fails with the reason.
            _shared.Series.Record((int)StatusCode.InvalidArgument, 0, false, 0, -1, $"{_step.Name}: the request does not fit {resolved.Input!.FullName}: {e.Message}");
            return RecordChecks(hasResponse: false, null, null, 0, iteration);
        }

        var metadata = new Metadata();
        foreach (var h in _step.Metadata) metadata.Add(h.Name.ToLowerInvariant(), h.Value.Render(iteration));
        var options = new CallOptions(metadata, DateTime.UtcNow + _step.Timeout, cancellation);
        var start = MonotonicClock.Now;
        return resolved.Method!.ServerStreaming
            ? await StreamAsync(resolved, request, options, start, iteration, cancellation).ConfigureAwait(false)
            : await UnaryAsync(resolved, request, options, start, iteration, cancellation).ConfigureAwait(false);
    }

    private async ValueTask<bool> UnaryAsync(Resolved resolved, byte[] request, CallOptions options, long start, IterationContext iteration,
        CancellationToken cancellation)
    {
        byte[]? response = null;
        Status status;
        try
        {
            using var call = _invoker.AsyncUnaryCall(resolved.GrpcMethod!, null, options, request);
            response = await call.ResponseAsync.ConfigureAwait(false);
            status = Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            status = e.Status;
        }
        var elapsed = MonotonicClock.ToMicroseconds(MonotonicClock.Now - start);
        if (cancellation.IsCancellationRequested)
        {
            _shared.Series.RecordInterrupted();
            return false;
        }
        _shared.Series.Record((int)status.StatusCode, elapsed, false, 0, -1, Failure(status));
        var json = response is null ? null : Render(resolved, response);
        return RecordChecks(response is not null, status, json, 0, iteration);
    }

    private async ValueTask<bool> StreamAsync(Resolved resolved, byte[] request, CallOptions options, long start, IterationContext iteration,
        CancellationToken cancellation)
    {
        var status = Status.DefaultSuccess;
        long messages = 0, first = -1;
        byte[]? last = null;
        var every = _step.CheckEveryMessage ? new bool[_step.Checks.Count] : null;
        if (every is not null) Array.Fill(every, true);
        try
        {
            using var call = _invoker.AsyncServerStreamingCall(resolved.GrpcMethod!, null, options, request);
            // Bounded: at most MaxMessages messages, each wait bounded by the call's deadline.
            while (messages < _step.MaxMessages && await call.ResponseStream.MoveNext(cancellation).ConfigureAwait(false))
            {
                if (messages++ == 0) first = MonotonicClock.ToMicroseconds(MonotonicClock.Now - start);
                last = call.ResponseStream.Current;
                if (every is not null) EvaluateEach(resolved, last, every);
            }
            if (messages < _step.MaxMessages) status = call.GetStatus();
        }
        catch (RpcException e)
        {
            status = e.Status;
        }
        var elapsed = MonotonicClock.ToMicroseconds(MonotonicClock.Now - start);
        if (cancellation.IsCancellationRequested)
        {
            _shared.Series.RecordInterrupted();
            return false;
        }
        _shared.Series.Record((int)status.StatusCode, elapsed, true, messages, first, Failure(status));
        var json = last is null ? null : Render(resolved, last);
        return RecordChecks(last is not null, status, json, messages, iteration, every);
    }

    /// <summary>Evaluates the json/body checks on one message of a stream (checks: every); a failure sticks.</summary>
    private void EvaluateEach(Resolved resolved, byte[] message, bool[] passed)
    {
        var json = Render(resolved, message);
        using var view = new ResponseView(json is null ? 0 : 200, null, json, json?.Length ?? 0);
        for (var i = 0; i < _step.Checks.Count; i++)
            if (passed[i] && _step.Checks[i] is not (GrpcStatusCheck or GrpcMessageCountCheck))
                passed[i] = CheckEvaluator.Passes(_step.Checks[i], view);
    }

    /// <summary>Records every check of the step and the captures; false when one failed and the step aborts the iteration on it.</summary>
    private bool RecordChecks(bool hasResponse, Status? status, byte[]? json, long messages, IterationContext iteration, bool[]? every = null)
    {
        if (_step.Checks.Count == 0 && _step.Captures.Count == 0) return true;
        var sink = _context.Metrics;
        var all = true;
        using var view = new ResponseView(hasResponse && json is not null ? 200 : 0, null, json, json?.Length ?? 0);
        for (var i = 0; i < _step.Checks.Count; i++)
        {
            var check = _step.Checks[i];
            var pass = check switch
            {
                GrpcStatusCheck s => status is { } st && s.Codes.Contains((int)st.StatusCode),
                GrpcMessageCountCheck c => CheckEvaluator.Compare(messages, c.Count, c.Op),
                _ when every is not null => messages > 0 && every[i],
                _ => CheckEvaluator.Passes(check, view),
            };
            all &= pass;
            sink.Add(_shared.CheckIds[i], pass ? 1 : 0);
        }
        var variables = _context.Vu.Variables;
        for (var i = 0; i < _step.Captures.Count; i++)
        {
            var capture = _step.Captures[i];
            var value = CheckEvaluator.Capture(capture, view);
            if (value is null) variables.Remove(capture.Variable);
            else variables[capture.Variable] = value;
            all &= value is not null;
            sink.Add(_shared.CaptureIds[i], value is null ? 0 : 1);
        }
        _ = iteration;
        return all || !_step.AbortIterationOnFail;
    }

    /// <summary>The response as JSON for checks; null when no check reads it or it is not the method's output type.</summary>
    private byte[]? Render(Resolved resolved, byte[] message)
    {
        if (!_shared.NeedsResponse) return null;
        try
        {
            return resolved.Codec!.Decode(message, resolved.Output!);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string? Failure(Status status) =>
        status.StatusCode == StatusCode.OK ? null : $"{_step.Name}: {GrpcStatusNames.Of((int)status.StatusCode)}: {status.Detail}";

    private static int StatusCodeOf(StatusCode? code) => (int)(code ?? StatusCode.Unknown);

    public void Dispose() => _channel.Dispose();

    /// <summary>What the step's method resolved to: its gRPC method and the codec of its messages, or why it could not be found.</summary>
    internal sealed record Resolved(ProtoMethod? Method, ProtoJsonCodec? Codec, ProtoMessage? Input, ProtoMessage? Output,
        Method<byte[], byte[]>? GrpcMethod, string? Error = null, StatusCode? ErrorStatus = null)
    {
        public static Resolved Of(ProtoMethod method, ProtoJsonCodec codec) => new(method, codec,
            codec.Schema.Message(method.InputType), codec.Schema.Message(method.OutputType),
            new Method<byte[], byte[]>(method.ServerStreaming ? MethodType.ServerStreaming : MethodType.Unary, method.Service, method.Name, Bytes, Bytes));
    }

    /// <summary>The step's state shared by the scenario's VUs on a silo: series, the constant request's bytes, the resolved method.</summary>
    private sealed class Shared
    {
        private readonly GrpcStep _step;
        private readonly SemaphoreSlim _resolving = new(1, 1);
        private Resolved? _resolved;

        public Shared(GrpcStep step, MetricSink sink, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            _step = step;
            Series = new GrpcSeries(sink, tags, step.ExpectedStatuses);
            CheckIds = [.. step.Checks.Select(c => sink.Register(BuiltinMetrics.Checks, [.. tags, new("check", c.Name)]))];
            CaptureIds = [.. step.Captures.Select(c => sink.Register(BuiltinMetrics.Checks, [.. tags, new("check", c.CheckName)]))];
            NeedsResponse = step.Captures.Count > 0 || step.Checks.Any(c => c is not (GrpcStatusCheck or GrpcMessageCountCheck));
            if (step.Method is not null && step.Codec is not null)
            {
                _resolved = Resolved.Of(step.Method, step.Codec);
                // A message the load-time check let through but that does not encode (a bad map key) fails each call instead.
                try
                {
                    if (step.Message.IsConstant) ConstantRequest = step.Codec.Encode(step.Message.ConstantValue!, _resolved.Input!);
                }
                catch (Exception e) when (e is FormatException or System.Text.Json.JsonException) { }
            }
        }

        public GrpcSeries Series { get; }
        public int[] CheckIds { get; }
        public int[] CaptureIds { get; }
        public bool NeedsResponse { get; }
        public byte[]? ConstantRequest { get; private set; }

        /// <summary>The method, from the .proto, or asked once of the server's reflection service by the first VU that calls.</summary>
        public async ValueTask<Resolved> ResolveAsync(CallInvoker invoker, TimeSpan timeout, CancellationToken cancellation)
        {
            if (_resolved is { } r) return r;
            await _resolving.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                if (_resolved is { } again) return again;
                var found = await GrpcReflection.ResolveAsync(invoker, _step.MethodName, timeout, cancellation).ConfigureAwait(false);
                if (found.Error is null && _step.Message.IsConstant)
                {
                    try
                    {
                        ConstantRequest = found.Codec!.Encode(_step.Message.ConstantValue!, found.Input!);
                    }
                    catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
                    {
                        found = found with { Error = $"{_step.Name}: the message does not fit {found.Input!.FullName}: {e.Message}", ErrorStatus = StatusCode.InvalidArgument };
                    }
                }
                // A transient failure (the server not up yet) is tried again by the next call; a definite answer is kept.
                if (found.Error is null || found.ErrorStatus is StatusCode.NotFound or StatusCode.InvalidArgument) _resolved = found;
                return found;
            }
            finally
            {
                _resolving.Release();
            }
        }
    }
}
