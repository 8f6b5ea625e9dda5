using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;

namespace Rampa.Core.Metrics;

/// <summary>
/// A Trend's histogram as text for summary.json: base64 of HdrHistogram's standard V2 encoding (cookie 0x1c849313, text starting "HISTEw";
/// zig-zag LEB128 counts with zero runs), which every HdrHistogram library (Java, Go, Python, JS, C) decodes, so
/// percentiles can be recomputed later without the raw samples. The plain V2 form, not the compressed one: HdrHistogram
/// 2.5.0 has a known bug decoding its compressed form (docs/architecture.md#measurements-behind-the-hot-path-rules). Values are those of the
/// <see cref="TrendHistogram"/> shape: microseconds for time metrics.
/// </summary>
public static class TrendHistogramEncoding
{
    public static string ToBase64(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.Encode(buffer, HistogramEncoderV2.Instance);
        // Read back byte by byte: ByteBuffer's array access is not public in 2.5.0.
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++) bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Decodes <see cref="ToBase64"/>'s text into a histogram of the <see cref="TrendHistogram"/> shape.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid encoded histogram.</exception>
    public static TrendRecorder FromBase64(string text)
    {
        HistogramBase decoded;
        try
        {
            decoded = HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(text)), TrendHistogram.Highest);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException or NotSupportedException)
        {
            throw new InvalidDataException("not an HdrHistogram V2 encoding: " + e.Message, e);
        }
        // Re-recorded into the one shape every Trend uses, so it adds to any other (and a short decode shows up here).
        var histogram = TrendHistogram.Create();
        long total = 0;
        foreach (var v in decoded.RecordedValues())
        {
            histogram.RecordValueWithCount(TrendHistogram.Clamp(v.ValueIteratedTo), v.CountAtValueIteratedTo);
            total += v.CountAtValueIteratedTo;
        }
        if (total != decoded.TotalCount) throw new InvalidDataException($"encoded histogram is inconsistent: {total} counted, {decoded.TotalCount} declared");
        return histogram;
    }
}
