using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Type = Google.Protobuf.Reflection.FieldDescriptorProto.Type;
using Label = Google.Protobuf.Reflection.FieldDescriptorProto.Label;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// Protobuf's wire format to and from JSON (proto3's JSON mapping), over a <see cref="ProtoSchema"/>: the request
/// written in the scenario becomes the bytes sent, and a response's bytes become the JSON that checks read. The C#
/// protobuf runtime has no dynamic message, so this is the small codec that stands in for one.
/// </summary>
/// <remarks>
/// Rendering follows protojson with unpopulated fields emitted (so <c>$.count == 0</c> finds a zero): field names in
/// lowerCamelCase, enums by name, bytes in base64, 64-bit integers as numbers while exact (|v| &lt;= 2^53) and as
/// strings beyond. Well-known types (Timestamp, Struct...) are plain messages here. Groups are not supported.
/// </remarks>
internal sealed class ProtoJsonCodec(ProtoSchema schema)
{
    private const int MaxDepth = 64;

    public ProtoSchema Schema => schema;

    // ---- JSON -> wire ----------------------------------------------------------------------------------------------

    /// <summary>Encodes a JSON object as <paramref name="message"/>; throws <see cref="FormatException"/> naming the field on a bad value.</summary>
    public byte[] Encode(JsonElement json, ProtoMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        EncodeMessage(buffer, json, message, "$", 0);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes JSON text (the rendered request template).</summary>
    public byte[] Encode(string jsonText, ProtoMessage message)
    {
        using var doc = JsonDocument.Parse(jsonText.Length == 0 ? "{}" : jsonText);
        return Encode(doc.RootElement, message);
    }

    private void EncodeMessage(ArrayBufferWriter<byte> w, JsonElement json, ProtoMessage message, string path, int depth)
    {
        if (depth > MaxDepth) throw new FormatException($"{path}: nested deeper than {MaxDepth}");
        if (json.ValueKind == JsonValueKind.Null) return;
        if (json.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{path}: expected an object for message {message.FullName}, got {Kind(json)}");
        foreach (var p in json.EnumerateObject())
        {
            var field = message.Field(p.Name) ?? throw new FormatException($"{path}: message {message.FullName} has no field '{p.Name}'");
            var fieldPath = $"{path}.{p.Name}";
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            if (field.label == Label.LabelRepeated)
            {
                if (IsMap(field, out var entry))
                {
                    if (p.Value.ValueKind != JsonValueKind.Object) throw new FormatException($"{fieldPath}: expected an object (a map), got {Kind(p.Value)}");
                    foreach (var kv in p.Value.EnumerateObject())
                    {
                        var e = new ArrayBufferWriter<byte>(32);
                        WriteKey(e, entry.Field(1)!, kv.Name, $"{fieldPath}.{kv.Name}");
                        WriteField(e, entry.Field(2)!, kv.Value, $"{fieldPath}.{kv.Name}", depth + 1);
                        WriteTag(w, field.Number, 2);
                        WriteVarint(w, (ulong)e.WrittenCount);
                        w.Write(e.WrittenSpan);
                    }
                    continue;
                }
                if (p.Value.ValueKind != JsonValueKind.Array) throw new FormatException($"{fieldPath}: expected a list, got {Kind(p.Value)}");
                var i = 0;
                if (IsPackable(field.type) && message.Proto3 || field.Options?.Packed == true)
                {
                    var packed = new ArrayBufferWriter<byte>(32);
                    foreach (var item in p.Value.EnumerateArray()) WriteScalar(packed, field, item, $"{fieldPath}[{i++}]");
                    WriteTag(w, field.Number, 2);
                    WriteVarint(w, (ulong)packed.WrittenCount);
                    w.Write(packed.WrittenSpan);
                }
                else
                    foreach (var item in p.Value.EnumerateArray()) WriteField(w, field, item, $"{fieldPath}[{i++}]", depth + 1);
                continue;
            }
            WriteField(w, field, p.Value, fieldPath, depth + 1);
        }
    }

    private void WriteField(ArrayBufferWriter<byte> w, FieldDescriptorProto field, JsonElement value, string path, int depth)
    {
        if (field.type == Type.TypeMessage)
        {
            var nested = schema.Message(field.TypeName) ?? throw new FormatException($"{path}: unknown message type {field.TypeName}");
            var inner = new ArrayBufferWriter<byte>(32);
            EncodeMessage(inner, value, nested, path, depth);
            WriteTag(w, field.Number, 2);
            WriteVarint(w, (ulong)inner.WrittenCount);
            w.Write(inner.WrittenSpan);
            return;
        }
        if (field.type == Type.TypeGroup) throw new FormatException($"{path}: groups are not supported");
        WriteTag(w, field.Number, WireType(field.type));
        WriteScalar(w, field, value, path);
    }

    /// <summary>A map key: JSON object keys are text, the key field may be a number or a bool.</summary>
    private void WriteKey(ArrayBufferWriter<byte> w, FieldDescriptorProto keyField, string key, string path)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(key));
        WriteTag(w, 1, WireType(keyField.type));
        WriteScalar(w, keyField, doc.RootElement, path);
    }

    private void WriteScalar(ArrayBufferWriter<byte> w, FieldDescriptorProto field, JsonElement value, string path)
    {
        switch (field.type)
        {
            case Type.TypeString:
                if (value.ValueKind != JsonValueKind.String) throw Bad(path, "a string", value);
                var text = value.GetString()!;
                WriteVarint(w, (ulong)Encoding.UTF8.GetByteCount(text));
                var span = w.GetSpan(Encoding.UTF8.GetByteCount(text));
                w.Advance(Encoding.UTF8.GetBytes(text, span));
                return;
            case Type.TypeBytes:
                if (value.ValueKind != JsonValueKind.String || !TryBase64(value.GetString()!, out var bytes)) throw Bad(path, "base64 text", value);
                WriteVarint(w, (ulong)bytes.Length);
                w.Write(bytes);
                return;
            case Type.TypeBool:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Bad(path, "true or false", value);
                WriteVarint(w, value.ValueKind == JsonValueKind.True ? 1UL : 0UL);
                return;
            case Type.TypeEnum:
                WriteVarint(w, (ulong)(long)EnumNumber(field, value, path));
                return;
            case Type.TypeDouble:
                BinaryPrimitives.WriteDoubleLittleEndian(w.GetSpan(8), Floating(value, path, "a number (double)"));
                w.Advance(8);
                return;
            case Type.TypeFloat:
                BinaryPrimitives.WriteSingleLittleEndian(w.GetSpan(4), (float)Floating(value, path, "a number (float)"));
                w.Advance(4);
                return;
            case Type.TypeInt32: WriteVarint(w, (ulong)(long)(int)Integer(value, path, int.MinValue, int.MaxValue, "int32")); return;
            case Type.TypeInt64: WriteVarint(w, (ulong)(long)Integer(value, path, long.MinValue, long.MaxValue, "int64")); return;
            case Type.TypeUint32: WriteVarint(w, (ulong)Integer(value, path, 0, uint.MaxValue, "uint32")); return;
            case Type.TypeUint64: WriteVarint(w, Unsigned(value, path)); return;
            case Type.TypeSint32:
            {
                var v = (int)Integer(value, path, int.MinValue, int.MaxValue, "sint32");
                WriteVarint(w, (uint)((v << 1) ^ (v >> 31)));
                return;
            }
            case Type.TypeSint64:
            {
                var v = (long)Integer(value, path, long.MinValue, long.MaxValue, "sint64");
                WriteVarint(w, (ulong)((v << 1) ^ (v >> 63)));
                return;
            }
            case Type.TypeFixed32: BinaryPrimitives.WriteUInt32LittleEndian(w.GetSpan(4), (uint)Integer(value, path, 0, uint.MaxValue, "fixed32")); w.Advance(4); return;
            case Type.TypeSfixed32: BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), (int)Integer(value, path, int.MinValue, int.MaxValue, "sfixed32")); w.Advance(4); return;
            case Type.TypeFixed64: BinaryPrimitives.WriteUInt64LittleEndian(w.GetSpan(8), Unsigned(value, path)); w.Advance(8); return;
            case Type.TypeSfixed64: BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), (long)Integer(value, path, long.MinValue, long.MaxValue, "sfixed64")); w.Advance(8); return;
            default: throw new FormatException($"{path}: a {field.type} field cannot hold {Kind(value)}");
        }
    }

    private int EnumNumber(FieldDescriptorProto field, JsonElement value, string path)
    {
        var e = schema.Enum(field.TypeName);
        if (value.ValueKind == JsonValueKind.String)
        {
            var name = value.GetString()!;
            var v = e?.Values.FirstOrDefault(x => x.Name == name);
            if (v is not null) return v.Number;
            if (int.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
            throw new FormatException($"{path}: '{name}' is not a value of enum {field.TypeName.TrimStart('.')}"
                + (e is null ? "" : $" (values: {string.Join(", ", e.Values.Select(x => x.Name))})"));
        }
        return (int)Integer(value, path, int.MinValue, int.MaxValue, "an enum name or number");
    }

    /// <summary>A JSON integer, or a string holding one (proto3 JSON allows both), within [min, max].</summary>
    private static decimal Integer(JsonElement value, string path, decimal min, decimal max, string type)
    {
        decimal d;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out d)) { }
        else if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out d)) { }
        else throw Bad(path, $"an integer ({type})", value);
        if (d != decimal.Truncate(d)) throw Bad(path, $"an integer ({type})", value);
        if (d < min || d > max) throw new FormatException($"{path}: {d.ToString(CultureInfo.InvariantCulture)} is out of range for {type}");
        return d;
    }

    private static ulong Unsigned(JsonElement value, string path) => (ulong)Integer(value, path, 0, ulong.MaxValue, "uint64");

    private static double Floating(JsonElement value, string path, string expected)
    {
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String)
        {
            var s = value.GetString();
            switch (s)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        }
        throw Bad(path, expected, value);
    }

    /// <summary>Checks a value the scenario wrote for a scalar field, without encoding it; null when it fits, else why not.</summary>
    public string? CheckScalar(FieldDescriptorProto field, JsonElement value)
    {
        try
        {
            WriteScalar(new ArrayBufferWriter<byte>(16), field, value, "$");
            return null;
        }
        catch (FormatException e)
        {
            return e.Message.StartsWith("$: ", StringComparison.Ordinal) ? e.Message[3..] : e.Message;
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var normal = text.Replace('-', '+').Replace('_', '/');
        while (normal.Length % 4 != 0) normal += "=";
        bytes = new byte[normal.Length];
        if (Convert.TryFromBase64String(normal, bytes, out var n)) { bytes = bytes[..n]; return true; }
        bytes = [];
        return false;
    }

    private static FormatException Bad(string path, string expected, JsonElement value) =>
        new($"{path}: expected {expected}, got {Kind(value)}{(value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? $" '{value}'" : "")}");

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public bool IsMap(FieldDescriptorProto field, out ProtoMessage entry)
    {
        entry = null!;
        if (field.label != Label.LabelRepeated || field.type != Type.TypeMessage) return false;
        var m = schema.Message(field.TypeName);
        if (m is not { IsMapEntry: true }) return false;
        entry = m;
        return true;
    }

    private static bool IsPackable(Type t) => t is not (Type.TypeString or Type.TypeBytes or Type.TypeMessage or Type.TypeGroup);

    private static int WireType(Type t) => t switch
    {
        Type.TypeDouble or Type.TypeFixed64 or Type.TypeSfixed64 => 1,
        Type.TypeFloat or Type.TypeFixed32 or Type.TypeSfixed32 => 5,
        Type.TypeString or Type.TypeBytes or Type.TypeMessage => 2,
        _ => 0,
    };

    private static void WriteTag(ArrayBufferWriter<byte> w, int number, int wireType) => WriteVarint(w, ((ulong)(uint)number << 3) | (uint)wireType);

    private static void WriteVarint(ArrayBufferWriter<byte> w, ulong value)
    {
        var span = w.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        w.Advance(i);
    }

    // ---- wire -> JSON ----------------------------------------------------------------------------------------------

    /// <summary>Renders <paramref name="bytes"/> as <paramref name="message"/> in JSON (UTF-8); throws <see cref="FormatException"/> on bytes that are not that message.</summary>
    public byte[] Decode(ReadOnlySpan<byte> bytes, ProtoMessage message)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(64, bytes.Length * 2));
        using (var json = new Utf8JsonWriter(output))
            DecodeMessage(json, bytes, message, 0);
        return output.WrittenSpan.ToArray();
    }

    private void DecodeMessage(Utf8JsonWriter json, ReadOnlySpan<byte> bytes, ProtoMessage message, int depth)
    {
        if (depth > MaxDepth) throw new FormatException($"message {message.FullName} nested deeper than {MaxDepth}");
        // Values per field number, in wire order (a repeated field's items; a singular field's last one wins).
        var values = new Dictionary<int, List<(int Wire, ulong Number, int Start, int Length)>>();
        var pos = 0;
        while (pos < bytes.Length)
        {
            var tag = ReadVarint(bytes, ref pos);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (number <= 0) throw new FormatException($"bad field number {number} in {message.FullName}");
            (int, ulong, int, int) item;
            switch (wire)
            {
                case 0: item = (0, ReadVarint(bytes, ref pos), 0, 0); break;
                case 1: Need(bytes, pos, 8); item = (1, BinaryPrimitives.ReadUInt64LittleEndian(bytes[pos..]), 0, 0); pos += 8; break;
                case 5: Need(bytes, pos, 4); item = (5, BinaryPrimitives.ReadUInt32LittleEndian(bytes[pos..]), 0, 0); pos += 4; break;
                case 2:
                    var length = (int)ReadVarint(bytes, ref pos);
                    Need(bytes, pos, length);
                    item = (2, 0, pos, length);
                    pos += length;
                    break;
                default: throw new FormatException($"unsupported wire type {wire} in {message.FullName}");
            }
            if (message.Field(number) is null) continue; // an unknown field: skipped, as protobuf does
            if (!values.TryGetValue(number, out var list)) values[number] = list = [];
            list.Add(item);
        }

        json.WriteStartObject();
        foreach (var field in message.Fields)
        {
            values.TryGetValue(field.Number, out var list);
            var name = ProtoMessage.JsonName(field);
            if (field.label == Label.LabelRepeated)
            {
                if (IsMap(field, out var entry))
                {
                    json.WriteStartObject(name);
                    foreach (var v in list ?? [])
                        WriteMapEntry(json, bytes.Slice(v.Start, v.Length), entry, depth + 1);
                    json.WriteEndObject();
                    continue;
                }
                json.WriteStartArray(name);
                foreach (var v in list ?? [])
                {
                    if (v.Wire == 2 && IsPackable(field.type))
                    {
                        var packed = bytes.Slice(v.Start, v.Length);
                        var p = 0;
                        while (p < packed.Length)
                        {
                            var (w, n) = ReadPacked(packed, ref p, field.type);
                            WriteValue(json, field, (w, n, 0, 0), packed, depth + 1);
                        }
                    }
                    else WriteValue(json, field, v, bytes, depth + 1);
                }
                json.WriteEndArray();
                continue;
            }
            if (list is null || list.Count == 0)
            {
                // Unpopulated: messages stay absent; scalars show their default, as protojson's EmitUnpopulated does.
                if (field.type is Type.TypeMessage or Type.TypeGroup || field.Proto3Optional || field.ShouldSerializeOneofIndex()) continue;
                json.WritePropertyName(name);
                WriteDefault(json, field);
                continue;
            }
            json.WritePropertyName(name);
            WriteValue(json, field, list[^1], bytes, depth + 1);
        }
        json.WriteEndObject();
    }

    private void WriteMapEntry(Utf8JsonWriter json, ReadOnlySpan<byte> entryBytes, ProtoMessage entry, int depth)
    {
        // Decode the entry as a message, then lift its key and value.
        var rendered = Decode(entryBytes, entry);
        using var doc = JsonDocument.Parse(rendered);
        var root = doc.RootElement;
        var key = root.TryGetProperty("key", out var k) ? (k.ValueKind == JsonValueKind.String ? k.GetString()! : k.GetRawText()) : "";
        json.WritePropertyName(key);
        if (root.TryGetProperty("value", out var v)) v.WriteTo(json);
        else json.WriteNullValue();
        _ = depth;
    }

    private static (int Wire, ulong Number) ReadPacked(ReadOnlySpan<byte> bytes, ref int pos, Type type)
    {
        switch (WireType(type))
        {
            case 1: Need(bytes, pos, 8); var a = BinaryPrimitives.ReadUInt64LittleEndian(bytes[pos..]); pos += 8; return (1, a);
            case 5: Need(bytes, pos, 4); var b = BinaryPrimitives.ReadUInt32LittleEndian(bytes[pos..]); pos += 4; return (5, b);
            default: return (0, ReadVarint(bytes, ref pos));
        }
    }

    private void WriteValue(Utf8JsonWriter json, FieldDescriptorProto field, (int Wire, ulong Number, int Start, int Length) v, ReadOnlySpan<byte> bytes, int depth)
    {
        var n = v.Number;
        switch (field.type)
        {
            case Type.TypeMessage:
                var nested = schema.Message(field.TypeName) ?? throw new FormatException($"unknown message type {field.TypeName}");
                DecodeMessage(json, bytes.Slice(v.Start, v.Length), nested, depth);
                return;
            case Type.TypeString: json.WriteStringValue(Encoding.UTF8.GetString(bytes.Slice(v.Start, v.Length))); return;
            case Type.TypeBytes: json.WriteStringValue(Convert.ToBase64String(bytes.Slice(v.Start, v.Length))); return;
            case Type.TypeBool: json.WriteBooleanValue(n != 0); return;
            case Type.TypeEnum:
                var number = (int)n;
                var name = schema.Enum(field.TypeName)?.Values.FirstOrDefault(x => x.Number == number)?.Name;
                if (name is null) json.WriteNumberValue(number);
                else json.WriteStringValue(name);
                return;
            case Type.TypeDouble: WriteDouble(json, BitConverter.UInt64BitsToDouble(n)); return;
            case Type.TypeFloat: WriteDouble(json, BitConverter.UInt32BitsToSingle((uint)n)); return;
            case Type.TypeInt32 or Type.TypeSfixed32: json.WriteNumberValue((int)n); return;
            case Type.TypeUint32 or Type.TypeFixed32: json.WriteNumberValue((uint)n); return;
            case Type.TypeSint32: json.WriteNumberValue((int)((uint)n >> 1) ^ -(int)(n & 1)); return;
            case Type.TypeInt64 or Type.TypeSfixed64: WriteLong(json, (long)n); return;
            case Type.TypeSint64: WriteLong(json, (long)(n >> 1) ^ -(long)(n & 1)); return;
            case Type.TypeUint64 or Type.TypeFixed64:
                if (n <= 1UL << 53) json.WriteNumberValue(n);
                else json.WriteStringValue(n.ToString(CultureInfo.InvariantCulture));
                return;
            default: json.WriteNullValue(); return;
        }
    }

    private void WriteDefault(Utf8JsonWriter json, FieldDescriptorProto field)
    {
        switch (field.type)
        {
            case Type.TypeString: json.WriteStringValue(""); break;
            case Type.TypeBytes: json.WriteStringValue(""); break;
            case Type.TypeBool: json.WriteBooleanValue(false); break;
            case Type.TypeEnum:
                var first = schema.Enum(field.TypeName)?.Values.FirstOrDefault(x => x.Number == 0)?.Name;
                if (first is null) json.WriteNumberValue(0);
                else json.WriteStringValue(first);
                break;
            default: json.WriteNumberValue(0); break;
        }
    }

    private static void WriteLong(Utf8JsonWriter json, long v)
    {
        if (Math.Abs((decimal)v) <= 1L << 53) json.WriteNumberValue(v);
        else json.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteDouble(Utf8JsonWriter json, double d)
    {
        if (double.IsNaN(d)) json.WriteStringValue("NaN");
        else if (double.IsPositiveInfinity(d)) json.WriteStringValue("Infinity");
        else if (double.IsNegativeInfinity(d)) json.WriteStringValue("-Infinity");
        else json.WriteNumberValue(d);
    }

    private static void Need(ReadOnlySpan<byte> bytes, int pos, int length)
    {
        if (length < 0 || pos + length > bytes.Length) throw new FormatException("truncated message");
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= bytes.Length) throw new FormatException("truncated varint");
            var b = bytes[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new FormatException("malformed varint");
    }
}
