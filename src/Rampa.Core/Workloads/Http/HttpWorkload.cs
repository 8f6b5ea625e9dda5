using Rampa.Core.Engine;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Workloads.Http;

/// <summary>
/// The declarative (YAML) workload: either an ordered <see cref="Flow"/> run whole every iteration, or weighted
/// <see cref="Requests"/> of which each iteration runs one, picked from the VU's seeded random stream.
/// </summary>
public sealed record HttpWorkload : IWorkload
{
    public IReadOnlyList<FlowStep> Flow { get; init; } = [];
    public IReadOnlyList<WeightedRequest> Requests { get; init; } = [];
    /// <summary>Pause after each request step, fixed or a range; null for none.</summary>
    public ThinkTime? ThinkTime { get; init; }

    public IVuBehavior CreateVu(Engine.VuContext vu) => new Workloads.Http.HttpVuBehavior(this, vu);
}

/// <summary>One step of a flow.</summary>
public abstract record FlowStep;

/// <summary>Send a request.</summary>
public sealed record RequestStep(RequestSpec Request) : FlowStep;

/// <summary>Pause for a fixed time or a random time in a range.</summary>
public sealed record ThinkStep(ThinkTime Think) : FlowStep;

/// <summary>
/// A named group of steps (k6's <c>group</c>): every request inside carries the tag <c>group</c> with
/// <see cref="Path"/>, and each run of the group records <c>group_duration</c>.
/// </summary>
/// <param name="Path">k6's format: the names of the enclosing groups and this one, each prefixed by <c>::</c>
/// (e.g. <c>::checkout::payment</c>).</param>
public sealed record GroupStep(string Name, string Path, IReadOnlyList<FlowStep> Steps) : FlowStep;

/// <summary>A request with a weight, for the weighted <c>requests</c> form.</summary>
public sealed record WeightedRequest(double Weight, RequestSpec Request);

/// <summary>A pause: fixed when <see cref="Min"/> equals <see cref="Max"/>, otherwise uniform in [Min, Max].</summary>
public readonly record struct ThinkTime(TimeSpan Min, TimeSpan Max)
{
    public TimeSpan Pick(Random random) =>
        Max <= Min ? Min : Min + TimeSpan.FromTicks((long)(random.NextDouble() * (Max - Min).Ticks));
}

/// <summary>A header whose value may use variables.</summary>
public sealed record HeaderSpec(string Name, Template Value);

/// <summary>
/// One HTTP request as the file describes it. Templates are parsed once at load, so the hot path only renders.
/// </summary>
public sealed record RequestSpec
{
    public required string Method { get; init; }
    public required Template Url { get; init; }
    public IReadOnlyList<HeaderSpec> Headers { get; init; } = [];
    /// <summary>The body text (from <c>body:</c>, or <c>json:</c> serialised at load); null for none.</summary>
    public Template? Body { get; init; }
    /// <summary>Content-Type of the body: application/json for <c>json:</c>, text/plain unless a header says otherwise.</summary>
    public string? ContentType { get; init; }
    /// <summary>The <c>name</c> tag; the URL template's text when the file gives none.</summary>
    public required string Name { get; init; }
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];
    public TimeSpan? Timeout { get; init; }
    public StatusSet? ExpectedStatuses { get; init; }
    /// <summary>The retry policy, resolved at load (request, else scenario, else <c>defaults.retry</c>); null for none.</summary>
    public RetryPolicy? Retry { get; init; }
    /// <summary>Values taken from the response into VU variables, in order.</summary>
    public IReadOnlyList<CaptureSpec> Captures { get; init; } = [];
    /// <summary>When a check or capture of this request fails, skip the rest of the iteration's flow.</summary>
    public bool AbortIterationOnFail { get; init; }
    /// <summary>Whether a check or capture reads the response's headers or body (else they are not kept).</summary>
    public bool NeedsResponse => Captures.Count > 0 || Checks.Any(c => c is not StatusCheck);
    /// <summary>The HTTP version it asks for (<c>http:</c>; request, else scenario, else <c>defaults</c>; 1.1 when none says).</summary>
    public Protocols.Http.HttpVersionChoice Http { get; init; }
    /// <summary>How its HTTP/2 connections are held (<c>connections:</c>; scenario, else <c>defaults</c>; per VU when none says).</summary>
    public Protocols.Http.ConnectionSharing Connections { get; init; }
    /// <summary>Where this request is in the file, for messages at run time.</summary>
    public SourceLocation Location { get; init; }
    /// <summary>The request's own <c>tags</c>, added to every sample of it (beside the system tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>The path of the group the request is in (e.g. <c>::checkout</c>), its <c>group</c> tag; null outside groups.</summary>
    public string? Group { get; init; }
}

/// <summary>A check on a response, recorded into <c>checks</c> tagged with <see cref="Name"/>.</summary>
public abstract record CheckSpec(string Name);

/// <summary>The response's status is in a set (a value, a list, or ranges).</summary>
public sealed record StatusCheck(string Name, StatusSet Expected) : CheckSpec(Name);

/// <summary>A comparison operator: <c>== != &gt; &gt;= &lt; &lt;=</c>.</summary>
public enum CompareOp { Equal, NotEqual, Greater, GreaterOrEqual, Less, LessOrEqual }

/// <summary>What a header or JSON check tests.</summary>
public enum ValueTest { Exists, Absent, Equals, Contains, Matches, Compare }

/// <summary>
/// A response header (name case-insensitive): present, absent, equal to a text, containing a text or matching a
/// regular expression. With several headers of that name, any one may pass.
/// </summary>
public sealed record HeaderCheck(string Name, string Header, ValueTest Test, string? Text = null, System.Text.RegularExpressions.Regex? Pattern = null)
    : CheckSpec(Name);

/// <summary>The response body (as UTF-8 text) contains a text.</summary>
public sealed record BodyContainsCheck(string Name, string Text) : CheckSpec(Name);

/// <summary>The response body (as UTF-8 text) matches a regular expression.</summary>
public sealed record BodyMatchesCheck(string Name, System.Text.RegularExpressions.Regex Pattern) : CheckSpec(Name);

/// <summary>The response body's size in bytes compares to a number.</summary>
public sealed record BodySizeCheck(string Name, CompareOp Op, long Size) : CheckSpec(Name);

/// <summary>
/// A value at a JSON path of the response body: exists, is absent, compares (<see cref="Expected"/>: a JSON value;
/// ordering needs numbers) or, as text, contains or matches a regular expression.
/// </summary>
public sealed record JsonCheck(string Name, JsonPath Path, ValueTest Test, CompareOp Op = CompareOp.Equal,
    System.Text.Json.Nodes.JsonNode? Expected = null, string? Text = null, System.Text.RegularExpressions.Regex? Pattern = null)
    : CheckSpec(Name);

/// <summary>Where a capture takes its value from.</summary>
public enum CaptureSource { Json, Header, Regex }

/// <summary>
/// Takes a value from the response into the VU variable <see cref="Variable"/>: a JSON path's value (a string as is,
/// anything else as JSON text), a header's value, or a regex on the body (its first group, else the whole match).
/// One that finds nothing fails the check <see cref="CheckName"/> and unsets the variable.
/// </summary>
public sealed record CaptureSpec(string Variable, CaptureSource Source, JsonPath? Path = null, string? Header = null,
    System.Text.RegularExpressions.Regex? Pattern = null)
{
    public string CheckName => $"capture {Variable}";
}
