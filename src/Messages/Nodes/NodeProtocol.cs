using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Nodes;

/// <summary>Between GPU nodes and the coordinator side: work is pulled, never pushed.</summary>
public interface INodeMessage : ISweepClusterMessage;

/// <summary>A node has <paramref name="FreeSlots"/> free; sent again on a timer, so duplicates are normal.</summary>
/// <param name="Received">Assignments this node has received so far: the broker subtracts those it sent that the node had not seen yet.</param>
/// <param name="MaxGroup">The most trials the node trains fused on one slot (1: one trial per slot).</param>
/// <param name="Slots">All its slots (0 from nodes that did not say).</param>
/// <param name="MemoryUsed">Bytes in use: the device memory its trials take (CUDA), else its process's resident memory.</param>
/// <param name="MemoryLimit">The device memory it packs trials into (<c>--slots auto</c>); null without packing by memory.</param>
public sealed record RequestWork(string Node, int FreeSlots, string Device, long Received, int MaxGroup = 1, int Slots = 0, long? MemoryUsed = null, long? MemoryLimit = null) : INodeMessage;

/// <summary>
/// A node stopping on request (SIGTERM, a rolling update), sent once its trials are stopped and their
/// threads ended: their leases go back at once, and not as failures (no retry is counted).
/// </summary>
public sealed record NodeLeaving(string Node) : INodeMessage;

/// <summary>Train this trial as attempt <paramref name="Attempt"/>; checkpoints go under <paramref name="CheckpointDirectory"/>.</summary>
/// <param name="StartFrom">PBT: when the directory holds no checkpoint yet, start from this one (another trial's epoch).</param>
/// <param name="KeepEvery">PBT: keep the checkpoint of every epoch that is a multiple of this (0: only the latest and the best), so others can start from it.</param>
public sealed record AssignTrial(
    string SweepId, string TrialId, int Attempt, TrialSpec Spec, string CheckpointDirectory, CheckpointOrigin? StartFrom = null, int KeepEvery = 0) : INodeMessage, IWithSweepId;

/// <summary>
/// Train these trials as one fused network on one slot: they share an architecture, batch size and
/// data set (see the coordinator's fusion key) and differ in anything else. Each member is reported
/// on its own, exactly as an <see cref="AssignTrial"/> would be.
/// </summary>
/// <param name="GroupId">Names the group in logs and in each member's dispatch record.</param>
public sealed record AssignGroup(string SweepId, string GroupId, IReadOnlyList<AssignTrial> Members) : INodeMessage, IWithSweepId;

/// <summary>An epoch checkpoint of a trial: its checkpoint directory and the epoch.</summary>
public sealed record CheckpointOrigin(string Directory, int Epoch);

public sealed record EpochDone(string SweepId, string TrialId, int Attempt, string Node, EpochMetrics Metrics) : INodeMessage, IWithSweepId;

public sealed record TrialDone(string SweepId, string TrialId, int Attempt, string Node, TrialOutcome Outcome) : INodeMessage, IWithSweepId;

/// <param name="TrialsFault">False when the node or libtorch, not the trial, is to blame (a libtorch error, shutting down): it is retried.</param>
/// <param name="OutOfMemory">The device ran out of memory while other trials shared it: the trial goes back to the queue, not counted as a retry.</param>
public sealed record TrialCrashed(string SweepId, string TrialId, int Attempt, string Node, string Error, bool TrialsFault, bool OutOfMemory = false) : INodeMessage, IWithSweepId;

/// <summary>After an epoch the coordinator may answer: stop this attempt (cancelled sweep, scheduler decision).</summary>
public sealed record StopTrial(string SweepId, string TrialId, int Attempt, string Reason) : INodeMessage, IWithSweepId;
