namespace SweepCluster.Messages.Results;

/// <summary>How a trial's training ended.</summary>
public enum TrialStatus
{
    /// <summary>Ran every epoch.</summary>
    Completed,

    /// <summary>Early stopping ended it before the last epoch.</summary>
    EarlyStopped,

    /// <summary>The loss became NaN or infinite; the epoch is recorded in the result.</summary>
    Diverged,

    /// <summary>Stopped from outside between two batches.</summary>
    Cancelled,

    /// <summary>The sweep's scheduler stopped it after an epoch; it was judged on what it recorded until then.</summary>
    Stopped,
}
