using System.Runtime.InteropServices;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// One process at a time trains in a trial's checkpoint folder: an exclusive lock (flock, released by
/// the kernel when the process dies) on <c>.lock</c> in it. Two runs sharing a checkpoint
/// folder by mistake then fail fast with a clear error instead of overwriting each other's files.
/// </summary>
/// <remarks>The file is opened with libc itself: .NET's FileStream takes flocks of its own, which would blur what failed.</remarks>
public sealed class CheckpointLock : IDisposable
{
    private int _fd;

    private CheckpointLock(int fd) => _fd = fd;

    public static CheckpointLock Acquire(string directory)
    {
        var path = Path.Combine(directory, ".lock");
        System.IO.Directory.CreateDirectory(directory);
        if (OperatingSystem.IsWindows())
            return new CheckpointLock(-1);
        var fd = Libc.Open(path, Libc.ReadWriteCreate, Convert.ToInt32("644", 8));
        if (fd < 0)
            throw new IOException($"Cannot create the lock {path} of checkpoint folder {directory}: {Marshal.GetLastPInvokeErrorMessage()}");
        if (Libc.Flock(fd, Libc.LockExclusiveNonBlocking) == 0)
            return new CheckpointLock(fd);
        var errno = Marshal.GetLastPInvokeError();
        _ = Libc.Close(fd);
        throw new IOException(errno == Libc.WouldBlock
            ? $"Checkpoint folder {directory} is in use by another process (it holds {path}): two runs share this checkpoint folder."
            : $"Cannot lock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    public void Dispose()
    {
        if (_fd >= 0)
            _ = Libc.Close(_fd);
        _fd = -1;
    }

}
