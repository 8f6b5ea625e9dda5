using System.Text.RegularExpressions;
using System.Text;
using Rampa.Core.Engine;
using Rampa.Core.Protocols.Http;
using Rampa.Core.Scenarios;
using Rampa.Core.Workloads.Http;

namespace Rampa.Core.Tests;

/// <summary>Captures: a JSON path's value, a header, a body regex (its first group, else the whole match).</summary>
public class CapturesTests
{
    private static ResponseView Response(string body, params (string, string)[] headers) =>
        new(200, headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList(), Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetByteCount(body));

    private static string? Capture(CaptureSpec capture, ResponseView response)
    {
        using (response) return CheckEvaluator.Capture(capture, response);
    }

    [Theory]
    [InlineData("$.id", "abc")]
    [InlineData("$.n", "7")]
    [InlineData("$.user.tokens[0]", "t1")]
    [InlineData("$.user", "{\"tokens\":[\"t1\"]}")]
    [InlineData("$.missing", null)]
    public void Json_capture(string path, string? expected) =>
        Assert.Equal(expected, Capture(new CaptureSpec("v", CaptureSource.Json, Path: JsonPath.Parse(path)),
            Response("""{"id":"abc","n":7,"user":{"tokens":["t1"]}}""")));

    [Fact]
    public void Json_capture_of_a_body_that_is_not_json_finds_nothing() =>
        Assert.Null(Capture(new CaptureSpec("v", CaptureSource.Json, Path: JsonPath.Parse("$.id")), Response("id=1")));

    [Fact]
    public void Header_capture_ignores_the_name_case()
    {
        Assert.Equal("tok", Capture(new CaptureSpec("v", CaptureSource.Header, Header: "x-token"), Response("", ("X-Token", "tok"))));
        Assert.Null(Capture(new CaptureSpec("v", CaptureSource.Header, Header: "X-Other"), Response("", ("X-Token", "tok"))));
    }

    [Fact]
    public void Regex_capture_takes_the_first_group_else_the_whole_match()
    {
        var re = (string p) => new Regex(p, RegexOptions.CultureInvariant);
        Assert.Equal("42", Capture(new CaptureSpec("v", CaptureSource.Regex, Pattern: re(@"id=(\d+)")), Response("x id=42&id=43")));
        Assert.Equal("id=42", Capture(new CaptureSpec("v", CaptureSource.Regex, Pattern: re(@"id=\d+")), Response("x id=42")));
        Assert.Null(Capture(new CaptureSpec("v", CaptureSource.Regex, Pattern: re(@"id=(\d+)")), Response("nothing")));
    }

    [Fact]
    public void No_response_captures_nothing()
    {
        using var none = ResponseView.From(new HttpOutcome { Error = "request timeout" }, [new("X-Token", "tok")]);
        Assert.Null(CheckEvaluator.Capture(new CaptureSpec("v", CaptureSource.Header, Header: "X-Token"), none));
    }

    [Fact]
    public void The_check_of_a_capture_is_named_after_it() =>
        Assert.Equal("capture token", new CaptureSpec("token", CaptureSource.Header, Header: "X").CheckName);

    [Fact]
    public void A_captured_variable_renders_in_a_template_and_an_unset_one_renders_empty()
    {
        var template = Template.TryParse("/items/{{id}}", _ => null, out _)!;
        Assert.Equal("/items/7", template.Render(new Values(new() { ["id"] = "7" })));
        Assert.Equal("/items/", template.Render(new Values([])));
    }

    private sealed class Values(Dictionary<string, string> vars) : ITemplateValues
    {
        public long Vu => 1;
        public long Iteration => 0;
        public string Scenario => "s";
        public string? GetVariable(string name) => vars.GetValueOrDefault(name);
    }
}
