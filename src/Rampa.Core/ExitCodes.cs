namespace Rampa.Core;

/// <summary>The process exit codes (docs/semantics.md#exit-codes; k6's numbers where one exists).</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdsFailed = 99;
    public const int InvalidScenario = 104;
    public const int Interrupted = 105;
    public const int ScenarioCodeFailed = 107;
    public const int ScenarioAborted = 108;
    /// <summary>A unique data source with <c>onExhausted: fail</c> ran out of rows.</summary>
    public const int DataExhausted = 109;
    public const int RunFailed = 97;
    /// <summary>
    /// Only with <c>--fail-on-saturation</c>: the run passed, but the load generator was saturated (its verdict is
    /// inconclusive). Rampa's own number: k6 has no such verdict.
    /// </summary>
    public const int GeneratorSaturated = 110;
}
