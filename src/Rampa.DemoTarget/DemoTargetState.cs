using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Rampa.DemoTarget;

/// <summary>The counters and the flaky-key memory of one <see cref="DemoTargetServer"/>.</summary>
internal sealed class DemoTargetState
{
    /// <summary>Distinct paths counted one by one; later new paths go under <see cref="OtherPaths"/>.</summary>
    internal const int MaxTrackedPaths = 10_000;

    /// <summary>The key that counts requests for paths beyond <see cref="MaxTrackedPaths"/>.</summary>
    internal const string OtherPaths = "(other)";

    /// <summary>Distinct flaky keys remembered; beyond that the memory starts over.</summary>
    internal const int MaxFlakyKeys = 100_000;

    private readonly ConcurrentDictionary<string, StrongBox<long>> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _flaky = new(StringComparer.Ordinal);
    private long _requests;

    /// <summary>The Server-Sent Events route's counters.</summary>
    public DemoSseCounters Sse { get; } = new();

    public long RequestCount => Interlocked.Read(ref _requests);

    public void Count(string path)
    {
        Interlocked.Increment(ref _requests);

        if (!_byPath.TryGetValue(path, out var box))
        {
            box = _byPath.Count < MaxTrackedPaths
                ? _byPath.GetOrAdd(path, static _ => new StrongBox<long>())
                : _byPath.GetOrAdd(OtherPaths, static _ => new StrongBox<long>());
        }

        Interlocked.Increment(ref box.Value);
    }

    public long CountFor(string path) =>
        _byPath.TryGetValue(path, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public IReadOnlyDictionary<string, long> SnapshotByPath()
    {
        var snapshot = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (path, box) in _byPath)
        {
            var value = Interlocked.Read(ref box.Value);
            if (value > 0)
            {
                snapshot[path] = value;
            }
        }

        return snapshot;
    }

    /// <summary>Counts one more request for a flaky key and returns its 1-based number.</summary>
    public long NextFlakyAttempt(string key)
    {
        if (!_flaky.TryGetValue(key, out var box))
        {
            if (_flaky.Count >= MaxFlakyKeys)
            {
                _flaky.Clear();
            }

            box = _flaky.GetOrAdd(key, static _ => new StrongBox<long>());
        }

        return Interlocked.Increment(ref box.Value);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        _byPath.Clear();
        _flaky.Clear();
        Sse.Reset();
    }
}
