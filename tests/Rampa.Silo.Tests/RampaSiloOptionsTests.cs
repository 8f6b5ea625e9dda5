using System.Net;
using Microsoft.Extensions.Logging;
using Rampa.Storage.Tests;

namespace Rampa.Silo.Tests;

public sealed class RampaSiloOptionsTests
{
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey +
        ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static RampaSiloOptions Parse(params string[] args) => RampaSiloOptions.Parse(args, NoEnvironment);

    private static string Error(Func<string, string?> environment, params string[] args) =>
        Assert.Throws<SiloOptionsException>(() => RampaSiloOptions.Parse(args, environment)).Message;

    private static string Error(params string[] args) => Error(NoEnvironment, args);

    [Fact]
    public void Defaults_need_only_storage_and_cluster_id()
    {
        var options = Parse("--storage", Azurite, "--cluster-id", "local-1");
        Assert.Equal("local-1", options.ClusterId);
        Assert.Equal("rampa", options.ServiceId);
        Assert.Equal(0, options.SiloPort);
        Assert.Equal(0, options.GatewayPort);
        Assert.Equal(IPAddress.Loopback, options.AdvertisedIp);
        Assert.Null(options.SiloName);
        Assert.Equal("rampa-results", options.OutDir);
        Assert.Equal(FailureDetection.Fast, options.FailureDetection);
        Assert.Equal(LogLevel.Warning, options.LogLevel);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), options.Storage.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), options.Storage.BlobEndpoint);
        Assert.False(options.Storage.UsesDefaultAzureCredential);
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = Parse("--storage=" + Azurite, "--cluster-id", "c", "--service-id=svc", "--silo-port", "11111",
            "--gateway-port=30000", "--advertise", "10.0.0.4", "--name", "silo-1", "--out-dir", "/tmp/out",
            "--failure-detection", "orleans", "--start-timeout", "1m", "--shutdown-timeout=5s", "--log-level", "information");
        Assert.Equal("svc", options.ServiceId);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal(30000, options.GatewayPort);
        Assert.Equal(IPAddress.Parse("10.0.0.4"), options.AdvertisedIp);
        Assert.Equal("silo-1", options.SiloName);
        Assert.Equal("/tmp/out", options.OutDir);
        Assert.Equal(FailureDetection.Orleans, options.FailureDetection);
        Assert.Equal(TimeSpan.FromMinutes(1), options.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownTimeout);
        Assert.Equal(LogLevel.Information, options.LogLevel);
    }

    [Fact]
    public void Environment_variables_fill_in_and_the_command_line_wins()
    {
        var environment = new Dictionary<string, string>
        {
            ["RAMPA_STORAGE"] = Azurite,
            ["RAMPA_CLUSTER_ID"] = "from-env",
            ["RAMPA_SILO_PORT"] = "2000",
            ["RAMPA_ADVERTISED_IP"] = "10.1.2.3",
            ["RAMPA_SILO_NAME"] = "env-silo",
        };
        var options = RampaSiloOptions.Parse(["--cluster-id", "from-args"], environment.GetValueOrDefault);
        Assert.Equal("from-args", options.ClusterId);
        Assert.Equal(2000, options.SiloPort);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), options.AdvertisedIp);
        Assert.Equal("env-silo", options.SiloName);
    }

    [Fact]
    public void A_bad_environment_variable_is_named_as_such()
    {
        var message = Error(name => name == "RAMPA_GATEWAY_PORT" ? "lots" : null, "--storage", Azurite, "--cluster-id", "c");
        Assert.Contains("RAMPA_GATEWAY_PORT 'lots'", message);
    }

    [Theory]
    [InlineData("--silo-port", "65536", "--silo-port '65536' is not a port")]
    [InlineData("--gateway-port", "-1", "--gateway-port '-1' is not a port")]
    [InlineData("--cluster-id", "a b", "--cluster-id 'a b' is not valid")]
    [InlineData("--service-id", "x#y", "--service-id 'x#y' is not valid")]
    [InlineData("--advertise", "0.0.0.0", "--advertise '0.0.0.0' is not an IP address other silos can reach")]
    [InlineData("--failure-detection", "slow", "--failure-detection 'slow' is not valid")]
    [InlineData("--shutdown-timeout", "0s", "--shutdown-timeout '0s' is not a positive duration")]
    [InlineData("--log-level", "loud", "--log-level 'loud' is not a log level")]
    [InlineData("--log-level", "3", "--log-level '3' is not a log level")]
    public void A_bad_value_names_the_option_and_the_value(string option, string value, string expected)
    {
        var args = new List<string> { "--storage", Azurite, "--cluster-id", "c" };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        Assert.Contains(expected, Error(args.ToArray()));
    }

    [Fact]
    public void Usage_mistakes_are_named()
    {
        Assert.Contains("--storage (or RAMPA_STORAGE) is required", Error("--cluster-id", "c"));
        Assert.Contains("--cluster-id (or RAMPA_CLUSTER_ID) is required", Error("--storage", Azurite));
        Assert.Contains("unknown option '--vus'", Error("--storage", Azurite, "--cluster-id", "c", "--vus", "3"));
        Assert.Contains("unexpected argument 'extra'", Error("--storage", Azurite, "--cluster-id", "c", "extra"));
        Assert.Contains("option --name needs a value", Error("--storage", Azurite, "--cluster-id", "c", "--name"));
        Assert.Contains("option --cluster-id is given twice", Error("--storage", Azurite, "--cluster-id", "c", "--cluster-id", "d"));
        Assert.Contains("must differ", Error("--storage", Azurite, "--cluster-id", "c", "--silo-port", "5000", "--gateway-port", "5000"));
    }

    [Fact]
    public void Help_needs_nothing_else()
    {
        Assert.True(Parse("--help").Help);
        Assert.True(Parse("-h").Help);
    }

    [Fact]
    public void An_account_endpoint_signs_in_with_DefaultAzureCredential_and_derives_the_table_endpoint()
    {
        var storage = StorageAccount.Parse("--storage", "https://myacct.blob.core.windows.net");
        Assert.True(storage.UsesDefaultAzureCredential);
        Assert.Equal(new Uri("https://myacct.blob.core.windows.net/"), storage.BlobEndpoint);
        Assert.Equal(new Uri("https://myacct.table.core.windows.net/"), storage.TableEndpoint);
        Assert.Contains("DefaultAzureCredential", storage.Description);
        Assert.Equal("rampa", storage.ArtifactStore().ContainerName);
        Assert.Equal(new Uri("https://myacct.blob.core.windows.net/"), storage.ArtifactStore().ServiceUri);
    }

    [Fact]
    public void A_bare_account_name_means_its_public_cloud_endpoints()
    {
        var storage = StorageAccount.Parse("--storage", "myacct");
        Assert.Equal(new Uri("https://myacct.table.core.windows.net/"), storage.TableEndpoint);
        Assert.True(storage.UsesDefaultAzureCredential);
    }

    [Fact]
    public void Development_storage_is_accepted()
    {
        var storage = StorageAccount.Parse("--storage", "UseDevelopmentStorage=true");
        Assert.Equal(10002, storage.TableEndpoint.Port);
        Assert.Equal(10000, storage.BlobEndpoint.Port);
        Assert.False(storage.UsesDefaultAzureCredential);
    }

    [Theory]
    [InlineData("http://myacct.blob.core.windows.net", "is not https")]
    [InlineData("https://myacct.blob.core.windows.net/container", "bare account endpoint")]
    [InlineData("https://myacct.blob.core.windows.net/?sv=1&sig=secret", "bare account endpoint")]
    [InlineData("https://myacct.queue.core.windows.net", "is not a blob endpoint")]
    [InlineData("Not An Account", "is neither an Azure Storage connection string")]
    [InlineData("AccountName=devstoreaccount1;AccountKey=c2VjcmV0;BlobEndpoint=http://127.0.0.1:1/x", "no TableEndpoint")]
    public void Bad_storage_is_named_with_secrets_hidden(string value, string expected)
    {
        var message = Assert.Throws<SiloOptionsException>(() => StorageAccount.Parse("--storage", value)).Message;
        Assert.StartsWith("--storage '", message);
        Assert.Contains(expected, message);
        Assert.DoesNotContain("secret", message);
        Assert.DoesNotContain("c2VjcmV0", message);
    }

    [Fact]
    public void The_description_never_shows_the_key()
    {
        var options = Parse("--storage", Azurite, "--cluster-id", "c");
        Assert.DoesNotContain(AzuriteFixture.AccountKey, options.Storage.Description);
        Assert.Contains("devstoreaccount1", options.Storage.Description);
    }

    [Fact]
    public void Free_ports_are_picked_for_zero_and_differ()
    {
        var endpoints = SiloEndpoints.Resolve(Parse("--storage", Azurite, "--cluster-id", "c"));
        Assert.NotEqual(0, endpoints.SiloPort);
        Assert.NotEqual(0, endpoints.GatewayPort);
        Assert.NotEqual(endpoints.SiloPort, endpoints.GatewayPort);
        Assert.False(endpoints.ListenOnAllInterfaces);
        Assert.True(SiloEndpoints.Resolve(Parse("--storage", Azurite, "--cluster-id", "c", "--advertise", "10.0.0.4")).ListenOnAllInterfaces);
    }

    [Fact]
    public void Out_is_repeatable_and_the_environment_turns_on_otlp_and_azure_monitor()
    {
        var options = Parse("--storage", Azurite, "--cluster-id", "c", "--out", "prometheus=127.0.0.1:9470", "--out=otlp=http://127.0.0.1:4318");
        Assert.Equal(["--out prometheus=127.0.0.1:9470", "--out otlp=http://127.0.0.1:4318"], options.Telemetry.Select(e => e.Option));
        Assert.Empty(Parse("--storage", Azurite, "--cluster-id", "c").Telemetry);

        var env = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x.in.applicationinsights.azure.com/",
        };
        var fromEnv = RampaSiloOptions.Parse(["--storage", Azurite, "--cluster-id", "c"], env.GetValueOrDefault);
        Assert.Equal(["OTEL_EXPORTER_OTLP_ENDPOINT", "APPLICATIONINSIGHTS_CONNECTION_STRING"], fromEnv.Telemetry.Select(e => e.Option));
    }

    [Theory]
    [InlineData("prometheus=127.0.0.1:0", "--out prometheus=127.0.0.1:0: '0' is not a port")]
    [InlineData("otlp=collector:4318", "--out otlp=collector:4318: not an http(s) URL")]
    [InlineData("json=x.jsonl", "--out json=x.jsonl: unknown output 'json'")]
    [InlineData("azure-monitor", "--out azure-monitor: no connection string")]
    public void A_bad_out_names_the_option(string value, string message) =>
        Assert.StartsWith(message, Error("--storage", Azurite, "--cluster-id", "c", "--out", value));
}
