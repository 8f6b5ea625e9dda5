using Grpc.Core;
using Grpc.Core.Interceptors;
using Rampa.Core.Time;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// Records the calls of a C# scenario's gRPC clients as gRPC steps record theirs (<see cref="GrpcSeries"/>): unary calls
/// when their response or error arrives, streams when they end. Calls that set no deadline get
/// <paramref name="defaultTimeout"/>, and calls with no cancellation token end with the iteration, so every wait is bounded.
/// </summary>
internal sealed class GrpcRecordingInterceptor(Func<string, GrpcSeries> seriesFor, Func<CancellationToken> iteration, TimeSpan defaultTimeout)
    : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        context = Bounded(context);
        var recorder = new CallRecorder(seriesFor(Name(context.Method)), context.Options.CancellationToken, stream: false);
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(recorder.Unary(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers,
            call.Dispose);
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        context = Bounded(context);
        var recorder = new CallRecorder(seriesFor(Name(context.Method)), context.Options.CancellationToken, stream: false);
        try
        {
            var response = continuation(request, context);
            recorder.End(StatusCode.OK, null);
            return response;
        }
        catch (RpcException e)
        {
            recorder.End(e.StatusCode, e.Status.Detail);
            throw;
        }
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        context = Bounded(context);
        var recorder = new CallRecorder(seriesFor(Name(context.Method)), context.Options.CancellationToken, stream: true);
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new RecordingReader<TResponse>(call.ResponseStream, recorder), call.ResponseHeadersAsync,
            call.GetStatus, call.GetTrailers, () => { recorder.Abandoned(); call.Dispose(); });
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        context = Bounded(context);
        var recorder = new CallRecorder(seriesFor(Name(context.Method)), context.Options.CancellationToken, stream: false);
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, recorder.Unary(call.ResponseAsync), call.ResponseHeadersAsync,
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        context = Bounded(context);
        var recorder = new CallRecorder(seriesFor(Name(context.Method)), context.Options.CancellationToken, stream: true);
        var call = continuation(context);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestStream, new RecordingReader<TResponse>(call.ResponseStream, recorder),
            call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, () => { recorder.Abandoned(); call.Dispose(); });
    }

    private static string Name(IMethod method) => method.FullName.TrimStart('/');

    private ClientInterceptorContext<TRequest, TResponse> Bounded<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var options = context.Options;
        if (options.Deadline is null) options = options.WithDeadline(DateTime.UtcNow + defaultTimeout);
        if (!options.CancellationToken.CanBeCanceled) options = options.WithCancellationToken(iteration());
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }

    /// <summary>One call's measurement, recorded once: at its response, its stream's end or error, or when it is abandoned.</summary>
    private sealed class CallRecorder(GrpcSeries series, CancellationToken cancellation, bool stream)
    {
        private readonly long _start = MonotonicClock.Now;
        private long _messages;
        private long _first = -1;
        private int _done;

        public async Task<T> Unary<T>(Task<T> response)
        {
            try
            {
                var r = await response.ConfigureAwait(false);
                End(StatusCode.OK, null);
                return r;
            }
            catch (RpcException e)
            {
                End(e.StatusCode, e.Status.Detail);
                throw;
            }
        }

        public void Message()
        {
            if (_messages++ == 0) _first = MonotonicClock.ToMicroseconds(MonotonicClock.Now - _start);
        }

        /// <summary>Disposed before its end: the client cancelled it.</summary>
        public void Abandoned() => End(StatusCode.Cancelled, "the call was disposed before it ended");

        public void End(StatusCode status, string? detail)
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            if (cancellation.IsCancellationRequested)
            {
                series.RecordInterrupted();
                return;
            }
            var elapsed = MonotonicClock.ToMicroseconds(MonotonicClock.Now - _start);
            series.Record((int)status, elapsed, stream, _messages, _first,
                status == StatusCode.OK ? null : $"{GrpcStatusNames.Of((int)status)}: {detail}");
        }
    }

    private sealed class RecordingReader<T>(IAsyncStreamReader<T> inner, CallRecorder recorder) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                if (await inner.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    recorder.Message();
                    return true;
                }
                recorder.End(StatusCode.OK, null);
                return false;
            }
            catch (RpcException e)
            {
                recorder.End(e.StatusCode, e.Status.Detail);
                throw;
            }
        }
    }
}
