using System.Security.Cryptography;
using System.Text.Json;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data.Fingerprints;

/// <summary>
/// Fingerprints datasets by content, hashing each file again only when its size or time changed since
/// the last manifest (the test rsync and make use). Manifests are kept beside the data when its folder
/// is writable, so nodes sharing a volume hash it once, and always in the cache folder under their
/// fingerprint, so a later check can name the files that changed since a fingerprint was recorded.
/// </summary>
/// <param name="cacheDirectory">This machine's cache folder (the setting Datasets:Cache).</param>
public sealed class FingerprintStore(string cacheDirectory)
{
    public const string BesideSuffix = ".sweep-fingerprint.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private string Manifests => Path.Combine(cacheDirectory, "fingerprints");

    /// <summary>The manifest of <paramref name="files"/>, which lie in or under <paramref name="location"/> (a dataset's folder or its one file).</summary>
    /// <exception cref="DatasetException">A file cannot be read.</exception>
    public DataManifest Of(string location, IReadOnlyList<string> files)
    {
        var (root, beside) = Places(Path.GetFullPath(location));
        var byLocation = Path.Combine(Manifests, "by-location", Key(root + "\n" + beside) + ".json");
        var previous = Read(beside) ?? Read(byLocation);
        var known = previous?.Files.ToDictionary(f => f.Path, StringComparer.Ordinal) ?? [];
        var digests = new FileDigest[files.Count];
        PerFile.For(files.Count, i =>
        {
            var file = new FileInfo(files[i]);
            var relative = Path.GetRelativePath(root, file.FullName).Replace('\\', '/');
            digests[i] = known.TryGetValue(relative, out var seen) && seen.Length == file.Length && seen.ModifiedTicks == file.LastWriteTimeUtc.Ticks
                ? seen
                : Hash(file, relative);
        });
        var manifest = DataManifest.Of(digests);
        if (previous is null || !previous.Files.SequenceEqual(manifest.Files))
        {
            if (!TryWrite(beside, manifest))
                TryWrite(byLocation, manifest);
        }
        var byFingerprint = ByFingerprint(manifest.Fingerprint);
        if (!File.Exists(byFingerprint))
            TryWrite(byFingerprint, manifest);
        return manifest;
    }

    /// <summary>The manifest this machine recorded for <paramref name="fingerprint"/>, if it has one.</summary>
    public DataManifest? Recorded(string fingerprint) =>
        fingerprint.StartsWith(DataManifest.Prefix, StringComparison.Ordinal) && fingerprint[DataManifest.Prefix.Length..].All(char.IsAsciiHexDigitLower)
            ? Read(ByFingerprint(fingerprint))
            : null;

    private string ByFingerprint(string fingerprint) => Path.Combine(Manifests, fingerprint[DataManifest.Prefix.Length..] + ".json");

    /// <summary>A folder's manifest is a hidden file in it; a single file's is a hidden file beside it, named after it.</summary>
    private static (string Root, string Beside) Places(string location) =>
        File.Exists(location)
            ? (Path.GetDirectoryName(location)!, Path.Combine(Path.GetDirectoryName(location)!, "." + Path.GetFileName(location) + BesideSuffix))
            : (location, Path.Combine(location, BesideSuffix));

    private static FileDigest Hash(FileInfo file, string relative)
    {
        try
        {
            using var stream = file.OpenRead();
            return new FileDigest(relative, file.Length, file.LastWriteTimeUtc.Ticks, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{file.FullName}: cannot be read to fingerprint the dataset ({e.Message}).", e);
        }
    }

    private static DataManifest? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<DataManifest>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // A damaged or unreadable manifest only costs hashing the files again.
            return null;
        }
    }

    private static bool TryWrite(string path, DataManifest manifest) => CacheFile.TryWrite(path, stream => JsonSerializer.Serialize(stream, manifest, Json));

    private static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..24];
}
