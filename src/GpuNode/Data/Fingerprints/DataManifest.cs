using System.Security.Cryptography;
using System.Text;

namespace SweepCluster.GpuNode.Data.Fingerprints;

/// <summary>A dataset's files with their hashes, and the fingerprint they make together.</summary>
public sealed record DataManifest(string Fingerprint, IReadOnlyList<FileDigest> Files)
{
    public const string Prefix = "sha256:";

    /// <summary>The manifest of <paramref name="files"/>: the fingerprint hashes each file's path, length and content hash, in path order.</summary>
    public static DataManifest Of(IEnumerable<FileDigest> files)
    {
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var file in ordered)
            text.Append(file.Path).Append('\n').Append(file.Length).Append('\n').Append(file.Sha256).Append('\n');
        return new DataManifest(Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))), ordered);
    }

    /// <summary>The fingerprint shortened for messages: "sha256:" and 12 hex digits.</summary>
    public static string Short(string fingerprint) => fingerprint.Length > Prefix.Length + 12 ? fingerprint[..(Prefix.Length + 12)] : fingerprint;
}
