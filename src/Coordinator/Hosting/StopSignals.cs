using System.Runtime.InteropServices;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// SIGTERM (Kubernetes, systemd) and SIGINT as a cancellation token, so a long-running process leaves
/// the cluster gracefully instead of dying. Handled here rather than left to the command-line library:
/// it gives an action two seconds before ending the process, too short to hand trials back.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;

    public StopSignals(CancellationToken alsoOn)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(alsoOn);
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

    private void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true;
        // Off the signal handler's thread: cancelling runs the shutdown's continuations.
        ThreadPool.QueueUserWorkItem(_ => _stop.Cancel());
    }
}
