using System.Security.Cryptography;
using System.Text;
using Rampa.Orleans.Contracts;

namespace Rampa.Cli.Commands;

/// <summary>
/// The <c>data:</c> files of a run on a remote cluster: a bundle of the files (relative to the scenario file's folder,
/// which they must be under), identified by a hash of their names and contents and bounded in size, that the CLI puts
/// into the cluster's storage beside the code bundles; each silo fetches it once.
/// </summary>
internal static class DataInput
{
    /// <summary>The most data a remote run may carry (all files together).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The bundle of the plan's data files; null when the plan has none.</summary>
    /// <exception cref="CliUsageException">A file outside the scenario file's folder, or too much data.</exception>
    public static CodeBundle? Bundle(LoadedScenario scenario)
    {
        var sources = scenario.Plan.Data.Sources;
        if (sources.Count == 0) return null;
        var folder = scenario.Source.DataRoot ?? Path.GetDirectoryName(Path.GetFullPath(scenario.Source.FileName))!;
        var files = new SortedSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var source in sources)
        {
            var full = Path.GetFullPath(Path.Combine(folder, source.Spec.File));
            var relative = Path.GetRelativePath(folder, full).Replace('\\', '/');
            if (Path.IsPathRooted(relative) || relative.StartsWith("../", StringComparison.Ordinal) || relative == "..")
                throw new CliUsageException($"{source.Spec.At}: data source '{source.Name}': '{source.Spec.File}' is outside the scenario file's folder; " +
                                            "a run on a cluster carries only data files under it (move the file, or the scenario)");
            if (files.Add(relative)) bytes += new FileInfo(full).Length;
        }
        if (bytes > MaxBytes)
            throw new CliUsageException($"the data files of this run are {bytes / (1 << 20)} MiB; a run on a cluster carries at most {MaxBytes >> 20} MiB of data");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            using var stream = File.OpenRead(Path.Combine(folder, file));
            int n;
            while ((n = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, n);
        }
        return new CodeBundle
        {
            EntryAssembly = "",
            Hash = Convert.ToHexStringLower(hash.GetHashAndReset()),
            LocalFolder = folder,
            Files = files.ToList(),
        };
    }
}
