using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Engine;

/// <summary>Evaluates a check against a response. A request that got no response fails every check.</summary>
public static class CheckEvaluator
{
    public static bool Passes(CheckSpec check, in HttpOutcome outcome) => check switch
    {
        StatusCheck s => outcome.Status != 0 && s.Expected.Contains(outcome.Status),
        _ => false,
    };
}
