using System.Collections.Concurrent;
using System.Text;
using Rampa.Core.Protocols.Ws;
using Rampa.Core.Scenarios;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// A code VU's <see cref="WorkerWebSocket"/>: the YAML <c>ws</c> step's session (<see cref="WsSession"/>) and series
/// (<see cref="WsSeries"/> per name, group and tags, shared by the scenario's VUs), so a session in C# records exactly
/// what the same session in YAML does.
/// </summary>
internal sealed class CodeWebSocket(CodeWorker worker, CodeScenarioState state, CodeRequestDefaults defaults) : WorkerWebSocket
{
    public override async Task<WebSocketSession> ConnectAsync(string url, WebSocketOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        var cancellation = worker.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        var uri = Resolve(url);
        var timeout = options?.Timeout ?? defaults.Timeout;
        var series = SeriesFor(options?.Name ?? url, worker.GroupPath, options?.Tags);
        var headers = new List<(string Name, string Value)>(defaults.Headers);
        foreach (var (name, value) in options?.Headers ?? new Dictionary<string, string>())
        {
            headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
            headers.Add((name, value));
        }
        var session = await WsSession.ConnectAsync(uri, headers, options?.Subprotocols ?? [], timeout, series,
            state.Services.TrafficFor(state.Scenario), cancellation).ConfigureAwait(false);
        if (session.Interrupted) throw new OperationCanceledException(cancellation);
        return new Session(session, timeout);
    }

    private Uri Resolve(string url)
    {
        var text = url;
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            if (defaults.BaseUrl is null)
                throw new InvalidOperationException($"'{url}' is a relative URL and the run has no base URL: set [assembly: RampaOptions(BaseUrl = ...)], baseUrl in the YAML file, or --base-url");
            text = defaults.BaseUrl + (url.StartsWith('/') ? url : "/" + url);
        }
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) text = "ws://" + text[7..];
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) text = "wss://" + text[8..];
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"'{url}' is not a WebSocket URL: expected ws://, wss://, or a path against the base URL", nameof(url));
        return uri;
    }

    private WsSeries SeriesFor(string name, string? group, IReadOnlyDictionary<string, string>? tags)
    {
        var all = state.Services.WorkloadState(state.Scenario, () => new ConcurrentDictionary<string, WsSeries>(StringComparer.Ordinal));
        var key = new StringBuilder(name).Append('\0').Append(group);
        if (tags is not null)
            foreach (var (k, v) in tags.OrderBy(t => t.Key, StringComparer.Ordinal)) key.Append('\0').Append(k).Append('=').Append(v);
        return all.GetOrAdd(key.ToString(), _ =>
        {
            var t = new Dictionary<string, string>(state.Services.SeriesFor(state.Scenario).BaseTags.ToDictionary(), StringComparer.Ordinal);
            foreach (var (k, v) in tags ?? new Dictionary<string, string>()) t[k] = v;
            t["name"] = name;
            if (group is not null) t["group"] = group;
            return new WsSeries(state.Sink, [.. t]);
        });
    }

    /// <summary>The SDK's view of one <see cref="WsSession"/>.</summary>
    private sealed class Session(WsSession session, TimeSpan timeout) : WebSocketSession
    {
        public override int Status => session.Status;
        public override string? Subprotocol => session.Subprotocol;
        public override bool IsOpen => session.IsOpen;
        public override string? Error => session.Error;

        public override Task<bool> SendAsync(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            return Interruptible(session.SendAsync(Encoding.UTF8.GetBytes(text), binary: false));
        }

        public override Task<bool> SendAsync(ReadOnlyMemory<byte> binary) => Interruptible(session.SendAsync(binary, binary: true));

        public override async Task<WebSocketMessage?> ReceiveAsync(TimeSpan? timeout = null) =>
            Message(await Interruptible(session.ReceiveAsync(timeout ?? Default)).ConfigureAwait(false));

        public override async Task<WebSocketMessage?> ExpectAsync(Func<WebSocketMessage, bool> match, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(match);
            return Message(await Interruptible(session.ReceiveAsync(timeout ?? Default, m => match(Message(m)!))).ConfigureAwait(false));
        }

        public override Task<TimeSpan?> PingAsync(TimeSpan? timeout = null) => Interruptible(session.PingAsync(timeout ?? Default));

        public override Task CloseAsync(int code = 1000, string reason = "", TimeSpan? timeout = null) =>
            session.CloseAsync(timeout ?? Default, code, reason ?? "");

        public override async ValueTask DisposeAsync()
        {
            await session.CloseAsync(Default).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
        }

        private TimeSpan Default => timeout;

        /// <summary>The VU's interrupt ends the iteration as it does for an HTTP request: by cancellation.</summary>
        private async Task<T> Interruptible<T>(Task<T> task)
        {
            var result = await task.ConfigureAwait(false);
            if (session.Interrupted) throw new OperationCanceledException();
            return result;
        }

        private static WebSocketMessage? Message(WsMessage? m) => m is null ? null : new WebSocketMessage(m.Data, m.Binary);
    }
}
