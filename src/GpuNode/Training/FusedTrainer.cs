using SweepCluster.GpuNode.Model;
using SweepCluster.Messages.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>One member of a fused group ended, with its result (kept, as if it had trained alone).</summary>
public delegate void MemberFinished(int member, TrainingResult result);

/// <summary>One member of a fused group finished an epoch.</summary>
public delegate void MemberEpoch(int member, EpochMetrics metrics);

/// <summary>One member of a fused group failed on its own (its checkpoint, its data); the others went on.</summary>
public delegate void MemberCrashed(int member, Exception error);

/// <summary>Where a fused group's members are reported, each on its own.</summary>
public sealed record MemberReports(MemberEpoch Epoch, MemberFinished Finished, MemberCrashed Crashed);

/// <summary>
/// Trains several trials of one architecture and batch size as one fused network on the calling
/// thread (<see cref="FusedNetwork"/>). Each member keeps its own data order, augmentation, dropout
/// masks, optimizer, schedule, checkpoints, early stopping and cancellation, so each reports the
/// epochs and result it would have alone: the step's loss is the sum of the members' mean losses,
/// whose gradient for each member's parameters is that member's own. A member that ends leaves the
/// group and the others go on, as does a member failing in what it does alone (a checkpoint it cannot
/// read); members at different epochs (one resumed further than another) each
/// train their own next epoch.
/// </summary>
public static class FusedTrainer
{
    /// <param name="groupKernels">Grouped kernels over all members (see <see cref="FusedNetwork"/>); null: on a GPU only.</param>
    /// <exception cref="Exception">A fused step failed: every member still training is affected.</exception>
    public static void Run(IReadOnlyList<TrainingRun> runs, MemberReports reports, IReadOnlyList<CancellationToken> cancels, bool? groupKernels = null)
    {
        if (runs[0].Threads > 0)
            torch.set_num_threads(runs[0].Threads);
        var sessions = new Dictionary<int, TrialSession>();
        var active = new List<int>();
        try
        {
            for (var member = 0; member < runs.Count; member++)
            {
                var run = runs[member];
                Guard(member, () =>
                {
                    sessions[member] = new TrialSession(run);
                    foreach (var epoch in sessions[member].Recovered)
                        reports.Epoch(member, epoch);
                });
            }
            active.AddRange(sessions.Keys);
            if (active.Count == 0)
                return;
            var network = new FusedNetwork([.. active.Select(m => sessions[m]).Select(s => new FusedMember(s.Network, s.Model, s.Summary, s.Training.Conventions))], groupKernels ?? runs[0].Device != "cpu");
            var position = active.Select((member, i) => (member, i)).ToDictionary(p => p.member, p => p.i);
            while (active.Count > 0)
            {
                using var epochScope = NewDisposeScope();
                var passes = new Dictionary<int, EpochPass>();
                foreach (var member in active.ToList())
                {
                    Guard(member, () =>
                    {
                        if (sessions[member].Begin() is { } pass)
                            passes[member] = pass;
                        else
                            Leave(member, sessions[member].Finish());
                    });
                }
                var batchSize = passes.Values.FirstOrDefault()?.BatchSize ?? 0;
                for (long start = 0; passes.Any(p => start < p.Value.Count && !cancels[p.Key].IsCancellationRequested); start += batchSize)
                {
                    // Members of unequal data sizes reach their last, shorter minibatch together or alone: one step per length.
                    var training = passes.Where(p => start < p.Value.Count && !cancels[p.Key].IsCancellationRequested)
                        .GroupBy(p => Math.Min(batchSize, p.Value.Count - start));
                    foreach (var step in training)
                        Step(network, position, sessions, [.. step.Select(p => p.Key)], passes, start);
                }
                foreach (var pass in passes.Values)
                    pass.StopClock();
                foreach (var (member, pass) in passes)
                {
                    using (pass)
                    {
                        Guard(member, () =>
                        {
                            if (sessions[member].End(pass, metrics => reports.Epoch(member, metrics), cancels[member]) is { } ended)
                                Leave(member, ended);
                        });
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
                session.Dispose();
        }

        void Leave(int member, TrainingResult result)
        {
            active.Remove(member);
            reports.Finished(member, result);
        }

        // What one member does alone (its session, checkpoints, evaluation) fails that member alone.
        void Guard(int member, Action work)
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                active.Remove(member);
                reports.Crashed(member, e);
            }
        }
    }

    /// <param name="position">Each member's place in the fused network.</param>
    private static void Step(FusedNetwork network, IReadOnlyDictionary<int, int> position, IReadOnlyDictionary<int, TrialSession> sessions, IReadOnlyList<int> members, IReadOnlyDictionary<int, EpochPass> passes, long start)
    {
        using var batchScope = NewDisposeScope();
        var batches = members.Select(m => passes[m].Batch(start)).ToList();
        var logits = network.Forward(torch.cat(batches.Select(b => b.Images).ToList(), 1), [.. members.Select(m => position[m])]);
        var losses = members.Select((m, i) => nn.functional.cross_entropy(logits[i], batches[i].Targets)).ToList();
        var objective = members.Select((m, i) => sessions[m].Objective(losses[i])).Aggregate((a, b) => a.add(b));
        foreach (var member in members)
            sessions[member].Optimizer.zero_grad();
        objective.backward();
        for (var i = 0; i < members.Count; i++)
        {
            sessions[members[i]].Optimizer.step();
            passes[members[i]].Record(batches[i], losses[i], logits[i]);
        }
    }
}
