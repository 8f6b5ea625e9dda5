using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Rampa.Core;
using Rampa.Core.Metrics;
using Rampa.Orleans.Contracts;
using Rampa.Orleans.Remote;
using Rampa.Orleans.Reporting;

namespace Rampa.Orleans.Tests;

/// <summary>
/// <c>--strict-thresholds</c> reaches the report side at every scale: it travels in the <see cref="RunRequest"/> (Orleans
/// serialization for the embedded and multi-silo runs, the storage mailbox's JSON for a remote cluster), every silo's plan
/// has it, and <see cref="RunReportFactory"/> then fails a threshold without samples with exit 99.
/// </summary>
[Collection("silo")]
public sealed class StrictThresholdsRequestTests(SiloFixture silo)
{
    private static RunRequest Request(bool strict) => new()
    {
        RunId = "strict-1",
        FileName = "t.yaml",
        ScenarioText = """
            flow: [{ name: home, request: GET http://127.0.0.1:9/ }]
            thresholds:
              "http_req_duration{name:hme}": ["max<60000"]
            """,
        Seed = 7,
        StrictThresholds = strict,
    };

    private static RunResult Completed(MetricSnapshot metrics) => new()
    {
        Status = new RunStatus { State = RunState.Completed, StartedUtc = DateTimeOffset.UnixEpoch, EndedUtc = DateTimeOffset.UnixEpoch.AddSeconds(10) },
        Metrics = MetricSnapshotCodec.Encode(metrics),
    };

    [Fact]
    public void The_flag_survives_the_storage_mailbox_and_the_orleans_serializer()
    {
        Assert.True(RemoteRunJson.Read<RunRequest>(RemoteRunJson.Write(Request(strict: true))).StrictThresholds);
        Assert.False(RemoteRunJson.Read<RunRequest>(RemoteRunJson.Write(Request(strict: false))).StrictThresholds);
        var serializer = silo.Client.ServiceProvider.GetRequiredService<Serializer>();
        Assert.True(serializer.Deserialize<RunRequest>(serializer.SerializeToArray(Request(strict: true)))!.StrictThresholds);
        Assert.True(Request(strict: true).LoadPlan().StrictThresholds);
    }

    [Fact]
    public void The_report_fails_a_threshold_without_samples_only_when_strict()
    {
        var metrics = new MetricSnapshot();
        metrics.Set(new SeriesKey(BuiltinMetrics.HttpReqDuration, [new("name", "home")]), Trend(1500));

        var lax = RunReportFactory.Create(Request(strict: false), Request(strict: false).LoadPlan(), Completed(metrics));
        Assert.Equal(ExitCodes.Passed, lax.ExitCode);
        var t = Assert.Single(lax.Thresholds);
        Assert.True(t.NoData && t.Passed);
        Assert.Equal("no series matched http_req_duration{name:hme}; existing: name=home", t.NoSamples!.Describe());

        var strict = RunReportFactory.Create(Request(strict: true), Request(strict: true).LoadPlan(), Completed(metrics));
        Assert.Equal(ExitCodes.ThresholdsFailed, strict.ExitCode);
        Assert.True(Assert.Single(strict.Thresholds).FailedForNoSamples);
    }

    private static SeriesAccumulator Trend(double micros)
    {
        var acc = new SeriesAccumulator(MetricType.Trend);
        acc.Add(micros);
        return acc;
    }
}
