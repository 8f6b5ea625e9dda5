using Orleans.Configuration;

namespace Rampa.Silo;

/// <summary>
/// The membership timings a <see cref="FailureDetection"/> mode stands for. A caller of
/// <see cref="RampaSiloHost.CreateBuilder"/> can still override any of them with
/// <c>builder.Services.Configure&lt;ClusterMembershipOptions&gt;(...)</c>: later configuration wins.
/// </summary>
public static class MembershipTiming
{
    public static void Apply(ClusterMembershipOptions membership, FailureDetection mode, TimeSpan startTimeout)
    {
        // Joining longer than the process is willing to wait is pointless: the start timeout ends it first.
        membership.MaxJoinAttemptTime = startTimeout;
        // A local cluster accumulates a dead row per stopped silo; keep them an hour, then let an active silo clean up.
        membership.DefunctSiloExpiration = TimeSpan.FromHours(1);
        membership.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
        if (mode == FailureDetection.Orleans) return;

        // On one host a missed probe means the process is gone, not a slow network: suspect after 2 missed 2 s probes
        // (Orleans: 3 missed 5 s probes), so a killed silo is declared dead in about 5 s instead of ~12 s.
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.NumMissedProbesLimit = 2;
        // Votes that old say nothing about a silo that is probed every 2 s.
        membership.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
        // New and departed silos are also gossiped; the periodic table read is the fallback (Orleans: 60 s).
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }
}
