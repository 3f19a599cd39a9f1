namespace SweepCluster.GpuNode.Data.Fingerprints;

/// <summary>The message for data that is no longer what a sweep recorded.</summary>
public static class ChangedData
{
    public const string AllowOption = "--allow-changed-data";

    /// <param name="recorded">The manifest of the recorded fingerprint, where this machine kept one: then the message names the files.</param>
    public static string Message(string location, string fingerprint, DataManifest now, DataManifest? recorded) =>
        $"The data at {location} changed since the sweep recorded it (fingerprint {DataManifest.Short(fingerprint)}, now {DataManifest.Short(now.Fingerprint)}): " +
        (recorded is null ? $"{now.Files.Count} file(s) now; this machine has no list of the recorded files to compare" : DataChanges.Describe(recorded, now)) +
        $". Put the recorded data back, or go on with the changed data deliberately ({AllowOption} on resume).";
}
