using System.Diagnostics;
using Rampa.Storage.Tests;

namespace Rampa.Silo.Tests;

/// <summary>The silo process refuses bad options with one line and 104, and fails fast (not hangs) without its storage.</summary>
public sealed class SiloStartupFailureTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _workDir = Directory.CreateTempSubdirectory("rampa-silo-tests-").FullName;

    private static string UnreachableStorage()
    {
        var port = FreeTcpPort.Next(); // nobody listens there
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};" +
               $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    [Theory]
    [InlineData("--silo-port", "70000")]
    [InlineData("--gateway-port", "abc")]
    [InlineData("--cluster-id", "has/slash")]
    [InlineData("--advertise", "not-an-ip")]
    [InlineData("--failure-detection", "sometimes")]
    [InlineData("--start-timeout", "-5s")]
    public async Task A_bad_option_exits_104_with_one_line_naming_the_option_and_value(string option, string value)
    {
        var args = new List<string> { "--storage", UnreachableStorage(), "--cluster-id", "c1" };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        await using var silo = SiloProcess.Start(_workDir, args.ToArray());

        Assert.Equal(104, await silo.WaitForExitAsync(Bound));
        var line = Assert.Single(silo.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, line);
        Assert.Contains(value, line);
        Assert.DoesNotContain("   at ", silo.Stderr);
    }

    [Fact]
    public async Task A_missing_cluster_id_is_named()
    {
        await using var silo = SiloProcess.Start(_workDir, "--storage", UnreachableStorage());
        Assert.Equal(104, await silo.WaitForExitAsync(Bound));
        Assert.Contains("--cluster-id", silo.Stderr);
    }

    [Fact]
    public async Task A_connection_string_without_a_table_endpoint_is_refused_without_its_key()
    {
        var blobOnly = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        await using var silo = SiloProcess.Start(_workDir, "--storage", blobOnly, "--cluster-id", "c1");
        Assert.Equal(104, await silo.WaitForExitAsync(Bound));
        Assert.Contains("TableEndpoint", silo.Stderr);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, silo.Stderr);
    }

    [Fact]
    public async Task An_unreachable_storage_account_fails_fast_with_a_clear_message()
    {
        var elapsed = Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(_workDir, "--storage", UnreachableStorage(), "--cluster-id", "c-unreachable");
        var exitCode = await silo.WaitForExitAsync(Bound);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(97, exitCode);
        Assert.Contains("rampa silo: could not start in cluster c-unreachable", silo.Stderr);
        Assert.Contains("Connection refused", silo.Stderr);
        Assert.DoesNotContain("   at ", silo.Stderr);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, silo.Stderr);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(45), $"took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task A_storage_endpoint_that_never_answers_ends_at_the_start_timeout()
    {
        // The kernel completes TCP handshakes on a listening socket nobody accepts from: requests hang, unanswered.
        using var blackHole = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((System.Net.IPEndPoint)blackHole.LocalEndpoint).Port;
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};" +
                      $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        var elapsed = Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(_workDir, "--storage", storage, "--cluster-id", "c-silent", "--start-timeout", "5s");

        Assert.Equal(97, await silo.WaitForExitAsync(Bound));
        Assert.Contains("rampa silo: did not join cluster c-silent within 5s", silo.Stderr);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(30), $"took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task Help_prints_every_option_and_exits_0()
    {
        await using var silo = SiloProcess.Start(_workDir, "--help");
        Assert.Equal(0, await silo.WaitForExitAsync(Bound));
        foreach (var name in new[] { "--storage", "RAMPA_STORAGE", "--cluster-id", "RAMPA_CLUSTER_ID", "--silo-port", "--gateway-port", "--advertise", "RAMPA_ADVERTISED_IP" })
            Assert.Contains(name, silo.Stdout);
    }

    public void Dispose()
    {
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
