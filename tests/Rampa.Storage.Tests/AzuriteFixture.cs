using System.Diagnostics;
using System.Net.Sockets;

namespace Rampa.Storage.Tests;

/// <summary>
/// A real Azurite (blob, queue and table services) on free loopback ports, in memory, started
/// by the tests themselves, with a temporary working directory. The binary is $RAMPA_AZURITE (scripts/test.sh
/// installs it), else the copy in the repository's .tools folder, else <c>npx --yes azurite@3.37.0</c>. Disposing kills the
/// whole process tree (node and, via npx, its children), so no emulator outlives the tests. <see cref="StopAsync"/> can kill it mid-test.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";
    // Azurite's well-known development key: public, and accepted by no real account.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string PinnedVersion = "3.37.0";
    /// <summary>Where scripts/test.sh installs Azurite: .tools/azurite under the repository root.</summary>
    private static string? RepoCopy()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rampa.sln")))
                return Path.Combine(dir.FullName, ".tools", "azurite", "node_modules", ".bin", "azurite");
        return null;
    }
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _location = Path.Combine(Path.GetTempPath(), "rampa-azurite-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Queue<string> _output = new();
    private Process? _process;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public string BlobEndpoint => $"http://127.0.0.1:{BlobPort}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>All three services, as a silo needs (membership in tables, grain state and artifacts in blobs).</summary>
    public string FullConnectionString =>
        ConnectionString + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public bool IsRunning => _process is { HasExited: false };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_location);
        BlobPort = FreeTcpPort.Next();
        QueuePort = FreeTcpPort.Next();
        TablePort = FreeTcpPort.Next();
        var (fileName, prefixArgs) = Command();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Azurite 3.37 refuses --location together with --inMemoryPersistence; anything it might still
            // write lands in this temporary working directory, deleted on dispose.
            WorkingDirectory = _location,
        };
        foreach (var arg in prefixArgs) start.ArgumentList.Add(arg);
        foreach (var arg in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
                     "--skipApiVersionCheck", "--inMemoryPersistence", "--silent",
                 })
            start.ArgumentList.Add(arg);

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await BlobPortAnswersAsync())
        {
            if (_process.HasExited || deadline.Elapsed > StartTimeout)
            {
                var why = _process.HasExited ? $"exited with {_process.ExitCode}" : $"did not answer within {StartTimeout.TotalSeconds}s";
                await StopAsync();
                throw new InvalidOperationException($"Azurite ({fileName}) {why}; output:\n{string.Join('\n', Output())}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Kills Azurite and everything it started, and waits until it is gone. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _process = null;
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static (string FileName, string[] PrefixArgs) Command()
    {
        var configured = Environment.GetEnvironmentVariable("RAMPA_AZURITE");
        if (!string.IsNullOrWhiteSpace(configured)) return (configured, []);
        if (RepoCopy() is { } copy && File.Exists(copy)) return (copy, []);
        return ("npx", ["--yes", $"azurite@{PinnedVersion}"]);
    }

    private async Task<bool> BlobPortAnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", BlobPort, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 50) _output.Dequeue();
        }
    }

    private string[] Output()
    {
        lock (_output) return _output.ToArray();
    }
}

/// <summary>One Azurite shared by the test classes that only read and write (each uses its own run ids).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
