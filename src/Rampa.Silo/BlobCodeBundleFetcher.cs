using Rampa.Orleans.Contracts;
using Rampa.Orleans.Runtime;
using Rampa.Storage;

namespace Rampa.Silo;

/// <summary>
/// A silo's fetcher for runs driven through storage: downloads the bundle the CLI uploaded to a local cache,
/// <c>&lt;temp&gt;/rampa-code/&lt;hash&gt;/</c>. It downloads into a scratch folder and renames it, so a half download
/// is never loaded; a complete folder is reused by later runs of the same build. The CLI's build folder is never used.
/// </summary>
public sealed class BlobCodeBundleFetcher(BlobCodeBundleStore store) : ICodeBundleFetcher
{
    private static readonly string CacheRoot = Path.Combine(Path.GetTempPath(), "rampa-code");
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<string> FetchAsync(string runId, CodeBundle bundle, CancellationToken cancellation)
    {
        var target = Path.Combine(CacheRoot, bundle.Hash);
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (Directory.Exists(target)) return target;
            var scratch = Path.Combine(CacheRoot, $".{bundle.Hash}.{Guid.NewGuid():N}");
            try
            {
                await store.DownloadAsync(bundle.Hash, bundle.Files, scratch, cancellation).ConfigureAwait(false);
                try { Directory.Move(scratch, target); }
                catch (IOException) when (Directory.Exists(target)) { /* another silo on this machine finished first */ }
                return target;
            }
            catch (Exception e) when (e is not OperationCanceledException and not CodeBundleException)
            {
                throw new CodeBundleException($"the code of run {runId} ({bundle.EntryAssembly}, bundle {bundle.Hash}) could not be fetched from storage: {e.Message}", e);
            }
            finally
            {
                if (Directory.Exists(scratch)) try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
