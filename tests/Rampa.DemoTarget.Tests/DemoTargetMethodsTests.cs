using System.Net;
using System.Text;
using System.Text.Json;

namespace Rampa.DemoTarget.Tests;

/// <summary>The methods beyond GET and POST: HEAD, OPTIONS, and writes to /items/{id} and /echo.</summary>
public sealed class DemoTargetMethodsTests : IAsyncLifetime
{
    private DemoTargetServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await DemoTargetServer.StartAsync();
        _client = new HttpClient { BaseAddress = _server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/json")]
    [InlineData("/health")]
    [InlineData("/items/5")]
    public async Task Head_answers_the_headers_of_get_without_the_body(string path)
    {
        using var get = await _client.GetAsync(path);
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/health"));
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/", "GET, HEAD, OPTIONS")]
    [InlineData("/items/3", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS")]
    [InlineData("/echo", "POST, PUT, PATCH, OPTIONS")]
    public async Task Options_names_the_methods_of_the_route(string path, string allow)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(1, _server.CountFor(path));
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_is_still_405()
    {
        using var post = await _client.PostAsync("/json", content: null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        using var delete = await _client.DeleteAsync("/echo");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
    }

    [Fact]
    public async Task Put_answers_the_item_it_was_sent_with_the_id_of_the_url()
    {
        using var response = await SendJsonAsync(HttpMethod.Put, "/items/7", """{"id":99,"name":"Kettle","qty":3}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(7, doc.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("Kettle", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("qty").GetInt32());

        using var notJson = await SendJsonAsync(HttpMethod.Put, "/items/7", "qty=3");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var array = await SendJsonAsync(HttpMethod.Put, "/items/7", "[1]");
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        using var badId = await SendJsonAsync(HttpMethod.Put, "/items/x", "{}");
        Assert.Equal(HttpStatusCode.NotFound, badId.StatusCode);
    }

    [Fact]
    public async Task Patch_applies_a_json_patch_to_the_item()
    {
        using var response = await SendJsonAsync(HttpMethod.Patch, "/items/1",
            """[{"op":"test","path":"/name","value":"Item 1"},{"op":"replace","path":"/name","value":"Sale"},{"op":"add","path":"/qty","value":2}]""",
            "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"id":1,"name":"Sale","qty":2}""", await response.Content.ReadAsStringAsync());

        using var removed = await SendJsonAsync(HttpMethod.Patch, "/items/2", """[{"op":"remove","path":"/name"}]""");
        Assert.Equal("""{"id":2}""", await removed.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/qty","value":2}]""", "no member 'qty'")]
    [InlineData("""[{"op":"test","path":"/name","value":"Other"}]""", "op 'test' failed")]
    [InlineData("""[{"op":"replace","path":"/id","value":5}]""", "the id comes from the URL")]
    [InlineData("""[{"op":"add","path":"/a/b","value":1}]""", "only top-level members")]
    [InlineData("""[{"op":"move","path":"/name","from":"/id"}]""", "op 'move' is not supported")]
    [InlineData("""[{"op":"add","path":"/qty"}]""", "needs a value")]
    [InlineData("""[42]""", "an object with a string op and path")]
    [InlineData("\"text\"", "takes a JSON Patch array or a JSON merge-patch object")]
    public async Task A_patch_that_cannot_apply_is_400_saying_why(string patch, string message)
    {
        using var response = await SendJsonAsync(HttpMethod.Patch, "/items/1", patch);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Patch_takes_a_merge_patch_object()
    {
        using var response = await SendJsonAsync(HttpMethod.Patch, "/items/4", """{"name":null,"qty":5}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"id":4,"qty":5}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delete_answers_204_and_stores_nothing()
    {
        using var deleted = await _client.DeleteAsync("/items/8");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        // Nothing is stored: the item reads as before, so any load leaves the server as it was.
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/items/8"));
        Assert.Equal("Item 8", doc.RootElement.GetProperty("name").GetString());

        using var badId = await _client.DeleteAsync("/items/eight");
        Assert.Equal(HttpStatusCode.NotFound, badId.StatusCode);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task Echo_takes_put_and_patch_as_well_as_post(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/echo")
        {
            Content = new StringContent("sku,qty\nA-1,1\n", Encoding.UTF8, "text/csv"),
        };
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sku,qty\nA-1,1\n", await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string body, string mediaType = "application/json") =>
        _client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
}
