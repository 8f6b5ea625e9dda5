using System.Text;
using System.Text.Json;
using Rampa.Core.Protocols.Grpc;

namespace Rampa.Core.Tests.Protocols;

/// <summary>The JSON ⇄ protobuf wire codec over descriptors parsed from .proto text.</summary>
public class ProtoJsonCodecTests
{
    private const string Proto = """
        syntax = "proto3";
        package t;
        enum Color { COLOR_UNSPECIFIED = 0; RED = 1; BLUE = 2; }
        message Inner { string text = 1; }
        message All {
          double d = 1; float f = 2; int64 i64 = 3; uint64 u64 = 4; int32 i32 = 5; fixed64 f64 = 6; fixed32 f32 = 7;
          bool b = 8; string s = 9; Inner inner = 11; bytes by = 12; uint32 u32 = 13; Color color = 14;
          sfixed32 sf32 = 15; sfixed64 sf64 = 16; sint32 si32 = 17; sint64 si64 = 18;
          repeated int32 nums = 20; repeated string words = 21; repeated Inner inners = 22; map<string, int32> counts = 23;
          map<int32, Inner> byId = 24; string snake_case_name = 25;
        }
        service S { rpc Get (All) returns (All); }
        """;

    private static readonly ProtoJsonCodec Codec = new(ProtoSchema.ParseText("t.proto", Proto));
    private static ProtoMessage All => Codec.Schema.Message("t.All")!;

    private static JsonElement RoundTrip(string json)
    {
        var bytes = Codec.Encode(json, All);
        return JsonDocument.Parse(Codec.Decode(bytes, All)).RootElement;
    }

    [Fact]
    public void Every_scalar_kind_survives_a_round_trip()
    {
        var r = RoundTrip("""
            { "d": 1.5, "f": -2.25, "i64": "-9007199254740993", "u64": 18446744073709551615, "i32": -7, "f64": 5, "f32": 6,
              "b": true, "s": "héllo", "inner": { "text": "x" }, "by": "AQID", "u32": 4294967295, "color": "BLUE",
              "sf32": -3, "sf64": -4, "si32": -5, "si64": -6, "snakeCaseName": "camel" }
            """);
        Assert.Equal(1.5, r.GetProperty("d").GetDouble());
        Assert.Equal(-2.25, r.GetProperty("f").GetDouble());
        Assert.Equal("-9007199254740993", r.GetProperty("i64").GetString());
        Assert.Equal("18446744073709551615", r.GetProperty("u64").GetString());
        Assert.Equal(-7, r.GetProperty("i32").GetInt32());
        Assert.Equal(5, r.GetProperty("f64").GetInt64());
        Assert.Equal(6, r.GetProperty("f32").GetInt64());
        Assert.True(r.GetProperty("b").GetBoolean());
        Assert.Equal("héllo", r.GetProperty("s").GetString());
        Assert.Equal("x", r.GetProperty("inner").GetProperty("text").GetString());
        Assert.Equal("AQID", r.GetProperty("by").GetString());
        Assert.Equal(4294967295, r.GetProperty("u32").GetInt64());
        Assert.Equal("BLUE", r.GetProperty("color").GetString());
        Assert.Equal(-3, r.GetProperty("sf32").GetInt32());
        Assert.Equal(-4, r.GetProperty("sf64").GetInt64());
        Assert.Equal(-5, r.GetProperty("si32").GetInt32());
        Assert.Equal(-6, r.GetProperty("si64").GetInt64());
        Assert.Equal("camel", r.GetProperty("snakeCaseName").GetString());
    }

    [Fact]
    public void Repeated_fields_and_maps_round_trip_and_proto_names_are_accepted_too()
    {
        var r = RoundTrip("""
            { "nums": [1, -2, 300], "words": ["a", "b"], "inners": [{ "text": "p" }, {}], "counts": { "a": 1, "b": 2 },
              "byId": { "7": { "text": "seven" } }, "snake_case_name": "proto name" }
            """);
        Assert.Equal([1, -2, 300], r.GetProperty("nums").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["a", "b"], r.GetProperty("words").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("p", r.GetProperty("inners")[0].GetProperty("text").GetString());
        Assert.Equal("", r.GetProperty("inners")[1].GetProperty("text").GetString());
        Assert.Equal(2, r.GetProperty("counts").GetProperty("b").GetInt32());
        Assert.Equal("seven", r.GetProperty("byId").GetProperty("7").GetProperty("text").GetString());
        Assert.Equal("proto name", r.GetProperty("snakeCaseName").GetString());
    }

    [Fact]
    public void Unpopulated_scalars_show_their_defaults_and_messages_stay_absent()
    {
        var r = RoundTrip("{}");
        Assert.Equal(0, r.GetProperty("i32").GetInt32());
        Assert.Equal("", r.GetProperty("s").GetString());
        Assert.False(r.GetProperty("b").GetBoolean());
        Assert.Equal("COLOR_UNSPECIFIED", r.GetProperty("color").GetString());
        Assert.Equal(0, r.GetProperty("nums").GetArrayLength());
        Assert.False(r.TryGetProperty("inner", out _));
    }

    [Fact]
    public void Proto3_packs_repeated_numbers_and_the_decoder_reads_unpacked_ones_too()
    {
        Assert.Equal([0xA2, 0x01, 0x03, 0x01, 0x02, 0x03], Codec.Encode("""{ "nums": [1, 2, 3] }""", All));
        // The same numbers unpacked: field 20, varint, one tag per value.
        byte[] unpacked = [0xA0, 0x01, 0x01, 0xA0, 0x01, 0x02, 0xA0, 0x01, 0x03];
        var r = JsonDocument.Parse(Codec.Decode(unpacked, All)).RootElement;
        Assert.Equal([1, 2, 3], r.GetProperty("nums").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("""{ "nope": 1 }""", "$: message t.All has no field 'nope'")]
    [InlineData("""{ "i32": "x" }""", "$.i32: expected an integer (int32), got text 'x'")]
    [InlineData("""{ "i32": 1.5 }""", "$.i32: expected an integer (int32), got a number '1.5'")]
    [InlineData("""{ "u32": -1 }""", "$.u32: -1 is out of range for uint32")]
    [InlineData("""{ "color": "GREEN" }""", "$.color: 'GREEN' is not a value of enum t.Color (values: COLOR_UNSPECIFIED, RED, BLUE)")]
    [InlineData("""{ "inner": { "text": 1 } }""", "$.inner.text: expected a string, got a number '1'")]
    [InlineData("""{ "nums": 1 }""", "$.nums: expected a list, got a number")]
    public void A_value_that_does_not_fit_names_its_path(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => Codec.Encode(json, All));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_the_message_are_a_format_error()
    {
        Assert.Throws<FormatException>(() => Codec.Decode([0x0A, 0x05, 0x01], All));
        Assert.Throws<FormatException>(() => Codec.Decode(Encoding.ASCII.GetBytes("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"), All));
    }
}
