using System.Globalization;
using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Reads a scenario's workload: the ordered <c>flow</c> (request and think steps) or the weighted <c>requests</c>,
/// with each request's URL resolved against the base URL, headers merged over the defaults, body, checks, timeout and
/// expected statuses.
/// </summary>
internal sealed partial class RequestReader(LoadContext ctx, RequestScope scope)
{
    public static readonly IReadOnlyList<string> Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private static readonly string[] RequestKeys = ["request", "name", "headers", "body", "json", "checks", "capture", "abortIterationOnFail", "timeout", "expectedStatuses", "tags", "retry", "http"];
    private static readonly string[] WeightedKeys = ["weight", .. RequestKeys];
    private static readonly string[] ThinkKeys = ["think"];
    private static readonly string[] LongFormKeys = ["method", "url"];

    /// <summary>The <c>flow</c> list (or a group's <c>steps</c>): every iteration runs all its steps in order.</summary>
    /// <param name="group">The path of the enclosing group (e.g. <c>::checkout</c>); null for the top-level flow.</param>
    public IReadOnlyList<FlowStep>? Flow(Field field, string? group = null)
    {
        var items = Read.List(ctx, field.Value, field.Path, "a list of steps (each a mapping with 'request:' or 'think:')");
        if (items is null) return null;
        if (items.Count == 0)
        {
            ctx.Error(field.Key, field.Path, group is null ? "a flow needs at least one step" : "a group needs at least one step");
            return null;
        }
        var steps = new List<FlowStep>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field.Path}[{i}]";
            var step = Fields.Of(ctx, items[i], path, "a step: a mapping with 'request:' (e.g. request: GET /) or 'think:' (e.g. think: 1s)");
            if (step is null) { ok = false; continue; }
            if (step.Has("group"))
            {
                var g = Group(step, group);
                if (g is null) { ok = false; continue; }
                steps.Add(g);
            }
            else if (step.TryGet("think", out var think))
            {
                if (step.TryGet("request", out var both))
                {
                    ctx.Error(both.Key, both.Path, "a step is either a request or a think step; move 'think:' to its own step");
                    ok = false;
                    continue;
                }
                step.ReportUnknown(ctx, ThinkKeys, context: " in a think step (it only has 'think:'; put other keys on a request step)");
                var t = Read.Think(ctx, think.Value, think.Path);
                if (t is null || step.All.Count != 1) { ok = false; continue; }
                steps.Add(new ThinkStep(t.Value));
            }
            else if (Protocols.ProtocolCatalog.ForStep(step) is { } protocol)
            {
                if (step.TryGet("request", out var both))
                {
                    ctx.Error(both.Key, both.Path, $"a step is either a request or a '{protocol.StepKey}' step; move 'request:' to its own step");
                    ok = false;
                    continue;
                }
                var p = protocol.ReadStep(new Protocols.StepReadContext(ctx, scope, group), step);
                if (p is null) { ok = false; continue; }
                steps.Add(p);
            }
            else if (step.Has("request"))
            {
                var request = Request(step, RequestKeys);
                if (request is null) { ok = false; continue; }
                steps.Add(new RequestStep(group is null ? request : request with { Group = group }));
            }
            else
            {
                ctx.Error(items[i], path, "a step needs 'request:' (e.g. request: GET /), 'think:' (e.g. think: 1s), 'group:' with 'steps:'"
                    + string.Concat(Protocols.ProtocolCatalog.StepKeys.Select(k => $", '{k}:'"))
                    + Suggest.DidYouMean(step.All.FirstOrDefault()?.Name ?? "", ["request", "think", "group", .. Protocols.ProtocolCatalog.StepKeys]));
                ok = false;
            }
        }
        if (ok && group is null && !HasRequest(steps))
        {
            ctx.Error(field.Key, field.Path, "a flow needs at least one request step");
            ok = false;
        }
        return ok ? steps : null;
    }

    /// <summary>The weighted <c>requests</c> list: every iteration runs one, picked by weight.</summary>
    public IReadOnlyList<WeightedRequest>? Weighted(Field field)
    {
        var items = Read.List(ctx, field.Value, field.Path, "a list of requests (each a mapping with 'request:' and an optional 'weight:')");
        if (items is null) return null;
        if (items.Count == 0)
        {
            ctx.Error(field.Key, field.Path, "'requests' needs at least one request");
            return null;
        }
        var result = new List<WeightedRequest>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field.Path}[{i}]";
            var item = Fields.Of(ctx, items[i], path, "a request: a mapping with 'request:' and an optional 'weight:'");
            if (item is null) { ok = false; continue; }
            double weight = 1;
            if (item.TryGet("weight", out var w))
            {
                var v = Read.Number(ctx, w.Value, w.Path);
                if (v is null) ok = false;
                else if (v <= 0) { ctx.Error(w.Value, w.Path, $"must be greater than 0, got {v.Value.ToString(CultureInfo.InvariantCulture)}"); ok = false; }
                else weight = v.Value;
            }
            if (!item.Has("request"))
            {
                if (item.Has("think"))
                    ctx.Error(item["think"]!.Key, item.PathOf("think"), "'think:' steps belong in a 'flow'; in 'requests' use the scenario's 'thinkTime'");
                ctx.Error(items[i], Fields.Join(path, "request"), "missing 'request:' (e.g. request: GET /)");
                item.ReportUnknown(ctx, WeightedKeys, context: " in a request");
                ok = false;
                continue;
            }
            var request = Request(item, WeightedKeys);
            if (request is null) { ok = false; continue; }
            result.Add(new WeightedRequest(weight, request));
        }
        return ok ? result : null;
    }

    /// <summary>One request (a flow step or a weighted item); null after reporting its errors.</summary>
    private RequestSpec? Request(Fields step, IReadOnlyCollection<string> known)
    {
        var errorsBefore = ctx.ErrorCount;
        step.ReportUnknown(ctx, known, context: " in a request");
        var requestField = step["request"]!;

        // Method and URL: "METHOD URL" or { method, url }.
        string? method = null;
        string? urlText = null;
        YamlNode urlNode = requestField.Value;
        var urlPath = requestField.Path;
        if (requestField.Value is YamlMappingNode)
        {
            var longForm = Fields.Of(ctx, requestField.Value, requestField.Path)!;
            longForm.ReportUnknown(ctx, LongFormKeys, context: " in a request's long form (it has 'method:' and 'url:')");
            method = "GET";
            if (longForm.TryGet("method", out var m))
            {
                var text = Read.Text(ctx, m.Value, m.Path, "an HTTP method");
                method = text is null ? null : Method(text.Trim(), m.Value, m.Path);
            }
            if (longForm.TryGet("url", out var u))
            {
                urlText = Read.Text(ctx, u.Value, u.Path, "a URL");
                urlNode = u.Value;
                urlPath = u.Path;
            }
            else ctx.Error(requestField.Value, Fields.Join(requestField.Path, "url"), "missing 'url:' in the request's long form");
        }
        else
        {
            var text = Read.Text(ctx, requestField.Value, requestField.Path, "a request: 'METHOD URL' (e.g. GET /items) or a mapping with 'method:' and 'url:'");
            if (text is not null)
            {
                var trimmed = text.Trim();
                var space = trimmed.IndexOfAny([' ', '\t']);
                if (space < 0)
                    ctx.Error(requestField.Value, requestField.Path, $"expected 'METHOD URL' (e.g. GET {trimmed}), got '{trimmed}'");
                else
                {
                    method = Method(trimmed[..space], requestField.Value, requestField.Path);
                    urlText = trimmed[(space + 1)..].Trim();
                }
            }
        }
        var url = urlText is null ? null : Url(urlText.Trim(), urlNode, urlPath);

        // Name: the step's name, else the URL template as written.
        var name = urlText?.Trim();
        if (step.TryGet("name", out var nameField)) name = Read.Text(ctx, nameField.Value, nameField.Path, "a request name");

        var headers = Headers(step);
        var (body, bodyIsJson) = Body(step);

        var checks = new List<CheckSpec>();
        if (step.TryGet("checks", out var checksField)) new CheckReader(ctx).Checks(checksField, checks);
        var captures = new List<CaptureSpec>();
        if (step.TryGet("capture", out var captureField)) new CheckReader(ctx).Captures(captureField, captures);
        var abortOnFail = false;
        if (step.TryGet("abortIterationOnFail", out var abortField)) abortOnFail = Read.Bool(ctx, abortField.Value, abortField.Path) ?? false;

        var timeout = scope.DefaultTimeout;
        if (step.TryGet("timeout", out var timeoutField))
        {
            var t = Read.Duration(ctx, timeoutField.Value, timeoutField.Path);
            if (t is not null && t <= TimeSpan.Zero) ctx.Error(timeoutField.Value, timeoutField.Path, "must be greater than 0");
            else if (t is not null) timeout = t.Value;
        }
        var tags = RequestTags(step);
        var expected = scope.DefaultExpectedStatuses;
        if (step.TryGet("expectedStatuses", out var expectedField))
            expected = StatusReader.Read(ctx, expectedField.Value, expectedField.Path) ?? expected;
        var retry = scope.DefaultRetry;
        if (step.TryGet("retry", out var retryField)) retry = RetryReader.Read(ctx, retryField).Policy;
        var http = scope.DefaultHttp;
        if (step.TryGet("http", out var httpField)) http = HttpVersionReader.Version(ctx, httpField) ?? http;
        if (url is not null) CheckScheme(url, http, httpField?.Value ?? urlNode, httpField?.Path ?? urlPath);

        if (ctx.ErrorCount != errorsBefore || method is null || url is null || name is null || headers is null || tags is null) return null;

        // Content type: a constant Content-Type header wins (and moves to ContentType); else by body kind.
        string? contentType = null;
        if (body is not null)
        {
            var header = headers.FindIndex(h => string.Equals(h.Name, "Content-Type", StringComparison.OrdinalIgnoreCase));
            if (header >= 0 && headers[header].Value.IsConstant)
            {
                contentType = headers[header].Value.ConstantValue;
                headers.RemoveAt(header);
            }
            else if (header < 0) contentType = bodyIsJson ? "application/json" : "text/plain";
        }

        return new RequestSpec
        {
            Method = method,
            Url = url,
            Headers = headers,
            Body = body,
            ContentType = contentType,
            Name = name,
            Checks = checks,
            Captures = captures,
            AbortIterationOnFail = abortOnFail,
            Timeout = timeout,
            ExpectedStatuses = expected,
            Retry = retry,
            Http = http,
            Connections = scope.DefaultConnections,
            Location = ctx.At(requestField.Value),
            Tags = tags,
        };
    }

    /// <summary><c>2</c> is HTTP/2 over TLS and <c>h2c</c> cleartext: each needs its scheme (fixed at load).</summary>
    private void CheckScheme(Template url, Protocols.Http.HttpVersionChoice http, YamlNode node, string path)
    {
        var https = url.Text.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        if (http == Protocols.Http.HttpVersionChoice.Http2 && !https)
            ctx.Error(node, path, $"http: 2 is HTTP/2 over TLS and needs an https:// URL, not '{url.Text}'; use http: h2c for cleartext HTTP/2 (prior knowledge)");
        else if (http == Protocols.Http.HttpVersionChoice.H2c && https)
            ctx.Error(node, path, $"http: h2c is cleartext HTTP/2 and needs an http:// URL, not '{url.Text}'; use http: 2 for HTTP/2 over TLS");
    }

    private string? Method(string text, YamlNode node, string path)
    {
        var upper = text.ToUpperInvariant();
        if (Methods.Contains(upper)) return upper;
        ctx.Error(node, path, $"unknown HTTP method '{text}'; expected one of {string.Join(", ", Methods)}");
        return null;
    }

    /// <summary>
    /// Parses the URL template and resolves a relative one ("/...") against the base URL by concatenation, keeping
    /// <c>{{...}}</c> variables intact. Only the path and query may use per-VU variables: the scheme and host are
    /// checked at load.
    /// </summary>
    internal Template? Url(string text, YamlNode node, string path)
    {
        var written = Template.TryParse(text, scope.Env, out var error, scope.Data);
        if (written is null)
        {
            ctx.Error(node, path, $"URL '{text}': {error}");
            return null;
        }
        var sample = written.Render(SampleValues.Instance);
        var full = text;
        if (sample.StartsWith('/'))
        {
            if (scope.BaseUrl is null)
            {
                if (!scope.BaseUrlInvalid)
                    ctx.Error(node, path, $"relative URL '{text}' needs a 'baseUrl' at the top of the file (e.g. baseUrl: http://127.0.0.1:5080), or write an absolute URL");
                return null;
            }
            full = scope.BaseUrl + text;
            sample = scope.BaseUrl + sample;
        }
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            ctx.Error(node, path, $"invalid URL '{text}': expected an absolute http:// or https:// URL, or a path starting with '/'");
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            ctx.Error(node, path, $"invalid URL '{text}': the scheme '{uri.Scheme}' is not supported; use http or https");
            return null;
        }
        if (ReferenceEquals(full, text)) return written;
        var resolved = Template.TryParse(full, scope.Env, out error, scope.Data);
        if (resolved is null) ctx.Error(node, path, $"URL '{full}': {error}");
        return resolved;
    }

    /// <summary>The request's headers merged over the defaults (the request wins; names compare case-insensitively).</summary>
    internal List<HeaderSpec>? Headers(Fields step)
    {
        var own = new List<HeaderSpec>();
        if (step.TryGet("headers", out var field))
        {
            var parsed = ReadHeaders(ctx, field, scope.Env, scope.Data);
            if (parsed is null) return null;
            own.AddRange(parsed);
        }
        var merged = scope.DefaultHeaders
            .Where(d => !own.Any(o => string.Equals(o.Name, d.Name, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        merged.AddRange(own);
        return merged;
    }

    /// <summary>A <c>headers:</c> mapping of names to value templates; null after reporting its errors.</summary>
    public static List<HeaderSpec>? ReadHeaders(LoadContext ctx, Field field, Func<string, string?> env, Data.DataCatalog? data = null)
    {
        var map = Fields.Of(ctx, field.Value, field.Path, "a mapping of header names to values");
        if (map is null) return null;
        var result = new List<HeaderSpec>();
        var ok = true;
        foreach (var h in map.All)
        {
            if (!IsToken(h.Name))
            {
                ctx.Error(h.Key, h.Path, $"'{h.Name}' is not a valid header name");
                ok = false;
                continue;
            }
            if (result.Any(r => string.Equals(r.Name, h.Name, StringComparison.OrdinalIgnoreCase)))
            {
                ctx.Error(h.Key, h.Path, $"header '{h.Name}' is given twice (header names ignore case)");
                ok = false;
                continue;
            }
            var text = Read.Text(ctx, h.Value, h.Path, "a header value", allowEmpty: true);
            if (text is null) { ok = false; continue; }
            var value = Template.TryParse(text, env, out var error, data);
            if (value is null)
            {
                ctx.Error(h.Value, h.Path, error ?? "invalid template");
                ok = false;
                continue;
            }
            result.Add(new HeaderSpec(h.Name, value));
        }
        return ok ? result : null;
    }

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    internal (Template? Body, bool IsJson) Body(Fields step)
    {
        var hasBody = step.TryGet("body", out var body);
        var hasJson = step.TryGet("json", out var json);
        if (hasBody && hasJson)
        {
            var second = body.Key.Start.Index > json.Key.Start.Index ? body : json;
            ctx.Error(second.Key, second.Path, "a request has either 'body:' (text) or 'json:' (structured data), not both");
            return (null, false);
        }
        string? text;
        YamlNode node;
        string path;
        if (hasBody)
        {
            if (body.Value is YamlMappingNode or YamlSequenceNode)
            {
                ctx.Error(body.Value, body.Path, $"'body:' is text; for structured data use 'json:' instead");
                return (null, false);
            }
            text = Read.Text(ctx, body.Value, body.Path, "the body text", allowEmpty: true);
            (node, path) = (body.Value, body.Path);
        }
        else if (hasJson)
        {
            (node, path) = (json.Value, json.Path);
            if (!YamlJson.TryToJsonText(json.Value, out var jsonText))
            {
                ctx.Error(node, path, $"the json body expands to more than {YamlJson.MaxValues.ToString("N0", CultureInfo.InvariantCulture)} values (through aliases?)");
                return (null, false);
            }
            text = jsonText;
        }
        else return (null, false);
        if (text is null) return (null, false);
        var template = Template.TryParse(text, scope.Env, out var error, scope.Data, jsonStrings: hasJson);
        if (template is null) ctx.Error(node, path, error ?? "invalid template");
        return (template, hasJson);
    }

    /// <summary>Stand-in values used to check a URL's shape at load.</summary>
    private sealed class SampleValues : ITemplateValues
    {
        public static readonly SampleValues Instance = new();
        public long Vu => 1;
        public long Iteration => 0;
        public string Scenario => "scenario";
        public string? GetVariable(string name) => "value";
        public string? GetData(int source, int column) => "value";
    }
}
