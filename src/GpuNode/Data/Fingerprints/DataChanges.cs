namespace SweepCluster.GpuNode.Data.Fingerprints;

/// <summary>What differs between two manifests of one dataset, in words: the files changed, added and removed, a few named.</summary>
public static class DataChanges
{
    private const int Named = 3;

    public static string Describe(DataManifest before, DataManifest now)
    {
        var old = before.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var current = now.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changed = now.Files.Where(f => old.TryGetValue(f.Path, out var o) && (o.Sha256 != f.Sha256 || o.Length != f.Length)).Select(f => f.Path).ToList();
        var added = now.Files.Where(f => !old.ContainsKey(f.Path)).Select(f => f.Path).ToList();
        var removed = before.Files.Where(f => !current.ContainsKey(f.Path)).Select(f => f.Path).ToList();
        var parts = new[] { ("changed", changed), ("added", added), ("removed", removed) }
            .Where(p => p.Item2.Count > 0)
            .Select(p => $"{p.Item2.Count} file(s) {p.Item1} ({List(p.Item2)})");
        return string.Join(", ", parts) is { Length: > 0 } text ? text : "the same files, listed differently";
    }

    private static string List(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(Named)) + (paths.Count > Named ? $" and {paths.Count - Named} more" : "");
}
