using System.Globalization;
using Rampa.Core.Scenarios;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Protocols.Ws;

/// <summary>
/// Reads a <c>ws</c> step: the URL (absolute <c>ws://</c>/<c>wss://</c>, or a path against the base URL, whose http/https
/// becomes ws/wss), headers, subprotocols, timeout, tags, abortIterationOnFail, and the <c>actions</c> list. Every error
/// is reported at its place.
/// </summary>
internal sealed class WsStepReader(StepReadContext context)
{
    public const int MaxLoopCount = 1_000_000;
    private static readonly string[] StepKeys = ["ws", "name", "headers", "subprotocols", "timeout", "tags", "abortIterationOnFail", "actions"];
    private static readonly string[] ActionKeys = ["send", "receive", "expect", "ping", "sleep", "loop", "close"];
    private static readonly string[] SendKinds = ["text", "json", "binary"];
    private static readonly string[] WaitKeys = ["timeout", "checks"];
    private static readonly string[] CloseKeys = ["code", "reason", "timeout"];

    private LoadContext Ctx => context.Load;
    private RequestScope Scope => context.Scope;

    public WsStep? Read(Fields step)
    {
        var before = Ctx.ErrorCount;
        step.ReportUnknown(Ctx, StepKeys, context: " in a ws step");
        var urlField = step["ws"]!;
        var urlText = ReadText(urlField, "a WebSocket URL (ws://host/path, wss://..., or a path such as /chat against baseUrl)");
        var url = urlText is null ? null : Url(urlText.Trim(), urlField);

        var name = urlText?.Trim();
        if (step.TryGet("name", out var nameField)) name = Scenarios.Yaml.Read.Text(Ctx, nameField.Value, nameField.Path, "a step name");

        var headers = Headers(step);
        var subprotocols = Subprotocols(step);
        var timeout = Scope.DefaultTimeout;
        if (step.TryGet("timeout", out var t)) timeout = Timeout(t) ?? timeout;
        var tags = Tags(step);
        var abort = false;
        if (step.TryGet("abortIterationOnFail", out var a)) abort = Scenarios.Yaml.Read.Bool(Ctx, a.Value, a.Path) ?? false;
        IReadOnlyList<WsAction> actions = [];
        if (step.TryGet("actions", out var actionsField)) actions = Actions(actionsField, timeout, topLevel: true) ?? [];

        if (Ctx.ErrorCount != before || url is null || name is null || headers is null || tags is null) return null;
        return new WsStep
        {
            Name = name,
            Location = Ctx.At(urlField.Value),
            Group = context.Group,
            Tags = tags,
            Url = url,
            Headers = headers,
            Subprotocols = subprotocols,
            Timeout = timeout,
            AbortIterationOnFail = abort,
            Actions = actions,
        };
    }

    private string? ReadText(Field f, string expected) => Scenarios.Yaml.Read.Text(Ctx, f.Value, f.Path, expected);

    /// <summary>The URL template; a path is joined to the base URL, whose http(s) becomes ws(s). Its scheme and host are checked at load.</summary>
    private Template? Url(string text, Field field)
    {
        var written = Template.TryParse(text, Scope.Env, out var error, Scope.Data);
        if (written is null)
        {
            Ctx.Error(field.Value, field.Path, $"URL '{text}': {error}");
            return null;
        }
        var full = text;
        if (written.Render(Sample.Instance).StartsWith('/'))
        {
            if (Scope.BaseUrl is null)
            {
                if (!Scope.BaseUrlInvalid)
                    Ctx.Error(field.Value, field.Path, $"relative URL '{text}' needs a 'baseUrl' at the top of the file (e.g. baseUrl: http://127.0.0.1:5080), or write an absolute ws:// URL");
                return null;
            }
            full = Scope.BaseUrl + text;
        }
        if (full.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) full = "ws://" + full[7..];
        else if (full.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) full = "wss://" + full[8..];
        var resolved = ReferenceEquals(full, text) ? written : Template.TryParse(full, Scope.Env, out error, Scope.Data);
        if (resolved is null)
        {
            Ctx.Error(field.Value, field.Path, $"URL '{full}': {error}");
            return null;
        }
        var sample = resolved.Render(Sample.Instance);
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            Ctx.Error(field.Value, field.Path, $"invalid URL '{text}': expected an absolute ws:// or wss:// URL, or a path starting with '/'");
            return null;
        }
        if (uri.Scheme is not ("ws" or "wss"))
        {
            Ctx.Error(field.Value, field.Path, $"invalid URL '{text}': the scheme '{uri.Scheme}' is not a WebSocket's; use ws or wss (or http/https, read as ws/wss)");
            return null;
        }
        return resolved;
    }

    /// <summary>The step's headers over the file's default headers (the step's win).</summary>
    private List<HeaderSpec>? Headers(Fields step)
    {
        var own = new List<HeaderSpec>();
        if (step.TryGet("headers", out var field))
        {
            var parsed = RequestReader.ReadHeaders(Ctx, field, Scope.Env, Scope.Data);
            if (parsed is null) return null;
            own.AddRange(parsed);
        }
        var merged = Scope.DefaultHeaders.Where(d => !own.Any(o => string.Equals(o.Name, d.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        merged.AddRange(own);
        return merged;
    }

    private List<string> Subprotocols(Fields step)
    {
        var result = new List<string>();
        if (!step.TryGet("subprotocols", out var field)) return result;
        var items = Scenarios.Yaml.Read.List(Ctx, field.Value, field.Path, "a subprotocol or a list of them (e.g. [chat, json])", allowSingle: true);
        if (items is null) return result;
        for (var i = 0; i < items.Count; i++)
        {
            var path = field.Value is YamlSequenceNode ? $"{field.Path}[{i}]" : field.Path;
            var text = Scenarios.Yaml.Read.Text(Ctx, items[i], path, "a subprotocol name")?.Trim();
            if (text is null) continue;
            if (text.Length == 0 || !text.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c)))
                Ctx.Error(items[i], path, $"'{text}' is not a valid subprotocol name (a token: letters, digits and !#$%&'*+-.^_`|~)");
            else if (result.Contains(text)) Ctx.Error(items[i], path, $"subprotocol '{text}' is given twice");
            else result.Add(text);
        }
        return result;
    }

    private TimeSpan? Timeout(Field field)
    {
        var t = Scenarios.Yaml.Read.Duration(Ctx, field.Value, field.Path);
        if (t is not null && t <= TimeSpan.Zero)
        {
            Ctx.Error(field.Value, field.Path, "must be greater than 0");
            return null;
        }
        return t;
    }

    private Dictionary<string, string>? Tags(Fields step)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!step.TryGet("tags", out var field)) return result;
        var map = Fields.Of(Ctx, field.Value, field.Path, "a mapping of tag names to values, e.g. tags: { team: web }");
        if (map is null) return null;
        var ok = true;
        foreach (var f in map.All)
        {
            if (RequestReader.SystemTags.Contains(f.Name) || f.Name == "status")
            {
                Ctx.Error(f.Key, f.Path, $"'{f.Name}' is a system tag and cannot be set on a step; system tags are {string.Join(", ", RequestReader.SystemTags)}");
                ok = false;
                continue;
            }
            var value = f.Value is YamlScalarNode ? Scenarios.Yaml.Read.Text(Ctx, f.Value, f.Path, "a text value", allowEmpty: true) : null;
            if (f.Value is not YamlScalarNode) Ctx.Error(f.Value, f.Path, $"tag '{f.Name}': expected a text value");
            if (value is null) ok = false;
            else result[f.Name] = value;
        }
        return ok ? result : null;
    }

    // ---- actions -----------------------------------------------------------------------------------------------

    private List<WsAction>? Actions(Field field, TimeSpan timeout, bool topLevel)
    {
        var items = Scenarios.Yaml.Read.List(Ctx, field.Value, field.Path, "a list of actions (send, receive, expect, ping, sleep, loop, close)");
        if (items is null) return null;
        var actions = new List<WsAction>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field.Path}[{i}]";
            var action = Action(items[i], path, timeout, topLevel);
            if (action is null) continue;
            if (actions.Count > 0 && actions[^1] is WsClose)
                Ctx.Error(items[i], path, "no action can follow 'close' (the session is closed)");
            actions.Add(action);
        }
        return actions;
    }

    private WsAction? Action(YamlNode node, string path, TimeSpan timeout, bool topLevel)
    {
        const string expected = "an action: a mapping with one of send, receive, expect, ping, sleep, loop, close (or the word ping, receive or close)";
        // The words stand for the action with its defaults: `- ping`, `- receive`, `- close`.
        if (node is YamlScalarNode word && !Scenarios.Yaml.Read.IsNull(word))
        {
            var w = (word.Value ?? "").Trim();
            var at = Ctx.At(node);
            switch (w)
            {
                case "ping": return new WsPing(at, timeout);
                case "receive": return new WsReceive(at, timeout, [], Expect: false);
                case "close": return topLevel ? new WsClose(at, timeout, 1000, "") : CloseInLoop(node, path);
                default:
                    Ctx.Error(node, path, $"unknown action '{w}'; expected {expected}{Suggest.DidYouMean(w, ActionKeys)}");
                    return null;
            }
        }
        var fields = Fields.Of(Ctx, node, path, expected);
        if (fields is null) return null;
        var kinds = fields.All.Where(f => ActionKeys.Contains(f.Name)).ToList();
        if (kinds.Count != 1)
        {
            if (kinds.Count == 0)
            {
                var first = fields.All.FirstOrDefault();
                if (first is null) Ctx.Error(node, path, $"expected {expected}");
                else Ctx.Error(first.Key, first.Path, $"unknown action '{first.Name}'; expected one of {string.Join(", ", ActionKeys)}{Suggest.DidYouMean(first.Name, ActionKeys)}");
            }
            else Ctx.Error(kinds[1].Key, kinds[1].Path, $"an action item holds one action, but this one has '{kinds[0].Name}' and '{kinds[1].Name}'; give each its own item");
            return null;
        }
        var kind = kinds[0];
        fields.ReportUnknown(Ctx, kind.Name == "loop" ? ["loop", "actions"] : [kind.Name],
            context: kind.Name == "loop" ? " in a loop (it has 'loop: COUNT' and 'actions:')" : $" beside '{kind.Name}' (its options go under it, e.g. {kind.Name}: {{ timeout: 2s }})");
        var loc = Ctx.At(kind.Key);
        return kind.Name switch
        {
            "send" => Send(kind, loc),
            "receive" => Wait(kind, loc, timeout, expect: false),
            "expect" => Wait(kind, loc, timeout, expect: true),
            "ping" => Ping(kind, loc, timeout),
            "sleep" => Scenarios.Yaml.Read.Duration(Ctx, kind.Value, kind.Path) is { } d ? new WsSleep(loc, d) : null,
            "loop" => Loop(fields, kind, loc, timeout),
            _ => topLevel ? Close(kind, loc, timeout) : CloseInLoop(kind.Key, kind.Path),
        };
    }

    private WsAction? CloseInLoop(YamlNode node, string path)
    {
        Ctx.Error(node, path, "'close' ends the session: it belongs at the end of the step's actions, not inside a loop");
        return null;
    }

    private WsSend? Send(Field field, SourceLocation loc)
    {
        if (field.Value is YamlScalarNode)
        {
            var text = Scenarios.Yaml.Read.Text(Ctx, field.Value, field.Path, "the message's text, or a mapping with text:, json: or binary:", allowEmpty: true);
            return text is null ? null : TextSend(text, field, loc, json: false);
        }
        if (field.Value is YamlSequenceNode)
        {
            Ctx.Error(field.Value, field.Path, "'send:' takes text, or a mapping with one of text:, json: (structured data), binary: (base64)");
            return null;
        }
        var map = Fields.Of(Ctx, field.Value, field.Path, "a mapping with one of text:, json:, binary:")!;
        map.ReportUnknown(Ctx, SendKinds, "message kind", " (a message is text:, json: or binary:)");
        var given = map.All.Where(f => SendKinds.Contains(f.Name)).ToList();
        if (given.Count != 1)
        {
            Ctx.Error(field.Value, field.Path, given.Count == 0 ? "'send:' needs one of text:, json:, binary:" : "a message is one of text:, json:, binary:, not several");
            return null;
        }
        var kind = given[0];
        switch (kind.Name)
        {
            case "text":
                var text = Scenarios.Yaml.Read.Text(Ctx, kind.Value, kind.Path, "the message's text", allowEmpty: true);
                return text is null ? null : TextSend(text, kind, loc, json: false);
            case "json":
                if (!YamlJson.TryToJsonText(kind.Value, out var json))
                {
                    Ctx.Error(kind.Value, kind.Path, $"the json message expands to more than {YamlJson.MaxValues.ToString("N0", CultureInfo.InvariantCulture)} values (through aliases?)");
                    return null;
                }
                return TextSend(json, kind, loc, json: true);
            default:
                var b64 = Scenarios.Yaml.Read.Text(Ctx, kind.Value, kind.Path, "the message's bytes in base64", allowEmpty: true);
                if (b64 is null) return null;
                try
                {
                    return new WsSend(loc, null, Convert.FromBase64String(b64.Trim()));
                }
                catch (FormatException)
                {
                    Ctx.Error(kind.Value, kind.Path, $"'{b64.Trim()}' is not base64 (binary: takes the message's bytes in base64, e.g. aGVsbG8=)");
                    return null;
                }
        }
    }

    private WsSend? TextSend(string text, Field field, SourceLocation loc, bool json)
    {
        var template = Template.TryParse(text, Scope.Env, out var error, Scope.Data, jsonStrings: json);
        if (template is null) Ctx.Error(field.Value, field.Path, error ?? "invalid template");
        return template is null ? null : new WsSend(loc, template, null);
    }

    /// <summary><c>receive</c> or <c>expect</c>: nothing (defaults), or a mapping of timeout and checks.</summary>
    private WsReceive? Wait(Field field, SourceLocation loc, TimeSpan timeout, bool expect)
    {
        var map = Fields.Of(Ctx, field.Value, field.Path, "a mapping with timeout: and checks: (e.g. { timeout: 2s, checks: { body: hello } })");
        if (map is null) return null;
        map.ReportUnknown(Ctx, WaitKeys, context: $" in '{field.Name}' (it has timeout: and checks:)");
        if (map.TryGet("timeout", out var t)) timeout = Timeout(t) ?? timeout;
        var checks = new List<CheckSpec>();
        if (map.TryGet("checks", out var c))
        {
            new CheckReader(Ctx).Checks(c, checks);
            foreach (var bad in checks.Where(x => x is StatusCheck or HeaderCheck))
                Ctx.Error(c.Value, c.Path, $"a message has no status or headers: check '{bad.Name}' cannot apply; check its body or json");
            checks.RemoveAll(x => x is StatusCheck or HeaderCheck);
        }
        if (expect && checks.Count == 0)
            Ctx.Error(field.Key, field.Path, "'expect' waits for the message that passes its checks: give it checks (e.g. expect: { checks: { json: { $.type: joined } } }), or use 'receive' for the next message");
        return new WsReceive(loc, timeout, checks, expect);
    }

    private WsPing? Ping(Field field, SourceLocation loc, TimeSpan timeout)
    {
        var map = Fields.Of(Ctx, field.Value, field.Path, "nothing, or a mapping with timeout:");
        if (map is null) return null;
        map.ReportUnknown(Ctx, ["timeout"], context: " in 'ping' (it has timeout:)");
        if (map.TryGet("timeout", out var t)) timeout = Timeout(t) ?? timeout;
        return new WsPing(loc, timeout);
    }

    private WsLoop? Loop(Fields item, Field field, SourceLocation loc, TimeSpan timeout)
    {
        var count = Scenarios.Yaml.Read.Int(Ctx, field.Value, field.Path);
        if (count is not null && (count < 1 || count > MaxLoopCount))
        {
            Ctx.Error(field.Value, field.Path, $"a loop's count is from 1 to {MaxLoopCount.ToString("N0", CultureInfo.InvariantCulture)}, got {count}");
            count = null;
        }
        if (!item.TryGet("actions", out var actionsField))
        {
            Ctx.Error(field.Key, field.Path, "a loop needs 'actions:' (the list it repeats)");
            return null;
        }
        var actions = Actions(actionsField, timeout, topLevel: false);
        if (actionsField.Value is YamlSequenceNode { Children.Count: 0 }) Ctx.Error(actionsField.Value, actionsField.Path, "a loop needs at least one action");
        return count is null || actions is null ? null : new WsLoop(loc, count.Value, actions);
    }

    private WsClose? Close(Field field, SourceLocation loc, TimeSpan timeout)
    {
        var map = Fields.Of(Ctx, field.Value, field.Path, "nothing, or a mapping with code:, reason:, timeout:");
        if (map is null) return null;
        map.ReportUnknown(Ctx, CloseKeys, context: " in 'close' (it has code:, reason:, timeout:)");
        var code = 1000;
        if (map.TryGet("code", out var c) && Scenarios.Yaml.Read.Int(Ctx, c.Value, c.Path) is { } given)
        {
            // 1000 (normal) or an application's 3000-4999: the codes a client may send (RFC 6455 §7.4).
            if (given == 1000 || given is >= 3000 and <= 4999) code = given;
            else Ctx.Error(c.Value, c.Path, $"a client closes with 1000 (normal) or a code from 3000 to 4999, got {given}");
        }
        var reason = "";
        if (map.TryGet("reason", out var r)) reason = Scenarios.Yaml.Read.Text(Ctx, r.Value, r.Path, "a close reason", allowEmpty: true) ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(reason) > 123) Ctx.Error(r!.Value, r.Path, "a close reason is at most 123 bytes");
        if (map.TryGet("timeout", out var t)) timeout = Timeout(t) ?? timeout;
        return new WsClose(loc, timeout, code, reason);
    }

    /// <summary>Stand-in values used to check a URL's shape at load.</summary>
    private sealed class Sample : ITemplateValues
    {
        public static readonly Sample Instance = new();
        public long Vu => 1;
        public long Iteration => 0;
        public string Scenario => "scenario";
        public string? GetVariable(string name) => "value";
        public string? GetData(int source, int column) => "value";
    }
}
