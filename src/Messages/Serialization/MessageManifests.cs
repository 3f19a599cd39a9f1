using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Serialization;

/// <summary>
/// The stable name of every message type in the journal and on the wire. A manifest is never reused
/// or renamed: a type may move or be renamed freely, and a breaking change gets a new manifest (v2)
/// beside the old one, which an event adapter upcasts.
/// </summary>
public static class MessageManifests
{
    private static readonly Dictionary<string, Type> Types = new()
    {
        ["sweep-submitted.v2"] = typeof(SweepSubmitted),
        ["trial-dispatched.v1"] = typeof(TrialDispatched),
        ["epoch-recorded.v1"] = typeof(EpochRecorded),
        ["trial-finished.v1"] = typeof(TrialFinished),
        ["trial-failed.v1"] = typeof(TrialFailed),
        ["trial-requeued.v1"] = typeof(TrialRequeued),
        ["sweep-cancelled.v1"] = typeof(SweepCancelled),
        ["sweep-completed.v1"] = typeof(SweepCompleted),
        ["stage-started.v1"] = typeof(StageStarted),
        ["trial-stopped.v1"] = typeof(TrialStopped),
        ["trial-proposed.v1"] = typeof(TrialProposed),
        ["trial-exploited.v1"] = typeof(TrialExploited),
        ["sampling-ended.v1"] = typeof(SamplingEnded),
        ["trials-retried.v1"] = typeof(TrialsRetried),
        ["changed-data-accepted.v1"] = typeof(ChangedDataAccepted),
        ["sweep-snapshot.v2"] = typeof(SweepSnapshot),
        ["submit-sweep.v1"] = typeof(SubmitSweep),
        ["cancel-sweep.v1"] = typeof(CancelSweep),
        ["retry-failed-trials.v1"] = typeof(RetryFailedTrials),
        ["accept-changed-data.v1"] = typeof(AcceptChangedData),
        ["lease-trial.v1"] = typeof(LeaseTrial),
        ["record-epoch.v1"] = typeof(RecordEpoch),
        ["record-finish.v1"] = typeof(RecordFinish),
        ["record-failure.v1"] = typeof(RecordFailure),
        ["release-node.v1"] = typeof(ReleaseNode),
        ["request-work.v1"] = typeof(RequestWork),
        ["node-leaving.v1"] = typeof(NodeLeaving),
        ["assign-trial.v1"] = typeof(AssignTrial),
        ["assign-group.v1"] = typeof(AssignGroup),
        ["epoch-done.v1"] = typeof(EpochDone),
        ["trial-done.v1"] = typeof(TrialDone),
        ["trial-crashed.v1"] = typeof(TrialCrashed),
        ["stop-trial.v1"] = typeof(StopTrial),
        ["resume-sweep.v1"] = typeof(ResumeSweep),
        ["get-nodes.v1"] = typeof(GetNodes),
        ["nodes-response.v1"] = typeof(NodesResponse),
    };

    /// <summary>
    /// Manifests that are read, never written: version 1 of a submission and a snapshot is version 2
    /// without its design (a coordinator-side upcaster resolves it from the recorded source).
    /// </summary>
    private static readonly Dictionary<string, Type> ReadOnly = new()
    {
        ["sweep-submitted.v1"] = typeof(SweepSubmitted),
        ["sweep-snapshot.v1"] = typeof(SweepSnapshot),
    };

    private static readonly Dictionary<Type, string> Names = Types.ToDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<Type> All => Types.Values;

    public static string Of(Type type) =>
        Names.TryGetValue(type, out var name) ? name : throw new ArgumentException($"{type.FullName} has no manifest: add one to {nameof(MessageManifests)}.");

    public static Type TypeOf(string manifest) =>
        Types.TryGetValue(manifest, out var type) || ReadOnly.TryGetValue(manifest, out type) ? type : throw new System.Runtime.Serialization.SerializationException($"Unknown message manifest '{manifest}'.");
}
