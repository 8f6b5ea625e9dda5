using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Rampa.Core.Engine;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Tests;

/// <summary>The JSON path and every check kind, passing and failing, on responses built in memory.</summary>
public class ChecksTests
{
    private const string Doc = """{"id":"a-1","n":7,"ok":true,"none":null,"price":9.5,"items":[{"name":"x"},{"name":"y"}],"a.b":{"c":1},"tags":["new","sale"]}""";

    private static ResponseView Response(string body, int status = 200, params (string, string)[] headers) =>
        new(status, headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList(), Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetByteCount(body));

    private static JsonElement Root => JsonDocument.Parse(Doc).RootElement;

    // ---- JSON path ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("$.id", "a-1")]
    [InlineData("id", "a-1")]
    [InlineData("$.n", "7")]
    [InlineData("$.items[0].name", "x")]
    [InlineData("items[1].name", "y")]
    [InlineData("$.items[-1].name", "y")]
    [InlineData("$['a.b'].c", "1")]
    [InlineData("$[\"a.b\"][\"c\"]", "1")]
    [InlineData("$.tags[1]", "sale")]
    [InlineData("$.ok", "true")]
    [InlineData("$.none", "null")]
    [InlineData("$.items[0]", "{\"name\":\"x\"}")]
    public void Json_path_finds_values(string path, string expected)
    {
        Assert.True(JsonPath.Parse(path).TryFind(Root, out var value));
        Assert.Equal(expected, JsonPath.AsText(value));
    }

    [Fact]
    public void Json_path_dollar_is_the_whole_document()
    {
        Assert.True(JsonPath.Parse("$").TryFind(Root, out var value));
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        Assert.Empty(JsonPath.Parse("$").Segments);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.items[2].name")]
    [InlineData("$.items[-3]")]
    [InlineData("$.id.x")]
    [InlineData("$.n[0]")]
    [InlineData("$.items.name")]
    public void Json_path_misses(string path) => Assert.False(JsonPath.Parse(path).TryFind(Root, out _));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("$x", "expected '.' or '['")]
    [InlineData("$.", "property name is missing")]
    [InlineData("$..id", "property name is missing")]
    [InlineData("$.items[", "unclosed '['")]
    [InlineData("$.items[a]", "is not an array index")]
    [InlineData("$.items[*]", "is not an array index")]
    [InlineData("$.*", "wildcards")]
    [InlineData("$['a]", "unclosed")]
    [InlineData(".id", "starts with '$' or a name")]
    [InlineData("$.a b", "unexpected ' '")]
    public void Json_path_errors(string path, string message)
    {
        Assert.Null(JsonPath.TryParse(path, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_path_prints_canonically() => Assert.Equal("$.items[0].name", JsonPath.Parse("items[0].name").ToString());

    // ---- checks ------------------------------------------------------------------------------------------------

    public static TheoryData<CheckSpec, bool> Cases()
    {
        var re = (string p) => new Regex(p, RegexOptions.CultureInvariant);
        var path = JsonPath.Parse;
        return new()
        {
            { new StatusCheck("s", new StatusSet([(200, 299)])), true },
            { new StatusCheck("s", new StatusSet([(201, 201)])), false },
            { new HeaderCheck("h", "content-type", ValueTest.Exists), true },
            { new HeaderCheck("h", "X-Missing", ValueTest.Exists), false },
            { new HeaderCheck("h", "X-Missing", ValueTest.Absent), true },
            { new HeaderCheck("h", "Content-Type", ValueTest.Absent), false },
            { new HeaderCheck("h", "Content-Type", ValueTest.Equals, "application/json"), true },
            { new HeaderCheck("h", "Content-Type", ValueTest.Equals, "application/JSON"), false },
            { new HeaderCheck("h", "Content-Type", ValueTest.Contains, "json"), true },
            { new HeaderCheck("h", "Content-Type", ValueTest.Contains, "xml"), false },
            { new HeaderCheck("h", "Content-Type", ValueTest.Matches, Pattern: re("^application/.*json$")), true },
            { new HeaderCheck("h", "Content-Type", ValueTest.Matches, Pattern: re("xml")), false },
            { new HeaderCheck("h", "Set-Cookie", ValueTest.Equals, "b=2"), true }, // any of several
            { new BodyContainsCheck("b", "\"n\":7"), true },
            { new BodyContainsCheck("b", "\"n\":8"), false },
            { new BodyMatchesCheck("b", re("\"id\":\"a-(\\d+)\"")), true },
            { new BodyMatchesCheck("b", re("^\\[")), false },
            { new BodySizeCheck("b", CompareOp.Greater, 10), true },
            { new BodySizeCheck("b", CompareOp.Less, 10), false },
            { new BodySizeCheck("b", CompareOp.Equal, Encoding.UTF8.GetByteCount(Doc)), true },
            { new BodySizeCheck("b", CompareOp.NotEqual, Encoding.UTF8.GetByteCount(Doc)), false },
            { new JsonCheck("j", path("$.id"), ValueTest.Exists), true },
            { new JsonCheck("j", path("$.nope"), ValueTest.Exists), false },
            { new JsonCheck("j", path("$.none"), ValueTest.Exists), true },
            { new JsonCheck("j", path("$.nope"), ValueTest.Absent), true },
            { new JsonCheck("j", path("$.id"), ValueTest.Absent), false },
            { new JsonCheck("j", path("$.id"), ValueTest.Compare, CompareOp.Equal, JsonValue.Create("a-1")), true },
            { new JsonCheck("j", path("$.id"), ValueTest.Compare, CompareOp.Equal, JsonValue.Create("a-2")), false },
            { new JsonCheck("j", path("$.id"), ValueTest.Compare, CompareOp.NotEqual, JsonValue.Create("a-2")), true },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.Equal, JsonValue.Create(7)), true },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.Equal, JsonValue.Create(7.0)), true },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.Equal, JsonValue.Create("7")), true },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.NotEqual, JsonValue.Create(7)), false },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.Greater, JsonValue.Create(6)), true },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.Greater, JsonValue.Create(7)), false },
            { new JsonCheck("j", path("$.n"), ValueTest.Compare, CompareOp.GreaterOrEqual, JsonValue.Create(7)), true },
            { new JsonCheck("j", path("$.price"), ValueTest.Compare, CompareOp.Less, JsonValue.Create(10)), true },
            { new JsonCheck("j", path("$.price"), ValueTest.Compare, CompareOp.LessOrEqual, JsonValue.Create(9)), false },
            { new JsonCheck("j", path("$.id"), ValueTest.Compare, CompareOp.Greater, JsonValue.Create(1)), false }, // not a number
            { new JsonCheck("j", path("$.nope"), ValueTest.Compare, CompareOp.NotEqual, JsonValue.Create(1)), false }, // missing
            { new JsonCheck("j", path("$.ok"), ValueTest.Compare, CompareOp.Equal, JsonValue.Create(true)), true },
            { new JsonCheck("j", path("$.none"), ValueTest.Compare, CompareOp.Equal, null), true },
            { new JsonCheck("j", path("$.tags"), ValueTest.Compare, CompareOp.Equal, new JsonArray("new", "sale")), true },
            { new JsonCheck("j", path("$.tags"), ValueTest.Compare, CompareOp.Equal, new JsonArray("new")), false },
            { new JsonCheck("j", path("$.items[1].name"), ValueTest.Contains, Text: "y"), true },
            { new JsonCheck("j", path("$.id"), ValueTest.Matches, Pattern: re("^a-\\d$")), true },
            { new JsonCheck("j", path("$.id"), ValueTest.Matches, Pattern: re("^b")), false },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_passes_or_fails(CheckSpec check, bool expected)
    {
        using var response = Response(Doc, 200, ("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"));
        Assert.Equal(expected, CheckEvaluator.Passes(check, response));
    }

    [Fact]
    public void Every_check_fails_without_a_response()
    {
        using var none = ResponseView.From(new HttpOutcome { Status = 0, Error = "connection refused" }, null);
        Assert.False(CheckEvaluator.Passes(new StatusCheck("s", new StatusSet([(100, 599)])), none));
        Assert.False(CheckEvaluator.Passes(new HeaderCheck("h", "X", ValueTest.Absent), none));
        Assert.False(CheckEvaluator.Passes(new JsonCheck("j", JsonPath.Parse("$.x"), ValueTest.Absent), none));
        Assert.False(CheckEvaluator.Passes(new BodySizeCheck("b", CompareOp.Equal, 0), none));
        Assert.False(CheckEvaluator.Passes(new StatusCheck("s", new StatusSet([(100, 599)])), new HttpOutcome { Error = "timeout" }));
    }

    [Fact]
    public void Json_checks_fail_on_a_body_that_is_not_json()
    {
        using var response = Response("<html>", 200);
        Assert.False(CheckEvaluator.Passes(new JsonCheck("j", JsonPath.Parse("$"), ValueTest.Exists), response));
        Assert.False(CheckEvaluator.Passes(new JsonCheck("j", JsonPath.Parse("$.x"), ValueTest.Absent), response));
        Assert.True(CheckEvaluator.Passes(new BodyContainsCheck("b", "html"), response));
    }
}
