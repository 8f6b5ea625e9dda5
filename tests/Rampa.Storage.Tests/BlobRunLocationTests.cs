namespace Rampa.Storage.Tests;

public sealed class BlobRunLocationTests
{
    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/20261125-030833-c3c1/", "http://127.0.0.1:10000/devstoreaccount1", "rampa")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/20261125-030833-c3c1", "http://127.0.0.1:10000/devstoreaccount1", "rampa")]
    [InlineData("https://acct.blob.core.windows.net/rampa/runs/20261125-030833-c3c1", "https://acct.blob.core.windows.net", "rampa")]
    [InlineData("https://acct.blob.core.windows.net/nightly/runs/20261125-030833-c3c1/", "https://acct.blob.core.windows.net", "nightly")]
    public void Run_url_gives_service_container_and_run_id(string url, string service, string container)
    {
        var location = BlobRunLocation.Parse(url);

        Assert.Equal(service, location.ServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal(container, location.ContainerName);
        Assert.Equal("20261125-030833-c3c1", location.RunId);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/rampa", "must be runs/<run-id>/")]
    [InlineData("https://acct.blob.core.windows.net/", "names no container")]
    [InlineData("https://acct.blob.core.windows.net/rampa/other/x", "must be runs/<run-id>/")]
    [InlineData("https://acct.blob.core.windows.net/rampa/runs/", "must be runs/<run-id>/")]
    [InlineData("https://acct.blob.core.windows.net/rampa/runs/a/summary.json", "must be runs/<run-id>/")]
    [InlineData("20261125-030833-c3c1", "not an http(s) URL")]
    public void Not_a_run_url_gives_a_message_naming_it(string url, string why)
    {
        var error = Assert.Throws<ArtifactStoreConfigException>(() => BlobRunLocation.Parse(url));

        Assert.Contains($"'{url}'", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Only_http_and_https_values_count_as_urls()
    {
        Assert.True(BlobRunLocation.IsUrl("https://acct.blob.core.windows.net/rampa/runs/x"));
        Assert.True(BlobRunLocation.IsUrl("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/x"));
        Assert.False(BlobRunLocation.IsUrl("20261125-030833-c3c1"));
        Assert.False(BlobRunLocation.IsUrl("./rampa-results/20261125-030833-c3c1"));
    }

    [Fact]
    public void Store_of_a_run_url_uses_the_connection_string_when_given_else_default_azure_credential()
    {
        var azure = BlobRunLocation.Parse("https://acct.blob.core.windows.net/rampa/runs/r1/").ToConfig(null);
        Assert.True(azure.UsesDefaultAzureCredential);
        Assert.Equal("https://acct.blob.core.windows.net/rampa/runs/r1/", azure.CreateStore().Describe("r1"));

        var local = BlobRunLocation.Parse("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/r1/").ToConfig("UseDevelopmentStorage=true");
        Assert.False(local.UsesDefaultAzureCredential);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/r1/", local.CreateStore().Describe("r1"));
    }

    [Fact]
    public void Connection_string_for_another_account_than_the_run_url_is_refused()
    {
        var location = BlobRunLocation.Parse("https://acct.blob.core.windows.net/rampa/runs/r1/");

        var error = Assert.Throws<ArtifactStoreConfigException>(() => location.ToConfig("UseDevelopmentStorage=true"));
        Assert.Contains("http://127.0.0.1:10000/devstoreaccount1", error.Message);
        Assert.Contains("https://acct.blob.core.windows.net", error.Message);
    }

    [Fact]
    public void Http_run_url_without_a_connection_string_is_refused_clearly()
    {
        var location = BlobRunLocation.Parse("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/r1/");

        var error = Assert.Throws<ArtifactStoreConfigException>(() => location.ToConfig(null));
        Assert.Contains("not https", error.Message);
        Assert.Contains("connection string", error.Message);
    }
}
