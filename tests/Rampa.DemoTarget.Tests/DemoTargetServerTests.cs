using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Rampa.DemoTarget.Tests;

public sealed class DemoTargetServerTests : IAsyncLifetime
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

    [Fact]
    public void Port_zero_picks_a_free_loopback_port()
    {
        Assert.InRange(_server.Port, 1, 65535);
        Assert.Equal(new Uri($"http://127.0.0.1:{_server.Port}"), _server.BaseUrl);
        Assert.Equal(0, _server.RequestCount);
    }

    [Fact]
    public async Task Root_answers_hello_text()
    {
        using var response = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Hello from Rampa's demo target\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Json_answers_a_small_json_object()
    {
        using var response = await _client.GetAsync("/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("Hello from Rampa's demo target", doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Delay_waits_then_answers_200()
    {
        var sw = Stopwatch.StartNew();
        using var response = await _client.GetAsync("/delay/200");
        sw.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("waited 200 ms\n", await response.Content.ReadAsStringAsync());
        Assert.True(sw.ElapsedMilliseconds >= 190, $"answered after {sw.ElapsedMilliseconds} ms");

        using var zero = await _client.GetAsync("/delay/0");
        Assert.Equal(HttpStatusCode.OK, zero.StatusCode);

        using var bad = await _client.GetAsync("/delay/soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var negative = await _client.GetAsync("/delay/-5");
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
    }

    [Theory]
    [InlineData("GET", 200)]
    [InlineData("GET", 201)]
    [InlineData("GET", 404)]
    [InlineData("GET", 418)]
    [InlineData("POST", 500)]
    [InlineData("PUT", 503)]
    [InlineData("DELETE", 599)]
    public async Task Status_answers_the_asked_status(string method, int code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/status/{code}");
        using var response = await _client.SendAsync(request);
        Assert.Equal(code, (int)response.StatusCode);
        Assert.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Status_without_body(int code)
    {
        using var response = await _client.GetAsync($"/status/{code}");
        Assert.Equal(code, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("99")]
    [InlineData("100")]
    [InlineData("199")]
    [InlineData("600")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task Status_rejects_invalid_codes_with_400(string code)
    {
        using var response = await _client.GetAsync($"/status/{code}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Items_answers_id_and_name()
    {
        using var response = await _client.GetAsync("/items/42");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(42, doc.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("Item 42", doc.RootElement.GetProperty("name").GetString());

        using var missing = await _client.GetAsync("/items/not-a-number");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Echo_returns_the_body_and_content_type()
    {
        using var content = new StringContent("{\"a\":1,\"b\":\"zz\"}", Encoding.UTF8, "application/vnd.rampa+json");
        using var response = await _client.PostAsync("/echo", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.rampa+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("{\"a\":1,\"b\":\"zz\"}", await response.Content.ReadAsStringAsync());

        var binary = new byte[100_000];
        new Random(7).NextBytes(binary);
        using var binaryContent = new ByteArrayContent(binary);
        using var binaryResponse = await _client.PostAsync("/echo", binaryContent);
        Assert.Equal("application/octet-stream", binaryResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(binary, await binaryResponse.Content.ReadAsByteArrayAsync());

        using var get = await _client.GetAsync("/echo");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(65536)]
    [InlineData(200_001)]
    public async Task Bytes_answers_exactly_n_bytes(int n)
    {
        using var response = await _client.GetAsync($"/bytes/{n}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(n, response.Content.Headers.ContentLength);
        Assert.Equal(n, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("67108865")]
    public async Task Bytes_rejects_bad_sizes(string n)
    {
        using var response = await _client.GetAsync($"/bytes/{n}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Counter_counts_every_request_exactly_and_skips_stats()
    {
        for (var i = 0; i < 5; i++)
        {
            (await _client.GetAsync("/")).Dispose();
        }

        (await _client.GetAsync("/json")).Dispose();
        (await _client.GetAsync("/items/1")).Dispose();
        (await _client.GetAsync("/no/such/route")).Dispose(); // a 404 is still a request received
        (await _client.GetAsync("/status/500")).Dispose();
        (await _client.GetAsync("/stats")).Dispose();
        (await _client.GetAsync("/stats")).Dispose();

        Assert.Equal(9, _server.RequestCount);
        Assert.Equal(5, _server.CountFor("/"));
        Assert.Equal(1, _server.CountFor("/json"));
        Assert.Equal(1, _server.CountFor("/items/1"));
        Assert.Equal(1, _server.CountFor("/no/such/route"));
        Assert.Equal(0, _server.CountFor("/stats"));
        Assert.Equal(0, _server.CountFor("/never"));

        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/stats"));
        Assert.Equal(9, doc.RootElement.GetProperty("requests").GetInt64());
        var byPath = doc.RootElement.GetProperty("byPath");
        Assert.Equal(5, byPath.GetProperty("/").GetInt64());
        Assert.Equal(1, byPath.GetProperty("/status/500").GetInt64());
        Assert.False(byPath.TryGetProperty("/stats", out _));
        Assert.Equal(9, _server.RequestCount);
    }

    [Fact]
    public async Task Counter_is_exact_under_concurrency()
    {
        const int total = 400;
        using var gate = new SemaphoreSlim(32);
        var tasks = Enumerable.Range(0, total).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await _client.GetAsync(i % 2 == 0 ? "/" : "/json");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);

        Assert.Equal(total, _server.RequestCount);
        Assert.Equal(total / 2, _server.CountFor("/"));
        Assert.Equal(total / 2, _server.CountFor("/json"));
    }

    [Fact]
    public async Task Reset_by_method_and_by_endpoint()
    {
        (await _client.GetAsync("/")).Dispose();
        (await _client.GetAsync("/")).Dispose();
        Assert.Equal(2, _server.RequestCount);

        _server.ResetCounters();
        Assert.Equal(0, _server.RequestCount);
        Assert.Equal(0, _server.CountFor("/"));

        (await _client.GetAsync("/json")).Dispose();
        using var reset = await _client.PostAsync("/stats/reset", content: null);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, _server.RequestCount);
        Assert.Equal(0, _server.CountFor("/json"));

        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/stats"));
        Assert.Equal(0, doc.RootElement.GetProperty("requests").GetInt64());
        Assert.Empty(doc.RootElement.GetProperty("byPath").EnumerateObject());
    }

    [Fact]
    public async Task Flaky_fails_the_first_n_requests_per_key_then_succeeds()
    {
        Assert.Equal(
            new[] { 503, 503, 200, 200 },
            await StatusesAsync("/flaky/a?failures=2", 4));

        // Another key has its own memory.
        Assert.Equal(new[] { 503, 200 }, await StatusesAsync("/flaky/b?failures=1", 2));

        // The default is two failures.
        Assert.Equal(new[] { 503, 503, 200 }, await StatusesAsync("/flaky/c", 3));

        Assert.Equal(new[] { 200 }, await StatusesAsync("/flaky/d?failures=0", 1));

        using var first = await _client.GetAsync("/flaky/e?failures=1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.Zero, first.Headers.RetryAfter?.Delta);

        using var bad = await _client.GetAsync("/flaky/f?failures=many");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Resetting forgets the keys.
        _server.ResetCounters();
        Assert.Equal(new[] { 503, 503, 200 }, await StatusesAsync("/flaky/a?failures=2", 3));
    }

    [Fact]
    public async Task Stop_ends_a_long_delay_promptly()
    {
        var pending = _client.GetAsync("/delay/60000");
        await WaitUntilAsync(() => _server.CountFor("/delay/60000") == 1);

        var sw = Stopwatch.StartNew();
        await _server.StopAsync();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"stop took {sw.Elapsed}");

        try
        {
            using var response = await pending;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The connection may also just be closed: either way the client is not left waiting.
        }
    }

    [Fact]
    public async Task Dispose_stops_listening()
    {
        var server = await DemoTargetServer.StartAsync();
        using (var client = new HttpClient { BaseAddress = server.BaseUrl })
        {
            Assert.Equal("Hello from Rampa's demo target\n", await client.GetStringAsync("/"));
        }

        await server.DisposeAsync();
        await server.DisposeAsync(); // idempotent

        using var fresh = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/"));
        var socket = Assert.IsType<SocketException>(ex.InnerException);
        Assert.Equal(SocketError.ConnectionRefused, socket.SocketErrorCode);

        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connect = await Assert.ThrowsAsync<SocketException>(
            async () => await raw.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port)));
        Assert.Equal(SocketError.ConnectionRefused, connect.SocketErrorCode);
    }

    [Fact]
    public async Task Explicit_port_that_is_taken_fails_to_start()
    {
        await Assert.ThrowsAnyAsync<IOException>(() => DemoTargetServer.StartAsync(_server.Port));

        // The first server still answers.
        Assert.Equal("Hello from Rampa's demo target\n", await _client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Listens_on_loopback_only()
    {
        // Kestrel was asked for 127.0.0.1 only: the IPv6 loopback must not answer.
        using var raw = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await raw.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, _server.Port));
            Assert.Fail("connected over ::1");
        }
        catch (SocketException)
        {
            // Refused, or no IPv6 on this machine at all: both mean not listening there.
        }
    }

    [Fact]
    public async Task Reset_drops_the_connection_without_an_answer_and_is_counted()
    {
        var before = _server.RequestCount;
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync("/reset"));
        Assert.Equal(before + 1, _server.RequestCount);
        Assert.Equal(1, _server.CountFor("/reset"));
    }

    private async Task<int[]> StatusesAsync(string url, int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await _client.GetAsync(url);
            statuses[i] = (int)response.StatusCode;
        }

        return statuses;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("condition not met in 10s");
            }

            await Task.Delay(10);
        }
    }
}
