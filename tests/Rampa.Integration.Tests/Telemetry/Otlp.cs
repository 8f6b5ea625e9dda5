namespace Rampa.Integration.Tests.Telemetry;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP exports (opentelemetry-proto's metrics and trace messages):
/// no OTLP types package is served, so the test decodes the fields it checks by their numbers.
/// </summary>
public static class Otlp
{
    public sealed record Point(string Metric, double Value, IReadOnlyDictionary<string, string> Attributes);
    public sealed record Span(string Name, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>ExportMetricsServiceRequest → every number data point of every gauge and sum.</summary>
    public static List<Point> Points(byte[] body)
    {
        var points = new List<Point>();
        foreach (var rm in Fields(body).Where(f => f.Number == 1))                        // resource_metrics
        foreach (var sm in Fields(rm.Bytes).Where(f => f.Number == 2))                    // scope_metrics
        foreach (var m in Fields(sm.Bytes).Where(f => f.Number == 2))                     // metrics
        {
            var fields = Fields(m.Bytes);
            var name = Text(fields.First(f => f.Number == 1).Bytes);
            foreach (var data in fields.Where(f => f.Number is 5 or 7))                    // gauge, sum
            foreach (var dp in Fields(data.Bytes).Where(f => f.Number == 1))               // data_points
            {
                var dpf = Fields(dp.Bytes);
                double value = 0;
                foreach (var f in dpf)
                {
                    if (f.Number == 4) value = BitConverter.Int64BitsToDouble((long)f.Value);   // as_double
                    if (f.Number == 6) value = (long)f.Value;                                  // as_int
                }
                points.Add(new Point(name, value, Attributes(dpf.Where(f => f.Number == 7))));
            }
        }
        return points;
    }

    /// <summary>ExportTraceServiceRequest → every span's name and attributes.</summary>
    public static List<Span> Spans(byte[] body)
    {
        var spans = new List<Span>();
        foreach (var rs in Fields(body).Where(f => f.Number == 1))                        // resource_spans
        foreach (var ss in Fields(rs.Bytes).Where(f => f.Number == 2))                    // scope_spans
        foreach (var s in Fields(ss.Bytes).Where(f => f.Number == 2))                     // spans
        {
            var fields = Fields(s.Bytes);
            spans.Add(new Span(Text(fields.First(f => f.Number == 5).Bytes), Attributes(fields.Where(f => f.Number == 9))));
        }
        return spans;
    }

    private static Dictionary<string, string> Attributes(IEnumerable<Field> keyValues)
    {
        var result = new Dictionary<string, string>();
        foreach (var kv in keyValues)
        {
            var f = Fields(kv.Bytes);
            var key = Text(f.First(x => x.Number == 1).Bytes);
            var any = f.FirstOrDefault(x => x.Number == 2);
            if (any is null) continue;
            foreach (var v in Fields(any.Bytes))
                result[key] = v.Number switch
                {
                    1 => Text(v.Bytes),
                    2 => (v.Value != 0).ToString().ToLowerInvariant(),
                    3 => ((long)v.Value).ToString(),
                    4 => BitConverter.Int64BitsToDouble((long)v.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => "?",
                };
        }
        return result;
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private sealed record Field(int Number, ulong Value, byte[] Bytes);

    private static List<Field> Fields(byte[] data)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < data.Length)
        {
            var tag = Varint(data, ref i);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0: fields.Add(new Field(number, Varint(data, ref i), [])); break;
                case 1: fields.Add(new Field(number, BitConverter.ToUInt64(data, i), [])); i += 8; break;
                case 2:
                    var length = (int)Varint(data, ref i);
                    fields.Add(new Field(number, 0, data[i..(i + length)]));
                    i += length;
                    break;
                case 5: fields.Add(new Field(number, BitConverter.ToUInt32(data, i), [])); i += 4; break;
                default: throw new FormatException($"wire type {tag & 7} at {i}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
