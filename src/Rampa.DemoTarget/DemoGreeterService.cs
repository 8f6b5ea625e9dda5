using Grpc.Core;
using Rampa.DemoTarget.Grpc;

namespace Rampa.DemoTarget;

/// <summary>The demo target's <c>rampa.demo.Greeter</c>: what Rampa's gRPC steps, examples and tests call.</summary>
internal sealed class DemoGreeterService(DemoGrpcState state) : Greeter.GreeterBase
{
    /// <summary>Most messages one <c>Count</c> call streams, and the longest pause between two, so a call always ends.</summary>
    private const int MaxCount = 10_000;
    private const int MaxDelayMs = 10_000;

    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)
    {
        var n = state.Count("SayHello");
        var reply = new HelloReply
        {
            Message = $"Hello, {request.Name}",
            CallNumber = n,
            Mood = request.Mood,
            Origin = request.Origin,
        };
        reply.Labels.Add(request.Labels);
        reply.Tags.Add(request.Tags);
        // Echo what the caller sent as metadata, so tests can see it arrived.
        foreach (var entry in context.RequestHeaders)
            if (entry.Key.StartsWith("x-", StringComparison.Ordinal) && !entry.IsBinary) reply.Labels[entry.Key] = entry.Value;
        for (var i = 0; i < Math.Clamp(request.Times, 0, 100); i++) reply.Messages.Add($"Hello, {request.Name} #{i + 1}");
        return Task.FromResult(reply);
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<Number> responseStream, ServerCallContext context)
    {
        state.Count("Count");
        var count = Math.Clamp(request.Count, 0, MaxCount);
        var delay = Math.Clamp(request.DelayMs, 0, MaxDelayMs);
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && delay > 0) await Task.Delay(delay, context.CancellationToken).ConfigureAwait(false);
            await responseStream.WriteAsync(new Number { Value = request.Start + i, Index = i, Last = i == count - 1 }).ConfigureAwait(false);
            state.CountStreamMessage();
        }
    }

    public override Task<HelloReply> Fail(FailRequest request, ServerCallContext context)
    {
        state.Count("Fail");
        if (request.Code == 0) return Task.FromResult(new HelloReply());
        var code = Enum.IsDefined(typeof(StatusCode), request.Code) ? (StatusCode)request.Code : StatusCode.Unknown;
        throw new RpcException(new Status(code, string.IsNullOrEmpty(request.Message) ? "failed on demand" : request.Message));
    }
}
