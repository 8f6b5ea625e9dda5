namespace Rampa.Sdk;

/// <summary>
/// A data source as one VU sees it (<c>worker.Data("users")</c>). Each <see cref="NextAsync"/> takes the next row by
/// the source's mode: in file order across the whole run (sequential), a row nobody else gets (unique), a random one
/// from the run's seed (random), or the VU's own (perVu, and any source with <c>Per = "vu"</c>). When a unique source
/// runs out, the VU stops (<c>stop</c>: its scenario starts no new iteration), or the run does (<c>fail</c>, exit 109).
/// </summary>
public abstract class WorkerData
{
    /// <summary>The source's name.</summary>
    public abstract string Name { get; }

    /// <summary>The source's columns.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The next row (see the class for which one).</summary>
    public abstract ValueTask<DataRow> NextAsync();

    /// <summary>The next row as a <typeparamref name="T"/> (<see cref="DataRow.As{T}"/>).</summary>
    public async ValueTask<T> NextAsync<T>() => (await NextAsync().ConfigureAwait(false)).As<T>();
}
