using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Scenarios.Yaml;

/// <summary>Reads the workload of a scenario (or of the shortcut form): exactly one of <c>flow</c> or <c>requests</c>.</summary>
internal static class WorkloadReader
{
    /// <param name="owner">Where to point when neither <c>flow</c> nor <c>requests</c> is there.</param>
    public static HttpWorkload? Read(LoadContext ctx, Fields fields, RequestScope scope, ThinkTime? thinkTime, YamlNode owner, string ownerPath)
    {
        var hasFlow = fields.TryGet("flow", out var flow);
        var hasRequests = fields.TryGet("requests", out var requests);
        if (hasFlow && hasRequests)
        {
            var second = flow.Key.Start.Index > requests.Key.Start.Index ? flow : requests;
            ctx.Error(second.Key, second.Path,
                "use either 'flow' (ordered steps, all run every iteration) or 'requests' (weighted, one per iteration), not both");
            return null;
        }
        var reader = new RequestReader(ctx, scope);
        if (hasFlow)
        {
            var steps = reader.Flow(flow);
            return steps is null ? null : new HttpWorkload { Flow = steps, ThinkTime = thinkTime };
        }
        if (hasRequests)
        {
            var weighted = reader.Weighted(requests);
            return weighted is null ? null : new HttpWorkload { Requests = weighted, ThinkTime = thinkTime };
        }
        ctx.Error(owner, ownerPath, "missing 'flow' (ordered steps, all run every iteration) or 'requests' (weighted, one per iteration)");
        return null;
    }
}
