namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// Where a sweep's trials keep their checkpoints: <c>Root/sweep-id.Instance/trial-id</c>. The instance
/// is drawn when a store first records the sweep, so two stores that run the same sweep file (same
/// sweep id) never share a folder or resume from each other's checkpoints, and checkpoints left by an
/// earlier store (a copied or committed folder) are never taken for this one's.
/// </summary>
/// <param name="Root">The checkpoint root as an absolute path, so resume, queries and reports find it without a flag.</param>
public sealed record SweepCheckpoints(string Root, string Instance)
{
    /// <summary>The sweep's own folder under the root.</summary>
    public string Folder(string sweepId) => Path.Combine(Root, sweepId + "." + Instance);

    /// <summary>A fresh instance: 12 hex digits of a random GUID (collisions between stores are negligible).</summary>
    public static SweepCheckpoints Draw(string root) => new(Path.GetFullPath(root), Guid.NewGuid().ToString("N")[..12]);
}
