namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// The one vocabulary of where a trial is: the read model stores it, the CLI, JSON and metrics show
/// it, each as its lowercase text (<see cref="TrialLifecycles.Text"/>: queued, running, completed,
/// early-stopped, diverged, failed, cancelled, stopped). How training ended (<see cref="Results.TrialStatus"/>)
/// names the ending states; the coordinator's own phases are coarser.
/// </summary>
public enum TrialLifecycle
{
    /// <summary>Waiting for a node (again, after a failure that was not its own).</summary>
    Queued,

    /// <summary>Leased to a node, training.</summary>
    Running,

    /// <summary>Trained every epoch (or its training was cancelled and kept what it had).</summary>
    Completed,

    /// <summary>Early stopping ended it before the last epoch.</summary>
    EarlyStopped,

    /// <summary>The loss became NaN or infinite.</summary>
    Diverged,

    /// <summary>Failed; by its own fault, or not and never retried.</summary>
    Failed,

    /// <summary>Its sweep was cancelled before it ended.</summary>
    Cancelled,

    /// <summary>The sweep's scheduler stopped it after an epoch.</summary>
    Stopped,
}
