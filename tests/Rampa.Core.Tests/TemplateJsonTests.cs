using System.Text.Json;
using Rampa.Core.Scenarios;

namespace Rampa.Core.Tests;

public class TemplateJsonTests
{
    private sealed class Values(string variable) : ITemplateValues
    {
        public long Vu => 1;
        public long Iteration => 0;
        public string Scenario => "s\"1";
        public string? GetVariable(string name) => variable;
    }

    [Fact]
    public void A_json_body_stays_valid_json_whatever_the_values_hold()
    {
        var nasty = "pa\"ss\\word\n\t\u0001é";
        var template = Template.TryParse("""{"user":"{{who}}","password":"{{env.PASSWORD}}","scenario":"{{scenario}}","vu":"{{vu}}"}""",
            name => name == "PASSWORD" ? "se\"cret\\" : null, out var error, jsonStrings: true)!;
        Assert.Null(error);
        using var doc = JsonDocument.Parse(template.Render(new Values(nasty)));
        Assert.Equal(nasty, doc.RootElement.GetProperty("user").GetString());
        Assert.Equal("se\"cret\\", doc.RootElement.GetProperty("password").GetString());
        Assert.Equal("s\"1", doc.RootElement.GetProperty("scenario").GetString());
        Assert.Equal("1", doc.RootElement.GetProperty("vu").GetString());
    }

    [Fact]
    public void Other_templates_put_values_in_as_they_are()
    {
        var template = Template.TryParse("/q?u={{who}}", _ => null, out _)!;
        Assert.Equal("/q?u=a\"b", template.Render(new Values("a\"b")));
    }
}
