namespace Rampa.Storage.Tests;

public sealed class ArtifactStoreConfigTests
{
    private const string AzuriteString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey +
        ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Azurite_connection_string_gives_its_endpoint_and_the_default_container()
    {
        var config = ArtifactStoreConfig.Parse(AzuriteString);

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", config.ServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("rampa", config.ContainerName);
        Assert.Equal(AzuriteString, config.ConnectionString);
        Assert.False(config.UsesDefaultAzureCredential);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/rampa/runs/r1/", config.CreateStore().Describe("r1"));
    }

    [Fact]
    public void Account_key_connection_string_with_a_container()
    {
        var config = ArtifactStoreConfig.Parse(
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + AzuriteFixture.AccountKey + ";EndpointSuffix=core.windows.net",
            "load-results");

        Assert.Equal("https://acct.blob.core.windows.net/", config.ServiceUri.AbsoluteUri);
        Assert.Equal("load-results", config.ContainerName);
    }

    [Fact]
    public void Development_storage_shortcut_means_azurite_on_its_default_port()
    {
        var config = ArtifactStoreConfig.Parse("UseDevelopmentStorage=true");

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", config.ServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("rampa", config.ContainerName);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net", "rampa")]
    [InlineData("https://acct.blob.core.windows.net/", "rampa")]
    [InlineData("https://acct.blob.core.windows.net/nightly", "nightly")]
    [InlineData("  https://acct.blob.core.windows.net/nightly/  ", "nightly")]
    public void Https_endpoint_uses_default_azure_credential(string value, string container)
    {
        var config = ArtifactStoreConfig.Parse(value);

        Assert.True(config.UsesDefaultAzureCredential);
        Assert.Null(config.ConnectionString);
        Assert.Equal("https://acct.blob.core.windows.net/", config.ServiceUri.AbsoluteUri);
        Assert.Equal(container, config.ContainerName);
        Assert.Equal(new Uri($"https://acct.blob.core.windows.net/{container}"), config.CreateContainerClient().Uri);
    }

    [Theory]
    [InlineData("garbage", "'garbage' is neither an Azure Storage connection string")]
    [InlineData("AccountName=acct;Nonsense=1", "'AccountName=acct;Nonsense=1' is not valid")]
    [InlineData("http://acct.blob.core.windows.net", "'http://acct.blob.core.windows.net' is not https")]
    [InlineData("https://acct.blob.core.windows.net/rampa/runs/x", "names a blob ('runs/x')")]
    [InlineData("https://acct.blob.core.windows.net/Bad_Name", "invalid blob container name 'Bad_Name'")]
    [InlineData("   ", "no artifact store given")]
    public void Bad_input_gives_a_message_naming_the_value(string value, string expected)
    {
        var error = Assert.Throws<ArtifactStoreConfigException>(() => ArtifactStoreConfig.Parse(value));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Account_keys_and_sas_signatures_never_appear_in_an_error()
    {
        var badKey = Assert.Throws<ArtifactStoreConfigException>(() =>
            ArtifactStoreConfig.Parse("DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0;Nonsense=1"));
        var sasUri = Assert.Throws<ArtifactStoreConfigException>(() =>
            ArtifactStoreConfig.Parse("https://acct.blob.core.windows.net/rampa?sv=2024&sig=c2VjcmV0"));

        Assert.DoesNotContain("c2VjcmV0", badKey.Message);
        Assert.Contains("AccountKey=***", badKey.Message);
        Assert.DoesNotContain("c2VjcmV0", sasUri.Message);
    }

    [Fact]
    public void Conflicting_containers_and_bad_container_names_are_rejected()
    {
        Assert.Contains("names container 'a1b' but container 'c2d'",
            Assert.Throws<ArtifactStoreConfigException>(() => ArtifactStoreConfig.Parse("https://acct.blob.core.windows.net/a1b", "c2d")).Message);
        Assert.Contains("'x'", Assert.Throws<ArtifactStoreConfigException>(() => ArtifactStoreConfig.Parse(AzuriteString, "x")).Message);
        Assert.Contains("'a--b'", Assert.Throws<ArtifactStoreConfigException>(() => ArtifactStoreConfig.Parse(AzuriteString, "a--b")).Message);
    }
}
