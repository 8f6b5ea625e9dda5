using Orleans.Concurrency;

using Rampa.Orleans.Contracts;

namespace Rampa.Orleans.Grains;

/// <summary>
/// Owns one run's lifecycle (key: the run id): splits every executor into one segment per silo, starts the
/// segment runners at one instant, follows their progress, and merges the final metrics. Lives as long as the run.
/// </summary>
[Alias("Rampa.IRunOrchestratorGrain")]
public interface IRunOrchestratorGrain : IGrainWithStringKey
{
    /// <summary>Starts the run and returns at once; the run goes on in the grain.</summary>
    [Alias("Start")]
    Task<RunStatus> Start(RunRequest request);

    [Alias("GetStatus"), AlwaysInterleave]
    Task<RunStatus> GetStatus();

    /// <summary>Stops the run now (a user's interrupt): running iterations are cancelled, the partial result kept.</summary>
    [Alias("Stop"), AlwaysInterleave]
    Task Stop(string reason);

    /// <summary>The merged result once the run has finished; null before.</summary>
    [Alias("GetResult"), AlwaysInterleave]
    Task<RunResult?> GetResult();
}
