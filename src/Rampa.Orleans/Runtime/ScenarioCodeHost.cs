using Microsoft.Extensions.Logging;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Code;
using Rampa.Orleans.Contracts;

namespace Rampa.Orleans.Runtime;

/// <summary>
/// Loads a run's plan on this silo. For a run with C# scenarios it fetches the bundle (<see cref="ICodeBundleFetcher"/>)
/// and loads the assembly into a collectible context of that run's own: the runner, the orchestrator and the publisher
/// of one run share it, and two runs never share code, even two builds of the same assembly one after the other. The
/// contexts of the few most recent runs are kept (a run's grains load its plan at different times); an older one is
/// unloaded when a newer run needs room.
/// </summary>
public sealed class ScenarioCodeHost(ICodeBundleFetcher fetcher, ILogger<ScenarioCodeHost> log) : IDisposable
{
    /// <summary>Runs whose code stays loaded: a run in progress is always among the most recent ones.</summary>
    public const int KeptRuns = 4;

    private readonly object _gate = new();
    private readonly LinkedList<(string RunId, Task<CodeLoadContext> Code)> _loaded = new();

    /// <exception cref="ScenarioLoadException">The plan is invalid (exit 104).</exception>
    /// <exception cref="CodeBundleException">The code could not be fetched or loaded.</exception>
    public async Task<TestPlan> LoadPlanAsync(RunRequest request, CancellationToken cancellation = default)
    {
        // The data files of a remote run come like the code: fetched once per bundle into the silo's cache.
        var dataRoot = request.Data is { } data ? await fetcher.FetchAsync(request.RunId, data, cancellation).ConfigureAwait(false) : null;
        if (request.Code is not { } bundle) return request.LoadPlan(dataRoot: dataRoot);
        var code = await ContextFor(request.RunId, bundle, cancellation).ConfigureAwait(false);
        // A C# project alone: its data files are beside the assembly (the embedded scale reads the build folder).
        if (dataRoot is null && string.IsNullOrWhiteSpace(request.ScenarioText))
            dataRoot = await fetcher.FetchAsync(request.RunId, bundle, cancellation).ConfigureAwait(false);
        try
        {
            return request.LoadPlan(code, dataRoot);
        }
        catch (CodeLoadException e)
        {
            throw new ScenarioLoadException([new ScenarioError(new SourceLocation(bundle.EntryAssembly, 0, 0), "", e.Message)]);
        }
    }

    /// <summary>Whether the run's code is loaded here (for tests and diagnostics).</summary>
    public bool IsLoaded(string runId)
    {
        lock (_gate) return _loaded.Any(e => e.RunId == runId);
    }

    private Task<CodeLoadContext> ContextFor(string runId, CodeBundle bundle, CancellationToken cancellation)
    {
        lock (_gate)
        {
            foreach (var entry in _loaded)
                if (entry.RunId == runId) return entry.Code;
            var load = LoadAsync(runId, bundle, cancellation);
            _loaded.AddFirst((runId, load));
            while (_loaded.Count > KeptRuns)
            {
                var oldest = _loaded.Last!.Value;
                _loaded.RemoveLast();
                _ = oldest.Code.ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully) t.Result.Dispose();
                    log.LogDebug("run {RunId}: its scenario code was unloaded", oldest.RunId);
                }, TaskScheduler.Default);
            }
            return load;
        }
    }

    private async Task<CodeLoadContext> LoadAsync(string runId, CodeBundle bundle, CancellationToken cancellation)
    {
        var folder = await fetcher.FetchAsync(runId, bundle, cancellation).ConfigureAwait(false);
        try
        {
            var code = CodeLoadContext.Load(Path.Combine(folder, bundle.EntryAssembly));
            log.LogInformation("run {RunId}: loaded {Assembly} ({Hash}) from {Folder}", runId, bundle.EntryAssembly, bundle.Hash[..12], folder);
            return code;
        }
        catch (CodeLoadException e)
        {
            throw new CodeBundleException(e.Message);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, code) in _loaded)
                if (code.IsCompletedSuccessfully) code.Result.Dispose();
            _loaded.Clear();
        }
    }
}

/// <summary>Brings a run's code bundle to a folder of this machine.</summary>
public interface ICodeBundleFetcher
{
    /// <summary>The local folder holding the bundle's files.</summary>
    /// <exception cref="CodeBundleException">The bundle cannot be had here.</exception>
    Task<string> FetchAsync(string runId, CodeBundle bundle, CancellationToken cancellation);
}

/// <summary>The embedded scale's fetcher: the silo runs where the code was built, so the build output folder is the bundle.</summary>
public sealed class LocalCodeBundleFetcher : ICodeBundleFetcher
{
    public Task<string> FetchAsync(string runId, CodeBundle bundle, CancellationToken cancellation) =>
        bundle.LocalFolder is { } folder && Directory.Exists(folder)
            ? Task.FromResult(folder)
            : throw new CodeBundleException($"the code of run {runId} ({bundle.EntryAssembly}) is not on this silo's machine and this silo has no storage to fetch it from");
}

/// <summary>A run's code bundle could not be fetched or loaded on a silo.</summary>
public sealed class CodeBundleException(string message, Exception? inner = null) : Exception(message, inner);
