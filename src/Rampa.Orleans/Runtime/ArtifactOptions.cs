using Rampa.Core.Artifacts;

namespace Rampa.Orleans.Runtime;

/// <summary>Where a silo's orchestrators put the artifacts of finished runs.</summary>
public sealed class ArtifactOptions
{
    /// <summary>The local folder under which each run gets <c>&lt;run-id&gt;/</c> (the embedded default: ./rampa-results).</summary>
    public string LocalRoot { get; set; } = "rampa-results";

    /// <summary>A store the artifacts are uploaded to after they are written locally (Azure Blob); null: local only.</summary>
    public IArtifactStore? Store { get; set; }

    public ArtifactUploadPolicy UploadPolicy { get; set; } = new();
}
