namespace SweepCluster.Search.Schedulers;

/// <summary>
/// Decides after each recorded epoch. A pure function of what was recorded before: the coordinator
/// persists each decision as an event, so a replayed sweep applies the decisions it made and never
/// decides twice.
/// </summary>
public interface ITrialScheduler
{
    /// <param name="trial">The reporting trial, with <paramref name="epoch"/> already among its epochs.</param>
    /// <param name="others">Every other trial of the sweep, with what each recorded before this report.</param>
    SchedulerDecision? Decide(TrialProgress trial, int epoch, IReadOnlyCollection<TrialProgress> others);
}
