using System.Runtime.InteropServices;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// SIGTERM (Kubernetes, systemd, docker stop) and SIGINT (Ctrl+C) as one cancellation token, so every
/// command stops gracefully instead of dying. Handled here rather than left to the command-line library:
/// it gives an action two seconds before ending the process, too short to hand trials back.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;
    private int _signalled;

    public StopSignals()
    {
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _sigterm.Dispose();
        _sigint.Dispose();
        _stop.Dispose();
    }

    /// <summary>The first signal stops gracefully; a second one is left to its default action and ends the process at once.</summary>
    private void Stop(PosixSignalContext signal)
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 1)
            return;
        signal.Cancel = true;
        // Off the signal handler's thread: cancelling runs the shutdown's continuations.
        ThreadPool.QueueUserWorkItem(_ => _stop.Cancel());
    }
}
