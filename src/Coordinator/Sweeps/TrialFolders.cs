using System.Globalization;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// Where a trial's checkpoints live under the checkpoint root: one folder per PBT generation (a new
/// generation must not share a folder with the attempt it replaces, which may still be writing), the
/// first named by the trial alone.
/// </summary>
public static class TrialFolders
{
    private const string GenerationMark = ".pbt-";

    public static string Of(string root, string sweepId, string trialId, int generation) =>
        Path.Combine(root, sweepId, generation == 0 ? trialId : trialId + GenerationMark + generation.ToString(CultureInfo.InvariantCulture));

    /// <summary>The folder of the trial's latest generation on disk (the first generation's when there is none yet).</summary>
    public static string Latest(string root, string sweepId, string trialId)
    {
        var sweep = Path.Combine(root, sweepId);
        var generations = Directory.Exists(sweep)
            ? Directory.GetDirectories(sweep, trialId + GenerationMark + "*")
                .Select(d => int.TryParse(Path.GetFileName(d)[(trialId.Length + GenerationMark.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0)
            : [];
        return Of(root, sweepId, trialId, generations.DefaultIfEmpty(0).Max());
    }
}
