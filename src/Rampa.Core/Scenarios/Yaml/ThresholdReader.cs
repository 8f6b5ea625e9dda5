using Rampa.Core.Metrics;
using Rampa.Core.Thresholds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>
/// Reads <c>thresholds:</c>: keys <c>metric</c> or <c>metric{tag:value,...}</c>, each a list of expressions written as
/// strings or as <c>{ threshold, abortOnFail, delayAbortEval }</c>.
/// </summary>
internal static class ThresholdReader
{
    private static readonly string[] ItemKeys = ["threshold", "abortOnFail", "delayAbortEval"];

    public static IReadOnlyList<ThresholdSpec> Read(LoadContext ctx, Field field)
    {
        var map = Fields.Of(ctx, field.Value, field.Path, "a mapping of metric names to lists of expressions, e.g. http_req_duration: [\"p(95)<300\"]");
        if (map is null) return [];
        var specs = new List<ThresholdSpec>();
        foreach (var entry in map.All)
        {
            var before = ctx.ErrorCount;
            MetricType? type = null;
            if (!ThresholdParser.TryParseKey(entry.Name, out var metric, out var tags, out var keyError))
                ctx.Error(entry.Key, entry.Path, $"invalid threshold key '{entry.Name}': {keyError}");
            else if (BuiltinMetricTypes.TryGet(metric, out var t)) type = t;
            else if (ctx.Code is { } code && code.TryGetMetricType(metric, out var custom)) type = custom;
            else
            {
                var close = BuiltinMetricTypes.CloseMatches(metric);
                var hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?" : $"; known metrics: {string.Join(", ", BuiltinMetricTypes.Names)}";
                ctx.Error(entry.Key, entry.Path, $"unknown metric '{metric}'{hint}");
            }

            var items = Yaml.Read.List(ctx, entry.Value, entry.Path, "a list of threshold expressions, e.g. [\"p(95)<300\"]");
            var expressions = new List<ThresholdExpression>();
            for (var i = 0; items is not null && i < items.Count; i++)
            {
                var expression = Item(ctx, items[i], $"{entry.Path}[{i}]", metric, type);
                if (expression is not null) expressions.Add(expression);
            }
            if (ctx.ErrorCount == before)
                specs.Add(new ThresholdSpec { Key = entry.Name, Metric = metric, TagFilter = tags, Expressions = expressions });
        }
        return specs;
    }

    private static ThresholdExpression? Item(LoadContext ctx, YamlNode node, string path, string metric, MetricType? type)
    {
        YamlNode textNode = node;
        var textPath = path;
        var abortOnFail = false;
        var delay = TimeSpan.Zero;
        if (node is YamlMappingNode)
        {
            var item = Fields.Of(ctx, node, path)!;
            item.ReportUnknown(ctx, ItemKeys, context: " in a threshold (it has 'threshold', 'abortOnFail' and 'delayAbortEval')");
            // k6 reads these from JSON into nullable fields: null (or nothing) is the default, as if the key were absent.
            if (item.TryGet("abortOnFail", out var a) && !Yaml.Read.IsNull(a.Value)) abortOnFail = Yaml.Read.Bool(ctx, a.Value, a.Path) ?? false;
            if (item.TryGet("delayAbortEval", out var d) && !Yaml.Read.IsNull(d.Value)) delay = Yaml.Read.Duration(ctx, d.Value, d.Path) ?? TimeSpan.Zero;
            if (!item.TryGet("threshold", out var th))
            {
                ctx.Error(node, Fields.Join(path, "threshold"), "missing 'threshold:' (the expression, e.g. \"rate>0.99\")");
                return null;
            }
            textNode = th.Value;
            textPath = th.Path;
        }
        var text = Yaml.Read.Text(ctx, textNode, textPath, "a threshold expression such as \"p(95)<300\", or a mapping with 'threshold:'");
        if (text is null) return null;
        if (!ThresholdParser.TryParse(text, out var expression, out var error, out var index))
        {
            ctx.Error(InsideScalar(ctx, textNode, index), textPath, $"invalid threshold '{text.Trim()}': {error}");
            return null;
        }
        if (type is { } metricType && !BuiltinMetricTypes.IsAggregationValid(metricType, expression.Aggregation))
        {
            var written = expression.Aggregation == ThresholdAggregation.Percentile ? "p(N)" : expression.Aggregation.ToString().ToLowerInvariant();
            ctx.Error(textNode, textPath,
                $"'{written}' does not apply to {metric}, a {metricType} metric; use {BuiltinMetricTypes.DescribeAggregations(metricType)}");
            return null;
        }
        return expression with { AbortOnFail = abortOnFail, DelayAbortEval = delay, Location = ctx.At(textNode) };
    }

    /// <summary>The location of character <paramref name="index"/> of a one-line scalar (after its opening quote).</summary>
    private static SourceLocation InsideScalar(LoadContext ctx, YamlNode node, int index)
    {
        var at = ctx.At(node);
        if (node is not YamlScalarNode s || node.Start.Line != node.End.Line) return at;
        var offset = s.Style switch
        {
            ScalarStyle.Plain or ScalarStyle.Any => 0,
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted => 1,
            _ => -1,
        };
        // Escapes ("\n", '') make the source longer than the value: then only the scalar's start is exact.
        if (offset < 0 || node.End.Column - node.Start.Column != (s.Value ?? "").Length + 2 * offset) return at;
        return at with { Column = at.Column + offset + index };
    }
}
