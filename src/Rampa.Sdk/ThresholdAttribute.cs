namespace Rampa.Sdk;

/// <summary>
/// A threshold, as in a YAML file's <c>thresholds:</c>: a metric key (<c>http_req_duration</c>,
/// <c>http_req_duration{name:list}</c>, a custom metric's name) and its expressions (<c>"p(95)&lt;500"</c>). On the
/// assembly (<c>[assembly: Threshold(...)]</c>) or on a class holding scenarios; several allowed.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ThresholdAttribute(string metric, params string[] expressions) : Attribute
{
    public string Metric { get; } = metric;
    public string[] Expressions { get; } = expressions;
    /// <summary>Stop the run as soon as the threshold fails (exit 99).</summary>
    public bool AbortOnFail { get; set; }
    /// <summary>With <see cref="AbortOnFail"/>: how long into the run before it may stop it, e.g. "10s".</summary>
    public string? DelayAbortEval { get; set; }
}
