using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>Whether the data a sweep recorded is still what this machine holds: checked before the sweep runs again.</summary>
public static class RecordedData
{
    /// <summary>Each recorded dataset whose files here are not the ones fingerprinted.</summary>
    public static IReadOnlyList<DataChange> Changes(IEnumerable<DatasetSpec> recorded, DatasetResolver resolver) =>
        [.. recorded.Where(d => d.Fingerprint is not null).DistinctBy(d => d.Fingerprint).Select(resolver.Changes).OfType<DataChange>()];

    /// <summary>
    /// The changes the user must hear of before the sweep runs on: all of them, or with
    /// <paramref name="allowed"/> (--allow-changed-data) those that cannot be accepted, data that cannot be read.
    /// </summary>
    public static IReadOnlyList<DataChange> Refused(IReadOnlyList<DataChange> changes, bool allowed) =>
        [.. changes.Where(c => !allowed || c.To is null)];

    /// <summary>The refusal, naming the sweep and each change.</summary>
    public static string Refusal(string sweepId, IReadOnlyList<DataChange> refused) =>
        $"Sweep {sweepId} does not run on: " + string.Join(" ", refused.Select(c => c.Message));
}
