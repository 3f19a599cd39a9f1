using System.Globalization;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// Where a trial's checkpoints live: under its sweep's folder, one folder per PBT generation (a new
/// generation must not share a folder with the attempt it replaces, which may still be writing), the
/// first named by the trial alone.
/// </summary>
public static class TrialFolders
{
    private const string GenerationMark = ".pbt-";

    /// <summary>
    /// The sweep's folder: the one its submission recorded, or <c>fallbackRoot/sweep-id</c> for a sweep
    /// recorded before checkpoints were bound to their store.
    /// </summary>
    public static string Sweep(SweepCheckpoints? recorded, string fallbackRoot, string sweepId) =>
        recorded?.Folder(sweepId) ?? Path.Combine(Path.GetFullPath(fallbackRoot), sweepId);

    public static string Of(string sweepFolder, string trialId, int generation) =>
        Path.Combine(sweepFolder, generation == 0 ? trialId : trialId + GenerationMark + generation.ToString(CultureInfo.InvariantCulture));

    /// <summary>The folder of the trial's latest generation on disk (the first generation's when there is none yet).</summary>
    public static string Latest(string sweepFolder, string trialId)
    {
        var generations = Directory.Exists(sweepFolder)
            ? Directory.GetDirectories(sweepFolder, trialId + GenerationMark + "*")
                .Select(d => int.TryParse(Path.GetFileName(d)[(trialId.Length + GenerationMark.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0)
            : [];
        return Of(sweepFolder, trialId, generations.DefaultIfEmpty(0).Max());
    }
}
