namespace Rampa.Sdk;

/// <summary>
/// One virtual user, as a scenario method sees it: its HTTP client, checks, groups, pauses, its numbers, its own seeded
/// random stream and variables, the setup's data, and a way to stop the whole run. A worker belongs to one VU and is
/// used by one iteration at a time; it is not thread-safe.
/// </summary>
public abstract class Worker
{
    private static readonly AsyncLocal<Worker?> CurrentWorker = new();

    /// <summary>
    /// The worker running the current iteration (or setup, teardown, VU init), for code that has no worker at hand,
    /// such as custom metrics (<see cref="Counter.Add(double, IReadOnlyDictionary{string, string}?)"/>). Set once per VU on
    /// the VU's own async flow (so also between its iterations there); null on flows no VU started.
    /// </summary>
    public static Worker? Current => CurrentWorker.Value;

    /// <summary>Makes <paramref name="worker"/> the current one for the async flow that follows (the engine calls it).</summary>
    protected static void SetCurrent(Worker? worker) => CurrentWorker.Value = worker;

    /// <summary>The scenario this VU runs (its <c>scenario</c> tag); "setup" or "teardown" in those.</summary>
    public abstract string Scenario { get; }

    /// <summary>The VU's number, from 1, unique in the run across scenarios and silos (k6's <c>__VU</c>); 0 in setup and teardown.</summary>
    public abstract long Vu { get; }

    /// <summary>The VU's iteration number, from 0 (k6's <c>__ITER</c>).</summary>
    public abstract long Iteration { get; }

    /// <summary>The VU's own random stream, derived from the run's seed, the scenario and the VU: one seed, one sequence.</summary>
    public abstract Random Random { get; }

    /// <summary>Variables of this VU that live across its iterations (e.g. a token got once in a <see cref="VuInitAttribute"/> method).</summary>
    public abstract IDictionary<string, object?> Vars { get; }

    /// <summary>The VU's HTTP client: the same engine, timings and metrics as a YAML scenario's requests.</summary>
    public abstract WorkerHttp Http { get; }

    /// <summary>The VU's Server-Sent Events client: streams recorded as a YAML <c>sse</c> step's.</summary>
    public abstract WorkerSse Sse { get; }
    /// <summary>The VU's WebSocket client: sessions recorded as a YAML <c>ws</c> step's (<c>ws_*</c> metrics).</summary>
    public abstract WorkerWebSocket WebSocket { get; }

    /// <summary>
    /// A protocol client this worker offers beyond HTTP, for the SDK's protocol packages (Rampa.Sdk.Grpc's
    /// <c>worker.Grpc</c>), so the SDK itself depends on nothing; null when the worker has none of that type.
    /// </summary>
    public virtual T? Feature<T>() where T : class => null;

    /// <summary>
    /// A data source declared with <c>[assembly: DataSource(...)]</c> (or in the YAML file's <c>data:</c>); take rows
    /// with <c>await worker.Data("users").NextAsync()</c>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No source of that name (the message lists the declared ones).</exception>
    public abstract WorkerData Data(string name);

    /// <summary>Cancelled when the iteration must end (the run's hard stop or an interrupt): pass it to your own waits.</summary>
    public abstract CancellationToken Cancellation { get; }

    /// <summary>An environment value: <c>-e NAME=VALUE</c> on the command line, else the process environment; null if unset.</summary>
    public abstract string? Env(string name);

    /// <summary>Records a check (the <c>checks</c> rate, tagged <c>check</c> with <paramref name="name"/>) and returns whether it passed.</summary>
    public abstract bool Check(string name, bool passed);

    /// <summary>Records a check of <paramref name="value"/>: <c>worker.Check(response, "status is 200", r =&gt; r.Status == 200)</c>.</summary>
    public bool Check<T>(T value, string name, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        bool passed;
        try
        {
            passed = predicate(value);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            passed = false; // a predicate that throws (a missing JSON field) is a failed check, as in k6
        }
        return Check(name, passed);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a group (k6's <c>group</c>): requests and checks inside are tagged <c>group</c>
    /// (<c>::outer::inner</c>), and each run records <c>group_duration</c>.
    /// </summary>
    public abstract Task Group(string name, Func<Task> body);

    /// <summary>A group that returns a value.</summary>
    public abstract Task<T> Group<T>(string name, Func<Task<T>> body);

    /// <summary>Pauses the VU (think time); cut short when the iteration must end.</summary>
    public abstract Task Think(TimeSpan pause);

    /// <summary>Pauses for a time drawn uniformly from [<paramref name="min"/>, <paramref name="max"/>] from the VU's random stream.</summary>
    public Task Think(TimeSpan min, TimeSpan max) =>
        Think(max <= min ? min : min + TimeSpan.FromTicks((long)(Random.NextDouble() * (max - min).Ticks)));

    /// <summary>What the <see cref="SetupAttribute"/> method returned, read back from JSON as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no setup, or it returned nothing.</exception>
    public abstract T SetupData<T>();

    /// <summary>
    /// Stops the whole run now (k6's <c>test.abort</c>): no new iterations start, what was measured is kept and
    /// reported, and <c>rampa run</c> exits with 108. Does not return.
    /// </summary>
    public abstract void Abort(string reason);

    /// <summary>Records one value of a custom metric (what <see cref="Counter"/>, <see cref="Gauge"/>, <see cref="Rate"/> and <see cref="Trend"/> call).</summary>
    protected internal abstract void Record(CustomMetric metric, double value, IReadOnlyDictionary<string, string>? tags);
}
