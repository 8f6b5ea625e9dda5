using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Reads a <c>retry</c> policy: <c>false</c> (no retry here, overriding a wider one), a number of attempts
/// (<c>retry: 3</c>), or a mapping <c>{ attempts, backoff: { base, max, jitter }, on: [429, 5xx, network] }</c>.
/// </summary>
internal static class RetryReader
{
    private static readonly string[] Keys = ["attempts", "backoff", "on"];
    private static readonly string[] BackoffKeys = ["base", "max", "jitter"];
    private const string OnExpected = "a status code (429), a range (\"500-599\"), a class (5xx) or network";
    private const string Expected = "a retry policy: false, a number of attempts (e.g. 3), or a mapping with attempts, backoff and on";

    /// <summary>The outcome of reading a <c>retry</c> field.</summary>
    /// <param name="Policy">The policy; null for <c>retry: false</c> or after an error.</param>
    /// <param name="Ok">False when an error was reported.</param>
    public readonly record struct Result(RetryPolicy? Policy, bool Ok);

    public static Result Read(LoadContext ctx, Field field)
    {
        var node = field.Value;
        var path = field.Path;
        if (node is YamlScalarNode s && !Yaml.Read.IsNull(s) && Yaml.Read.IsPlain(s))
        {
            var text = (s.Value ?? "").Trim();
            if (text is "false" or "False" or "FALSE") return new(null, true);
            if (text is "true" or "True" or "TRUE") return new(new RetryPolicy(), true);
            var attempts = Attempts(ctx, node, path);
            return attempts is null ? new(null, false) : new(new RetryPolicy { Attempts = attempts.Value }, true);
        }
        if (node is not YamlMappingNode)
        {
            ctx.Error(node, path, $"expected {Expected}, got {Yaml.Read.Describe(node)}");
            return new(null, false);
        }
        var before = ctx.ErrorCount;
        var fields = Fields.Of(ctx, node, path, Expected)!;
        fields.ReportUnknown(ctx, Keys, context: " in 'retry' (it has attempts, backoff and on)");
        var policy = new RetryPolicy();
        if (fields.TryGet("attempts", out var a) && Attempts(ctx, a.Value, a.Path) is { } attemptsValue)
            policy = policy with { Attempts = attemptsValue };
        if (fields.TryGet("backoff", out var b)) policy = Backoff(ctx, b, policy);
        if (fields.TryGet("on", out var on) && On(ctx, on.Value, on.Path) is { } retryOn) policy = policy with { On = retryOn };
        return ctx.ErrorCount == before ? new(policy, true) : new(null, false);
    }

    private static int? Attempts(LoadContext ctx, YamlNode node, string path)
    {
        var n = Yaml.Read.Int(ctx, node, path);
        if (n is null) return null;
        if (n < 1)
        {
            ctx.Error(node, path, $"attempts must be at least 1 (the first try counts), got {n.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        return n;
    }

    private static RetryPolicy Backoff(LoadContext ctx, Field field, RetryPolicy policy)
    {
        var map = Fields.Of(ctx, field.Value, field.Path, "a backoff: a mapping with base, max and jitter (e.g. { base: 100ms, max: 2s, jitter: 0.5 })");
        if (map is null) return policy;
        map.ReportUnknown(ctx, BackoffKeys, context: " in 'backoff' (it has base, max and jitter)");
        if (map.TryGet("base", out var b) && Yaml.Read.Duration(ctx, b.Value, b.Path) is { } baseValue) policy = policy with { Base = baseValue };
        if (map.TryGet("max", out var m) && Yaml.Read.Duration(ctx, m.Value, m.Path) is { } maxValue) policy = policy with { Max = maxValue };
        if (map.TryGet("jitter", out var j) && Yaml.Read.Number(ctx, j.Value, j.Path) is { } jitter)
        {
            if (jitter is < 0 or > 1)
                ctx.Error(j.Value, j.Path, $"jitter must be between 0 and 1 (a fraction of the wait), got {jitter.ToString(CultureInfo.InvariantCulture)}");
            else policy = policy with { Jitter = jitter };
        }
        return policy;
    }

    private static RetryOn? On(LoadContext ctx, YamlNode node, string path)
    {
        var items = Yaml.Read.List(ctx, node, path, $"{OnExpected}, or a list of them", allowSingle: true);
        if (items is null) return null;
        if (items.Count == 0)
        {
            ctx.Error(node, path, $"expected at least one outcome: {OnExpected}");
            return null;
        }
        var ranges = new List<(int From, int To)>();
        var network = false;
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YamlSequenceNode ? $"{path}[{i}]" : path;
            var text = Yaml.Read.Text(ctx, items[i], itemPath, OnExpected);
            if (text is null) { ok = false; continue; }
            var t = text.Trim();
            if (string.Equals(t, "network", StringComparison.OrdinalIgnoreCase)) network = true;
            else if (t.Length == 3 && t[0] is >= '1' and <= '5' && t[1] is 'x' or 'X' && t[2] is 'x' or 'X')
            {
                var from = (t[0] - '0') * 100;
                ranges.Add((from, from + 99));
            }
            else if (StatusSet.TryParseItem(t, out var range)) ranges.Add(range);
            else
            {
                ctx.Error(items[i], itemPath, $"unknown retry outcome '{t}'; expected {OnExpected}");
                ok = false;
            }
        }
        return ok ? new RetryOn(new StatusSet(ranges), network) : null;
    }
}
