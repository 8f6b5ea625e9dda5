using System.Text.RegularExpressions;
using Rampa.Core.Scenarios;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Protocols.Sse;

/// <summary>
/// Reads an <c>sse</c> step: <c>sse: URL</c> (GET), <c>sse: POST URL</c> or <c>sse: { method, url }</c>, with the
/// request's keys (<c>name</c>, <c>headers</c>, <c>body</c>/<c>json</c>, <c>timeout</c>, <c>tags</c>, <c>checks</c>,
/// <c>capture</c>, <c>abortIterationOnFail</c>) and when to stop (<c>events</c>, <c>until</c>). URLs, headers and bodies
/// are templates read as a request's are, so the data sources they name are tracked.
/// </summary>
internal sealed class SseStepReader(StepReadContext context)
{
    private static readonly string[] Keys =
        ["sse", "name", "headers", "body", "json", "events", "until", "timeout", "checks", "capture", "abortIterationOnFail", "tags"];
    private static readonly string[] LongFormKeys = ["method", "url"];
    private static readonly string[] UntilKeys = ["event", "data"];
    private static readonly string[] DataOps = ["contains", "matches"];
    private static readonly string[] Methods = ["GET", "POST"];

    /// <summary>Streams longer than this are not a load test's business (and the bound keeps every loop counted).</summary>
    public const int MaxEvents = 1_000_000;

    private LoadContext Ctx => context.Load;

    public SseStep? Read(Fields step)
    {
        var before = Ctx.ErrorCount;
        step.ReportUnknown(Ctx, Keys, context: " in an sse step");
        var requests = new RequestReader(Ctx, context.Scope);
        var field = step["sse"]!;

        string? method = null, urlText = null;
        YamlNode urlNode = field.Value;
        var urlPath = field.Path;
        if (field.Value is YamlMappingNode)
        {
            var longForm = Fields.Of(Ctx, field.Value, field.Path)!;
            longForm.ReportUnknown(Ctx, LongFormKeys, context: " in an sse step's long form (it has 'method:' and 'url:')");
            method = "GET";
            if (longForm.TryGet("method", out var m))
                method = Scenarios.Yaml.Read.Text(Ctx, m.Value, m.Path, "GET or POST") is { } text ? Method(text.Trim(), m.Value, m.Path) : null;
            if (longForm.TryGet("url", out var u))
            {
                urlText = Scenarios.Yaml.Read.Text(Ctx, u.Value, u.Path, "a URL");
                (urlNode, urlPath) = (u.Value, u.Path);
            }
            else Ctx.Error(field.Value, Fields.Join(field.Path, "url"), "missing 'url:' in the sse step's long form");
        }
        else if (Scenarios.Yaml.Read.Text(Ctx, field.Value, field.Path, "a stream's URL (e.g. sse: /events), 'POST URL', or a mapping with 'method:' and 'url:'") is { } text)
        {
            var trimmed = text.Trim();
            var space = trimmed.IndexOfAny([' ', '\t']);
            if (space < 0) (method, urlText) = ("GET", trimmed);
            else
            {
                method = Method(trimmed[..space], field.Value, field.Path);
                urlText = trimmed[(space + 1)..].Trim();
            }
        }
        var url = urlText is null ? null : requests.Url(urlText.Trim(), urlNode, urlPath);

        var name = urlText?.Trim();
        if (step.TryGet("name", out var nameField)) name = Scenarios.Yaml.Read.Text(Ctx, nameField.Value, nameField.Path, "a step name")?.Trim();
        var headers = requests.Headers(step);
        var (body, isJson) = requests.Body(step);
        if (body is not null && method == "GET")
        {
            var b = step["body"] ?? step["json"]!;
            Ctx.Error(b.Key, b.Path, "a GET stream has no body; write 'sse: POST URL' to send one");
        }

        int? events = null;
        if (step.TryGet("events", out var eventsField) && Scenarios.Yaml.Read.Int(Ctx, eventsField.Value, eventsField.Path) is { } n)
        {
            if (n is < 1 or > MaxEvents) Ctx.Error(eventsField.Value, eventsField.Path, $"must be from 1 to {MaxEvents.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}, got {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            else events = n;
        }
        SseUntil? until = null;
        if (step.TryGet("until", out var untilField)) until = Until(untilField);

        var timeout = context.Scope.DefaultTimeout;
        if (step.TryGet("timeout", out var timeoutField) && Scenarios.Yaml.Read.Duration(Ctx, timeoutField.Value, timeoutField.Path) is { } t)
        {
            if (t <= TimeSpan.Zero) Ctx.Error(timeoutField.Value, timeoutField.Path, "must be greater than 0");
            else timeout = t;
        }

        var checks = new List<CheckSpec>();
        if (step.TryGet("checks", out var checksField)) new CheckReader(Ctx).Checks(checksField, checks);
        var captures = new List<CaptureSpec>();
        if (step.TryGet("capture", out var captureField)) new CheckReader(Ctx).Captures(captureField, captures);
        var abort = false;
        if (step.TryGet("abortIterationOnFail", out var abortField)) abort = Scenarios.Yaml.Read.Bool(Ctx, abortField.Value, abortField.Path) ?? false;
        var tags = requests.RequestTags(step);

        if (Ctx.ErrorCount != before || method is null || url is null || name is null || headers is null || tags is null) return null;

        // Content type: a constant Content-Type header wins; else by the body's kind (as for a request).
        string? contentType = null;
        if (body is not null)
        {
            var header = headers.FindIndex(h => string.Equals(h.Name, "Content-Type", StringComparison.OrdinalIgnoreCase));
            if (header >= 0 && headers[header].Value.IsConstant)
            {
                contentType = headers[header].Value.ConstantValue;
                headers.RemoveAt(header);
            }
            else if (header < 0) contentType = isJson ? "application/json" : "text/plain";
        }
        return new SseStep
        {
            Name = name,
            Location = Ctx.At(field.Value),
            Group = context.Group,
            Tags = tags,
            Method = method,
            Url = url,
            Headers = headers,
            Body = body,
            ContentType = contentType,
            Events = events,
            Until = until,
            Timeout = timeout,
            Checks = checks,
            Captures = captures,
            AbortIterationOnFail = abort,
        };
    }

    private string? Method(string text, YamlNode node, string path)
    {
        var upper = text.ToUpperInvariant();
        if (Methods.Contains(upper)) return upper;
        Ctx.Error(node, path, $"an sse stream is opened with GET or POST, got '{text}'");
        return null;
    }

    /// <summary><c>until: TEXT</c> (data contains it) or <c>until: { event: TYPE, data: TEXT | { contains, matches } }</c>.</summary>
    private SseUntil? Until(Field field)
    {
        const string expected = "a text the ending event's data contains, or a mapping with 'event:' (its type) and/or 'data:'";
        if (field.Value is YamlScalarNode)
            return Scenarios.Yaml.Read.Text(Ctx, field.Value, field.Path, expected) is { } text ? new SseUntil(null, text, null) : null;
        var map = Fields.Of(Ctx, field.Value, field.Path, expected);
        if (map is null) return null;
        map.ReportUnknown(Ctx, UntilKeys, "condition", " in 'until' (known: event, data)");
        if (!map.Has("event") && !map.Has("data"))
        {
            // Unknown keys are reported already; an empty mapping says nothing.
            if (map.All.Count == 0) Ctx.Error(field.Value, field.Path, $"expected {expected}");
            return null;
        }
        string? type = null, contains = null;
        Regex? matches = null;
        if (map.TryGet("event", out var e)) type = Scenarios.Yaml.Read.Text(Ctx, e.Value, e.Path, "an event type (e.g. done)")?.Trim();
        if (map.TryGet("data", out var d))
        {
            if (d.Value is YamlScalarNode) contains = Scenarios.Yaml.Read.Text(Ctx, d.Value, d.Path, "a text the data contains");
            else if (Fields.Of(Ctx, d.Value, d.Path, "a text the data contains, or a mapping of contains, matches") is { } ops)
            {
                ops.ReportUnknown(Ctx, DataOps, "data condition", " (known: contains, matches)");
                if (ops.All.Count == 0) Ctx.Error(d.Value, d.Path, "expected contains or matches");
                if (ops.TryGet("contains", out var c)) contains = Scenarios.Yaml.Read.Text(Ctx, c.Value, c.Path, "a text the data contains");
                if (ops.TryGet("matches", out var m) && Scenarios.Yaml.Read.Text(Ctx, m.Value, m.Path, "a regular expression") is { } pattern)
                {
                    try
                    {
                        matches = new Regex(pattern, RegexOptions.CultureInvariant, CheckReader.RegexTimeout);
                    }
                    catch (ArgumentException ex)
                    {
                        Ctx.Error(m.Value, m.Path, $"'{pattern}' is not a valid regular expression: {ex.Message}");
                    }
                }
            }
        }
        return new SseUntil(type, contains, matches);
    }
}
