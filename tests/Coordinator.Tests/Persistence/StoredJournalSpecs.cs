using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Persistence;

/// <summary>
/// Journals recorded by an earlier version (Journals/v1: a submission without its design) must replay
/// to the state that version computed, every later version included. See Journals/README.md.
/// </summary>
public sealed class StoredJournalSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names = ["quickstart", "asha", "tpe", "pbt", "study-e"];

    public static TheoryData<string> Journals => [.. Names];

    private static string Folder => Path.Combine(RepositoryPaths.Root(), "tests", "Coordinator.Tests", "Persistence", "Journals", "v1");

    /// <summary>The events as the journal holds them: each with its manifest, read as the serializer and the read-side adapter read it.</summary>
    private static List<ISweepEvent> Events(string name) =>
        [.. File.ReadLines(Path.Combine(Folder, name + ".events.jsonl")).Select(line =>
        {
            var stored = JsonNode.Parse(line)!;
            var type = MessageManifests.TypeOf(stored["manifest"]!.GetValue<string>());
            var read = stored["event"].Deserialize(type, SpecJson.Options)!;
            return (ISweepEvent)new LegacySubmissionAdapter().FromJournal(read, "").Events.Single();
        })];

    private static JsonNode? StoredState(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".state.json")));

    /// <summary>A snapshot as version 1 wrote it: without the design (null in later versions' snapshots of it).</summary>
    private static JsonNode? AsVersion1(SweepState state)
    {
        var node = JsonSerializer.SerializeToNode(state.ToSnapshot(), SpecJson.Canonical)!.AsObject();
        node.Remove("design");
        return node;
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public void A_version_1_journal_replays_to_the_state_version_1_computed(string name)
    {
        var events = Events(name);

        var state = events.Aggregate(SweepState.New(events[0].SweepId), (s, e) => s.Apply(e));

        Assert.True(JsonNode.DeepEquals(StoredState(name), AsVersion1(state)), $"{name}: the replayed state differs from the stored one");
        Assert.NotEqual(SweepPhase.Running, state.Phase);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public void A_version_1_snapshot_recovers_the_same_state_with_its_design_resolved(string name)
    {
        var snapshot = StoredState(name).Deserialize<SweepSnapshot>(SpecJson.Options)!;

        var state = SweepState.From(LegacySubmissions.Upcast(snapshot));

        Assert.True(JsonNode.DeepEquals(StoredState(name), AsVersion1(state)));
        Assert.Equal(Events(name).OfType<SweepSubmitted>().Single().Design, state.Design, DesignComparer.Instance);
    }

    [Fact]
    public void The_upcast_designs_hold_each_sweeps_scheduler_sampler_and_stages()
    {
        var designs = Names.ToDictionary(n => n, n => Events(n).OfType<SweepSubmitted>().Single().Design!);

        Assert.Equal(new SweepDesign(SearchStrategy.Grid, null, null, null), designs["quickstart"]);
        Assert.Equal((SchedulerKind.Asha, 9, MetricMode.Max), (designs["asha"].Scheduler!.Type, designs["asha"].Scheduler!.MaxEpochs, designs["asha"].Scheduler!.Mode));
        Assert.Equal((30, 10, "val_accuracy"), (designs["tpe"].Sampler!.Samples, designs["tpe"].Sampler!.StartupTrials, designs["tpe"].Sampler!.Metric));
        Assert.Equal(SchedulerKind.Median, designs["tpe"].Scheduler!.Type);
        Assert.Equal(SchedulerKind.Pbt, designs["pbt"].Scheduler!.Type);
        Assert.Equal(9, designs["study-e"].Stages!.Names.Count);
        Assert.Equal("batch-norm", designs["study-e"].Stages!.Names[0]);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public void Deciding_the_same_sweep_again_gives_the_same_events(string name)
    {
        var decided = Simulate(name);

        var stored = Events(name);
        Assert.Equal(stored.Count, decided.Count);
        for (var i = 0; i < stored.Count; i++)
            Assert.True(JsonNode.DeepEquals(WithoutDesign(stored[i]), WithoutDesign(decided[i])), $"{name}: event {i + 1}: stored {stored[i].GetType().Name}, decided {decided[i].GetType().Name}");
    }

    private static JsonNode WithoutDesign(ISweepEvent e)
    {
        var node = JsonSerializer.SerializeToNode(e, e.GetType(), SpecJson.Canonical)!.AsObject();
        node.Remove("design");
        return node;
    }

    /// <summary>
    /// How the journals were made: the example sweep run by the pure state alone, leases from two nodes,
    /// made-up seeded metrics, one failure that is not the trial's and one lost node.
    /// </summary>
    private static List<ISweepEvent> Simulate(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root(), "examples", name + ".yaml");
        var file = "examples/" + name + ".yaml";
        var plan = SweepExpander.Expand(file, File.ReadAllText(path));
        var id = SweepIds.For(plan);
        var state = SweepState.New(id);
        var events = new List<ISweepEvent>();
        var now = Start;
        var random = new Random(name.Length);
        void Run(ISweepCommand command)
        {
            now += TimeSpan.FromSeconds(1);
            foreach (var e in state.Decide(command, now, 2))
            {
                state = state.Apply(e);
                events.Add(e);
            }
        }
        Run(Definitions.Submission(id, plan, file, File.ReadAllText(path)) with { Checkpoints = new SweepCheckpoints("/var/lib/sweep/checkpoints", "0123456789ab") });
        var step = 0;
        while (state.Phase == SweepPhase.Running && step++ < 10_000)
        {
            var before = events.Count;
            Run(new LeaseTrial(id, step % 3 == 0 ? "node-b" : "node-a", MaxGroup: 1));
            var leased = events.Skip(before).OfType<TrialDispatched>().ToList();
            if (leased.Count == 0)
            {
                now += TimeSpan.FromMinutes(2);
                continue;
            }
            foreach (var d in leased)
            {
                var trial = state.Trials[d.TrialId];
                if (step == 3)
                {
                    Run(new RecordFailure(id, d.TrialId, d.Attempt, "disk full", TrialsFault: false));
                    continue;
                }
                if (step == 5)
                {
                    Run(new ReleaseNode(id, d.Node, "node left", CountsAsRetry: true));
                    continue;
                }
                var quality = random.NextDouble();
                var epochs = trial.Definition.Spec.Training.Epochs;
                for (var epoch = 1; epoch <= epochs && state.Trials[d.TrialId].Accepts(d.Attempt); epoch++)
                {
                    var acc = Math.Min(0.99, 0.3 + (0.5 * quality) + (0.02 * epoch));
                    Run(new RecordEpoch(id, d.TrialId, d.Attempt, new EpochMetrics(epoch, 1 - acc, acc, 1.1 - acc, acc - 0.05, 1e-3, 1.5, 2000)));
                }
                if (state.Trials[d.TrialId].Accepts(d.Attempt))
                {
                    var acc = Math.Min(0.99, 0.3 + (0.5 * quality) + (0.02 * epochs));
                    var report = new ClassificationReport(100, acc - 0.05, 1.1 - acc, [], [], new AveragedMetrics(0, 0, 0), new AveragedMetrics(0, 0, 0), null);
                    Run(new RecordFinish(id, d.TrialId, d.Attempt, new TrialOutcome(TrialStatus.Completed, epochs, report, report with { Accuracy = acc - 0.06 }, null)));
                }
            }
        }
        return events;
    }

    /// <summary>Designs hold JSON trees, which records compare by reference: compare their serialized form.</summary>
    private sealed class DesignComparer : IEqualityComparer<SweepDesign?>
    {
        public static readonly DesignComparer Instance = new();

        public bool Equals(SweepDesign? x, SweepDesign? y) =>
            JsonNode.DeepEquals(JsonSerializer.SerializeToNode(x, SpecJson.Canonical), JsonSerializer.SerializeToNode(y, SpecJson.Canonical));

        public int GetHashCode(SweepDesign? obj) => 0;
    }
}
