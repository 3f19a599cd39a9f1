using Akka.Persistence.Journal;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Persistence;

/// <summary>
/// Submissions and snapshots recorded before version 2 carry the sweep file but not its resolved
/// design: the design is resolved here from the recorded text, once, as the version that recorded
/// them did on every read. A file this version no longer reads gets no design (its trials run to
/// their end and nothing follows), as before.
/// </summary>
public static class LegacySubmissions
{
    public static SweepSubmitted Upcast(SweepSubmitted submitted) =>
        submitted.Design is null ? submitted with { Design = DesignOf(submitted.File, submitted.Source) } : submitted;

    public static SweepSnapshot Upcast(SweepSnapshot snapshot) =>
        snapshot.Design is null ? snapshot with { Design = DesignOf(snapshot.File, snapshot.Source) } : snapshot;

    private static SweepDesign DesignOf(string file, string source)
    {
        try
        {
            return SweepExpander.Expand(file, source, SweepLimits.Admitted).Design ?? SweepDesign.None;
        }
        catch (SweepFileException)
        {
            return SweepDesign.None;
        }
    }
}

/// <summary>Upcasts version-1 submissions as the journal replays them to a sweep's coordinator.</summary>
public sealed class LegacySubmissionAdapter : IReadEventAdapter
{
    public IEventSequence FromJournal(object evt, string manifest) =>
        EventSequence.Single(evt is SweepSubmitted submitted ? LegacySubmissions.Upcast(submitted) : evt);
}
