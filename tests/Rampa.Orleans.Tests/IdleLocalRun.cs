using Rampa.Orleans.Contracts;
using Rampa.Orleans.Runtime;

namespace Rampa.Orleans.Tests;

/// <summary>A silo-local run that is created but never started: one constant-vus scenario aimed at a closed port.</summary>
internal static class IdleLocalRun
{
    public static LocalRun Create(string runId) => new(runId, new RunRequest
    {
        RunId = runId,
        FileName = "t.yaml",
        ScenarioText = """
            baseUrl: http://127.0.0.1:1
            scenarios:
              s:
                executor: constant-vus
                vus: 1
                duration: 1s
                flow: [{ request: GET / }]
            """,
    }.LoadPlan(), 0, 1);
}
