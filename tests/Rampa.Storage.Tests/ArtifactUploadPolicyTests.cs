using Rampa.Core.Artifacts;

namespace Rampa.Storage.Tests;

public sealed class ArtifactUploadPolicyTests
{
    [Fact]
    public void Delay_doubles_from_the_base_up_to_the_cap_with_jitter_of_at_most_half()
    {
        var policy = ArtifactUploadPolicy.Default;
        var random = new Random(7);

        for (var failed = 1; failed <= 10; failed++)
        {
            var full = Math.Min(0.5 * Math.Pow(2, failed - 1), 8);
            for (var i = 0; i < 50; i++)
                Assert.InRange(policy.DelayAfter(failed, random).TotalSeconds, full / 2, full);
        }
    }

    [Fact]
    public void Defaults_suit_a_cli()
    {
        var policy = ArtifactUploadPolicy.Default;

        Assert.Equal(5, policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(8), policy.MaxDelay);
    }

    [Fact]
    public void Nonsense_policies_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArtifactUploader(new ArtifactUploadPolicy { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArtifactUploader(new ArtifactUploadPolicy { AttemptTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ArtifactUploader(new ArtifactUploadPolicy { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public void One_line_error_takes_the_last_retrys_cause_and_its_first_line()
    {
        var error = new AggregateException("Retry failed after 2 tries.",
            new IOException("first try"), new IOException("Connection refused (127.0.0.1:9)\nStatus: 0\nHeaders: ..."));

        Assert.Equal("Connection refused (127.0.0.1:9)", OneLineError.Of(error));
    }
}
