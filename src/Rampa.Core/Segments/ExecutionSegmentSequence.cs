namespace Rampa.Core.Segments;

/// <summary>
/// k6's execution segments: [0, 1] cut into consecutive segments <c>(from, to]</c>, one per silo, and the striping
/// that deals VUs, iterations and arrival indices to them.
/// <para>
/// Math (docs/semantics.md#execution-segments): with segment lengths reduced to a_k/b_k, let L = lcm(b_k) and n_k = a_k*L/b_k (so the
/// n_k sum to L). Deal the indices 0..L-1 one by one: index i goes to the first segment, in order of decreasing
/// n_k, with i*n_k &gt;= c_k*L, and that segment's counter c_k grows by one. Each segment then owns its indices,
/// repeating with period L. A segment's share of an integer v is floor(v/L)*n_k plus how many of its indices are
/// below v mod L, so the shares always sum to v exactly, and every index has exactly one owner.
/// </para>
/// </summary>
public sealed class ExecutionSegmentSequence
{
    private readonly int[] _owner;      // owner of each index in one period
    private readonly long[] _perPeriod; // n_k
    private readonly int[][] _prefix;   // _prefix[k][r] = indices < r owned by k, r in 0..L

    public ExecutionSegmentSequence(IReadOnlyList<Rational> boundaries)
    {
        if (boundaries.Count < 2 || boundaries[0] != Rational.Zero || boundaries[^1] != Rational.One)
            throw new ArgumentException("boundaries must start at 0 and end at 1", nameof(boundaries));
        for (var i = 1; i < boundaries.Count; i++)
            if (!(boundaries[i - 1] < boundaries[i])) throw new ArgumentException("boundaries must increase", nameof(boundaries));
        Boundaries = boundaries.ToArray();
        var lengths = Enumerable.Range(0, boundaries.Count - 1).Select(k => boundaries[k + 1] - boundaries[k]).ToArray();
        var period = lengths.Aggregate(1L, (l, r) => Rational.Lcm(l, r.Denominator));
        if (period > 1_000_000) throw new ArgumentException($"segment sequence period {period} is too large");
        Period = (int)period;
        _perPeriod = lengths.Select(r => r.Numerator * period / r.Denominator).ToArray();
        var order = Enumerable.Range(0, lengths.Length).OrderByDescending(k => _perPeriod[k]).ToArray(); // stable: ties keep order
        var dealt = new long[lengths.Length];
        _owner = new int[Period];
        for (long i = 0; i < period; i++)
        {
            var chosen = -1;
            foreach (var k in order)
            {
                if (dealt[k] < _perPeriod[k] && i * _perPeriod[k] >= dealt[k] * period) { chosen = k; break; }
            }
            if (chosen < 0) chosen = order.First(k => dealt[k] < _perPeriod[k]); // cannot happen; keeps the deal total
            _owner[i] = chosen;
            dealt[chosen]++;
        }
        _prefix = new int[lengths.Length][];
        for (var k = 0; k < lengths.Length; k++)
        {
            _prefix[k] = new int[Period + 1];
            for (var r = 0; r < Period; r++) _prefix[k][r + 1] = _prefix[k][r] + (_owner[r] == k ? 1 : 0);
        }
    }

    /// <summary>N equal segments: 0, 1/N, 2/N, ..., 1.</summary>
    public static ExecutionSegmentSequence Even(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        return new ExecutionSegmentSequence(Enumerable.Range(0, count + 1).Select(i => new Rational(i, count)).ToArray());
    }

    public IReadOnlyList<Rational> Boundaries { get; }
    public int Count => Boundaries.Count - 1;
    public int Period { get; }

    /// <summary>The segment that owns index <paramref name="index"/> (a VU's index u-1, an iteration g).</summary>
    public int OwnerOf(long index) => _owner[index % Period];

    /// <summary>Segment <paramref name="segment"/>'s share of <paramref name="total"/> VUs or iterations.</summary>
    public long ShareOf(int segment, long total) =>
        total / Period * _perPeriod[segment] + _prefix[segment][total % Period];

    /// <summary>The indices below <paramref name="total"/> owned by <paramref name="segment"/>, in order.</summary>
    public IEnumerable<long> IndicesOf(int segment, long total)
    {
        for (long i = 0; i < total; i++)
            if (_owner[i % Period] == segment) yield return i;
    }

    public override string ToString() => string.Join(",", Boundaries);
}
