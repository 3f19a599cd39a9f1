using System.Text.Json.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Api;

/// <summary>A sweep's journal as a timeline: what was decided and where trials ran, without the epochs (the curves have those).</summary>
public static class SweepTimeline
{
    /// <summary>The event as a timeline entry; null for epochs and for what the trials' own records say better (proposals).</summary>
    public static TimelineEntry? Of(long id, ISweepEvent e)
    {
        var type = SweepEventDocuments.Kind(e);
        return e switch
        {
            SweepSubmitted s => new(id, type, s.At, null, null, null, null, null, new JsonObject { ["file"] = s.File, ["trials"] = s.Planned ?? s.Trials.Count }),
            TrialDispatched d => new(id, type, d.At, d.TrialId, d.Attempt, d.Node, null, null,
                d.Group is { } g ? new JsonObject { ["group_id"] = g.Id, ["members"] = g.Members } : null),
            TrialFinished f => new(id, type, f.At, f.TrialId, f.Attempt, null, f.Outcome.BestEpoch, f.Outcome.Detail,
                new JsonObject { ["status"] = f.Outcome.Status.ToString().ToLowerInvariant() }),
            TrialFailed f => new(id, type, f.At, f.TrialId, f.Attempt, null, null, f.Error, new JsonObject { ["will_retry"] = f.WillRetry }),
            TrialRequeued r => new(id, type, r.At, r.TrialId, r.Attempt, null, null, r.Reason, new JsonObject { ["counts_as_retry"] = r.CountsAsRetry }),
            TrialStopped s => new(id, type, s.At, s.TrialId, s.Attempt, null, s.Epoch, s.Reason, new JsonObject { ["scheduler"] = s.Scheduler, ["rung"] = s.Rung }),
            TrialExploited x => new(id, type, x.At, x.TrialId, x.Attempt, null, x.Epoch, x.Reason,
                new JsonObject { ["donor_id"] = x.Origin.DonorId, ["donor_generation"] = x.Origin.DonorGeneration, ["label"] = x.Definition.Label }),
            TrialsRetried r => new(id, type, r.At, null, null, null, null, null, new JsonObject { ["trial_ids"] = new JsonArray([.. r.TrialIds.Select(t => JsonValue.Create(t))]) }),
            StageStarted s => new(id, type, s.At, s.BaseTrialId, null, null, null, $"stage {s.Name} starts from {s.BaseTrialId}, the winner of the stage before",
                new JsonObject { ["stage"] = s.Stage, ["name"] = s.Name, ["trials"] = s.Trials.Count }),
            SamplingEnded s => new(id, type, s.At, null, null, null, null, s.Reason, null),
            ChangedDataAccepted a => new(id, type, a.At, null, null, null, null, "resumed with --allow-changed-data: trials from now on train on the changed data",
                new JsonObject { ["from"] = a.From, ["to"] = a.To }),
            SweepCancelled c => new(id, type, c.At, null, null, null, null, null, null),
            SweepCompleted c => new(id, type, c.At, null, null, null, null, c.Note, null),
            _ => null,
        };
    }

    /// <summary>The trial's attempts from the timeline: the node each ran on and how each ended.</summary>
    public static IReadOnlyList<AttemptDocument> Attempts(IEnumerable<TimelineEntry> timeline, string trialId)
    {
        var attempts = new List<AttemptDocument>();
        foreach (var entry in timeline.Where(e => e.TrialId == trialId && e.Attempt is not null))
        {
            if (entry.Type == "trial-dispatched")
            {
                attempts.Add(new AttemptDocument(entry.Attempt!.Value, entry.Node!, entry.Detail?["group_id"]?.GetValue<string>(), entry.At, null, null, null));
                continue;
            }
            var index = attempts.FindLastIndex(a => a.Attempt == entry.Attempt);
            if (index >= 0 && attempts[index].Ended is null)
                attempts[index] = attempts[index] with { Ended = entry.Type["trial-".Length..], EndedAt = entry.At, Reason = entry.Reason };
        }
        return attempts;
    }
}
