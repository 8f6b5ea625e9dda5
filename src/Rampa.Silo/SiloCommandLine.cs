using Microsoft.Extensions.DependencyInjection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Rampa.Core;

namespace Rampa.Silo;

/// <summary>
/// What both <c>rampa-silo</c> and <c>rampa silo</c> do: parse the options, start the silo within
/// <see cref="RampaSiloOptions.StartTimeout"/>, print one line once it is active, run until SIGTERM or Ctrl-C, stop
/// gracefully (it leaves the membership table as Dead, not voted out), and return the exit code.
/// </summary>
public static class SiloCommandLine
{
    public const string Prefix = "rampa silo: ";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error,
        Func<string, string?>? environment = null)
    {
        RampaSiloOptions options;
        try
        {
            options = RampaSiloOptions.Parse(args, environment);
        }
        catch (SiloOptionsException e)
        {
            await error.WriteLineAsync(Prefix + e.Message);
            return ExitCodes.InvalidScenario;
        }
        catch (Rampa.Storage.ArtifactStoreConfigException e)
        {
            await error.WriteLineAsync(Prefix + "--storage: " + e.Message);
            return ExitCodes.InvalidScenario;
        }
        if (options.Help)
        {
            await output.WriteLineAsync(RampaSiloOptions.Usage);
            return ExitCodes.Passed;
        }

        // Before the host: a telemetry listener that cannot start (a port in use) is a bad option, exit 104.
        Rampa.Telemetry.TelemetryPipeline? telemetry = null;
        if (options.Telemetry.Count > 0)
        {
            try
            {
                telemetry = Rampa.Telemetry.TelemetryPipeline.Start(new Rampa.Telemetry.RunTelemetry(endSpanOnFinalFrame: true), options.Telemetry,
                    Rampa.Telemetry.TelemetrySettings.FromEnvironment(environment ?? Environment.GetEnvironmentVariable, options.SiloName),
                    line => error.WriteLine(Prefix + line));
            }
            catch (Rampa.Telemetry.TelemetryConfigException e)
            {
                await error.WriteLineAsync(Prefix + e.Message);
                return ExitCodes.InvalidScenario;
            }
        }
        try
        {
            return await RunHostAsync(options, telemetry, output, error);
        }
        finally
        {
            telemetry?.Dispose();
            telemetry?.Telemetry.Dispose();
        }
    }

    private static async Task<int> RunHostAsync(RampaSiloOptions options, Rampa.Telemetry.TelemetryPipeline? telemetry, TextWriter output, TextWriter error)
    {
        // Up before the first start attempt, so a platform's probes get "not ready" (503), not a refused connection,
        // while the silo joins or waits for its permissions.
        var health = new SiloHealth();
        HealthEndpoint? endpoint = null;
        if (options.HealthPort != 0)
        {
            try
            {
                endpoint = HealthEndpoint.Start(options.HealthPort, health);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await error.WriteLineAsync($"{Prefix}--health-port {options.HealthPort}: cannot listen: {e.Message}");
                return ExitCodes.RunFailed;
            }
        }
        using (endpoint)
        {
            var retry = new StartRetry(options.EffectivePermissionWait);
            while (true)
            {
                var (code, delay) = await RunOnceAsync(options, telemetry, health, retry, output, error);
                if (delay is null) return code;
                // Logged once: the first 403 says what is happening; the retries that follow say nothing new.
                if (retry.Attempts == 1)
                    await error.WriteLineAsync($"{Prefix}storage answered 403 (permission denied); role assignments take minutes to apply " +
                                               $"after a deployment, so retrying with backoff for up to {retry.Bound.TotalSeconds:0}s; {options.Storage.Description}");
                await Task.Delay(delay.Value);
            }
        }
    }

    /// <summary>One start of the silo: the exit code, or a delay when the start failed on a 403 worth retrying.</summary>
    private static async Task<(int Code, TimeSpan? RetryAfter)> RunOnceAsync(RampaSiloOptions options, Rampa.Telemetry.TelemetryPipeline? telemetry,
        SiloHealth health, StartRetry retry, TextWriter output, TextWriter error)
    {
        IHost host;
        // A retry after a 403 would repeat the first attempt's error lines from Orleans every few seconds for minutes:
        // while it starts again, only critical lines pass; once it is up, the configured level applies again.
        var quietStart = new StrongBox<bool>(retry.Attempts > 0);
        try
        {
            var builder = RampaSiloHost.CreateBuilder(options, telemetry?.Telemetry);
            builder.Logging.AddFilter((_, _, level) => !quietStart.Value || level >= LogLevel.Critical);
            host = builder.Build();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"{Prefix}could not configure the silo: {ErrorText.OneLine(e)}");
            return (ExitCodes.RunFailed, null);
        }

        using (host)
        {
            var oracle = host.Services.GetRequiredService<ISiloStatusOracle>();
            health.Track(() => oracle.CurrentStatus);
            try
            {
                var startedIn = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    using var startCancel = new CancellationTokenSource(options.StartTimeout);
                    // WaitAsync too: not every startup step observes the token, and a silo that cannot reach its
                    // storage must fail in bounded time, not hang.
                    await host.StartAsync(startCancel.Token).WaitAsync(options.StartTimeout + TimeSpan.FromSeconds(5));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    await StopQuietlyAsync(host);
                    if (retry.Next(e) is { } delay) return (0, delay);
                    var why = e is OperationCanceledException or TimeoutException
                        ? $"did not join cluster {options.ClusterId} within {options.StartTimeout.TotalSeconds:0.#}s; is the storage reachable? {options.Storage.Description}"
                        : $"could not start in cluster {options.ClusterId}: {ErrorText.OneLine(e)}; storage: {options.Storage.Description}";
                    if (retry.Attempts > 0 && StartRetry.IsPermissionDenied(e))
                        why += $" (still 403 after waiting {retry.Bound.TotalSeconds:0}s for role assignments)";
                    await error.WriteLineAsync(Prefix + why);
                    return (ExitCodes.RunFailed, null);
                }

                quietStart.Value = false;
                var details = host.Services.GetRequiredService<ILocalSiloDetails>();
                await output.WriteLineAsync(
                    $"{Prefix}active in cluster {options.ClusterId} (service {options.ServiceId}) as {details.Name}: " +
                    $"silo {details.SiloAddress.Endpoint}, gateway port {details.GatewayAddress?.Endpoint.Port}, " +
                    $"{options.Storage.Description}; joined in {startedIn.Elapsed.TotalSeconds:0.0}s" +
                    (options.HealthPort != 0 ? $"; health on port {options.HealthPort}" : ""));
                await output.FlushAsync();

                // The console lifetime turns SIGTERM and Ctrl-C into StopAsync (bounded by HostOptions.ShutdownTimeout).
                await host.WaitForShutdownAsync();
                await output.WriteLineAsync($"{Prefix}stopped; left cluster {options.ClusterId}");
                return (ExitCodes.Passed, null);
            }
            finally
            {
                health.Track(null);
            }
        }
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(cancel.Token).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The process is exiting with the start error already printed; a second error would only hide it.
        }
    }
}
