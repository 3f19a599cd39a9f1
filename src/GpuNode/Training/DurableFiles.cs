using System.Runtime.InteropServices;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// Writes that survive a power cut or a kill: a file's data, then the folder entry naming it, are
/// forced to disk (fsync) before anything refers to them, so a published pointer never names files
/// that were not yet written.
/// </summary>
internal static class DurableFiles
{
    /// <summary>Forces a file's or a folder's contents to disk; a failure (EIO, ENOSPC on write-back) names the path.</summary>
    public static void Sync(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        var fd = Libc.Open(path, Libc.ReadOnly);
        if (fd < 0)
            throw new IOException($"Cannot open {path} to force it to disk: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (Libc.Fsync(fd) != 0)
                throw new IOException($"Cannot force {path} to disk: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> atomically and durably: temp file, fsync, rename, fsync of the folder.</summary>
    public static void ReplaceText(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        Sync(temporary);
        File.Move(temporary, path, overwrite: true);
        Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

}
