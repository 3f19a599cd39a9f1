using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Akka.Actor;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// What the HTTP API does, apart from HTTP: checks a request, carries it out through the coordinator
/// (submit and resume go to the broker singleton, cancel is a request left in the store, as every
/// cancel is) and answers from the read model, caught up with the journal first so an answer is exact.
/// Failures a client can act on are <see cref="ApiProblem"/>s.
/// </summary>
/// <param name="backend">The store and broker the API works with; null while the coordinator rejoins its cluster.</param>
public sealed class SweepService(Func<SweepBackend?> backend, SweepSettings settings)
{
    /// <summary>Far beyond any real sweep file; the same limit the CLI checks before sending one.</summary>
    public const int MaxSourceLength = 512 * 1024;
    private const int MaxFileNameLength = 4096;
    private static readonly TimeSpan EffectTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly Dictionary<string, long> _caughtUpFrom = [];
    private readonly TrialCache _trials = new();
    private readonly TimelineCache _timelines = new();
    private readonly SemaphoreSlim _reporting = new(1, 1);
    private readonly string _checkpoints = Path.GetFullPath(settings.Store.Checkpoints);
    private readonly DatasetResolver _data = new(settings.Datasets.Local());

    /// <returns>The sweep, and whether this request recorded it (false: the same file was submitted before).</returns>
    public async Task<(SweepDocument Sweep, bool Created)> SubmitAsync(string? file, string? text)
    {
        // Control characters would reach terminals through list and status.
        if (string.IsNullOrWhiteSpace(file) || file.Length > MaxFileNameLength || file.Any(char.IsControl))
            throw ApiProblem.Invalid($"A submission names its sweep file (1 to {MaxFileNameLength} characters, no control characters).");
        if (text is null)
            throw ApiProblem.Invalid("A submission carries its sweep file's text.");
        if (text.Length > MaxSourceLength)
            throw new ApiProblem(413, "Sweep file too large", $"{file} has {text.Length:N0} characters; sweep files are limited to {MaxSourceLength:N0}.");
        SweepPlan plan;
        try
        {
            // Data files are read here, where the coordinator's data root holds them, off the request threads' hot path.
            plan = await Task.Run(() => SweepExpander.Expand(file, text, settings.SweepFiles.Limits(), _data));
        }
        catch (SweepFileException e)
        {
            throw new ApiProblem(422, "Invalid sweep file", $"{file} has {e.Errors.Count} error(s).", e.Errors);
        }
        var sweepId = SweepIds.For(plan);
        var process = Current();
        if (await View(process, [sweepId], v => v.Sweep(sweepId)) is { } existing)
        {
            // The same file on changed data is the same sweep (fingerprints are not in trial ids): say so rather than go on quietly.
            var changes = await Task.Run(async () => RecordedData.Changes(await View(process, [sweepId], v => v.RecordedData(sweepId)), _data));
            if (changes.Count > 0)
            {
                throw new ApiProblem(409, "Data changed",
                    RecordedData.Refusal(sweepId, changes) + $" To go on deliberately: sweep resume {sweepId} --allow-changed-data.");
            }
            return (existing, false);
        }
        Broker(process).Tell(Definitions.Submission(sweepId, plan, file, text), ActorRefs.NoSender);
        await process.Projection.WaitForAsync(sweepId, e => e is SweepSubmitted, EffectTimeout);
        return (await View(process, [sweepId], v => v.Sweep(sweepId)) ?? throw new ApiProblem(503, "Submission not yet recorded",
            $"The coordinator took {sweepId} but has not recorded it within {EffectTimeout.TotalSeconds:F0} s (a busy store?); GET {ApiEndpoints.Prefix}/sweeps/{sweepId} shortly, or submit again."), true);
    }

    public async Task<IReadOnlyList<SweepDocument>> SweepsAsync()
    {
        var process = Current();
        await CatchUpAll(process);
        return await View(process, [], v => v.Sweeps());
    }

    public async Task<SweepStatus> StatusAsync(string sweepId)
    {
        SweepIdentifiers.Check(sweepId);
        return await View(Current(), [sweepId], v => v.Status(sweepId)) ?? throw ApiProblem.UnknownSweep(sweepId);
    }

    public async Task<LeaderboardDocument> LeaderboardAsync(string sweepId, string? metric, int? top, string? state)
    {
        SweepIdentifiers.Check(sweepId);
        var by = Metric(metric);
        if (top is < 1)
            throw ApiProblem.Invalid($"top must be 1 or more (the best N trials); got {top}.");
        TrialLifecycle? only = null;
        if (state is not null)
            only = TrialLifecycles.TryParse(state, out var parsed) ? parsed : throw ApiProblem.Invalid($"Unknown trial state '{state}': it must be one of {string.Join(", ", TrialLifecycles.Texts)}.");
        return await View(Current(), [sweepId], v => v.Leaderboard(sweepId, by, top, only)) ?? throw ApiProblem.UnknownSweep(sweepId);
    }

    public async Task<GroupTable> GroupsAsync(string sweepId, string? by, string? metric)
    {
        SweepIdentifiers.Check(sweepId);
        if (string.IsNullOrWhiteSpace(by))
            throw ApiProblem.Invalid("by names the varied factor to group by (a dotted path such as model.blocks[0].filters, or 'variants').");
        var ranked = Metric(metric);
        try
        {
            return await ViewAsync(Current(), [sweepId], v => v.GroupsAsync(sweepId, by, ranked)) ?? throw ApiProblem.UnknownSweep(sweepId);
        }
        catch (Queries.StoreException e)
        {
            throw new ApiProblem(422, "Not a varied factor", e.Message);
        }
    }

    public async Task<TrialDocument> TrialAsync(string trialId)
    {
        SweepIdentifiers.CheckTrial(trialId);
        var process = Current();
        await CatchUpAll(process);
        return await ReadAsync(process, v => v.TrialAsync(trialId, sweepId => Timeline(process, sweepId)))
            ?? throw new ApiProblem(404, "Unknown trial", $"No trial '{trialId}' in the coordinator's store; a sweep's leaderboard lists its trial ids.");
    }

    /// <summary>Leaves a cancel request that the coordinator's poller carries out; answers once the sweep has ended (or after a timeout, as it then stands).</summary>
    public async Task<SweepDocument> CancelAsync(string sweepId)
    {
        SweepIdentifiers.Check(sweepId);
        var process = Current();
        Broker(process);
        var sweep = await Sweep(process, sweepId);
        if (!sweep.IsRunning)
            return sweep;
        await Task.Run(() => SweepRequests.Post(settings.Store.Database, sweepId, SweepRequests.Cancel, DateTimeOffset.UtcNow));
        await process.Projection.WaitForAsync(sweepId, e => e is SweepCancelled or SweepCompleted, EffectTimeout);
        return await Sweep(process, sweepId);
    }

    /// <summary>Has the cluster run a stopped sweep again (one an embedded run left unfinished), and its trials that failed through no fault of their own.</summary>
    /// <param name="allowChangedData">Go on with data that changed since submission; else that is refused (409), naming what changed.</param>
    public async Task<SweepDocument> ResumeAsync(string sweepId, bool allowChangedData = false)
    {
        SweepIdentifiers.Check(sweepId);
        var process = Current();
        var sweep = await Sweep(process, sweepId);
        if (sweep.State == States.Cancelled)
            throw new ApiProblem(409, "Sweep cancelled", $"{sweepId} was cancelled: a cancelled sweep does not run again (its finished trials are kept). Submit its file under another name to run it anew.");
        var changes = await Task.Run(async () => RecordedData.Changes(await View(process, [sweepId], v => v.RecordedData(sweepId)), _data));
        if (RecordedData.Refused(changes, allowChangedData) is { Count: > 0 } refused)
            throw new ApiProblem(409, "Data changed", RecordedData.Refusal(sweepId, refused));
        var broker = Broker(process);
        foreach (var change in changes)
            broker.Tell(new AcceptChangedData(sweepId, change.From, change.To!), ActorRefs.NoSender);
        broker.Tell(new ResumeSweep(sweepId), ActorRefs.NoSender);
        return sweep;
    }

    /// <summary>Builds the sweep's report on this machine (one at a time: figures are drawn here).</summary>
    /// <returns>The self-contained HTML page, or a zip of the page, its Markdown and every figure.</returns>
    public async Task<byte[]> ReportAsync(string sweepId, string? metric, bool zip)
    {
        SweepIdentifiers.Check(sweepId);
        var ranked = metric is null ? null : Metric(metric);
        await Sweep(Current(), sweepId);
        var folder = Directory.CreateTempSubdirectory("sweep-report-").FullName;
        await _reporting.WaitAsync();
        try
        {
            var data = await ReportData.LoadAsync(settings, sweepId, ranked);
            var files = await Task.Run(() => SweepReport.Write(data, folder, [], []));
            if (!zip)
                return await File.ReadAllBytesAsync(files.Html);
            using var archive = new MemoryStream();
            ZipFile.CreateFromDirectory(folder, archive);
            return archive.ToArray();
        }
        finally
        {
            _reporting.Release();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Checks the sweep exists: the event stream must answer 404 before it starts.</summary>
    /// <returns>Whether it runs: a stream of one that ended stops after what is stored.</returns>
    public async Task<bool> OpenEventsAsync(string sweepId)
    {
        SweepIdentifiers.Check(sweepId);
        return (await Sweep(Current(), sweepId)).IsRunning;
    }

    /// <summary>
    /// The sweep's events after <paramref name="after"/>, live while it runs, up to the event that
    /// ends it: its last completion or cancellation (a completed sweep resumed later has an earlier one).
    /// </summary>
    public async IAsyncEnumerable<SweepEventDocument> EventsAsync(string sweepId, long after, bool live, [EnumeratorCancellation] CancellationToken cancel)
    {
        var projection = Current().Projection;
        await foreach (var (sequenceNr, e) in projection.EventsAsync(sweepId, after + 1, live, cancel))
        {
            yield return SweepEventDocuments.Of(sequenceNr, e);
            if (SweepEventDocuments.Ends(e) && !await projection.HasEventAsync(sweepId, sequenceNr + 1))
                yield break;
        }
    }

    /// <summary>How the search converged by a metric, and parameter importance.</summary>
    public async Task<AnalysisDocument> AnalysisAsync(string sweepId, string? metric)
    {
        SweepIdentifiers.Check(sweepId);
        var by = Metric(metric ?? MetricRegistry.ValAccuracy.Name);
        return await ViewAsync(Current(), [sweepId], v => v.AnalysisAsync(sweepId, by)) ?? throw ApiProblem.UnknownSweep(sweepId);
    }

    /// <summary>Every trial's learning curve.</summary>
    public async Task<CurvesDocument> CurvesAsync(string sweepId)
    {
        SweepIdentifiers.Check(sweepId);
        return await View(Current(), [sweepId], v => v.Curves(sweepId)) ?? throw ApiProblem.UnknownSweep(sweepId);
    }

    /// <summary>The sweep's dispatches, ends and decisions, oldest first.</summary>
    public async Task<TimelineDocument> TimelineAsync(string sweepId)
    {
        SweepIdentifiers.Check(sweepId);
        var process = Current();
        await Sweep(process, sweepId);
        return new TimelineDocument(sweepId, await Timeline(process, sweepId));
    }

    /// <summary>The nodes training trials now, as the running sweeps' records show them, and every node the broker knows.</summary>
    public async Task<IReadOnlyList<NodeDocument>> NodesAsync()
    {
        var process = Current();
        var reports = process.Broker is { } broker ? ReportedNodes(broker) : Task.FromResult<IReadOnlyList<NodeReport>>([]);
        await CatchUpAll(process);
        var known = await reports;
        return await ReadAsync(process, v => Task.FromResult(v.Nodes(known)));
    }

    /// <summary>What the broker knows of its nodes; none when it does not answer (it is moving to another coordinator).</summary>
    private static async Task<IReadOnlyList<NodeReport>> ReportedNodes(IActorRef broker)
    {
        try
        {
            return (await broker.Ask<NodesResponse>(new GetNodes(), TimeSpan.FromSeconds(5))).Nodes;
        }
        catch (AskTimeoutException)
        {
            return [];
        }
    }

    private static string Metric(string? metric) =>
        metric is null ? MetricRegistry.TestAccuracy.Name
        : MetricRegistry.Names.Contains(metric) ? metric
        : throw ApiProblem.Invalid($"Unknown metric '{metric}': it must be one of {string.Join(", ", MetricRegistry.Names)}.");

    private SweepBackend Current() => backend()
        ?? throw new ApiProblem(503, "Coordinator starting", "The coordinator is starting, or joining its cluster again; try again in a few seconds.");

    private static IActorRef Broker(SweepBackend process) => process.Broker
        ?? throw new ApiProblem(405, "Read-only", "This server only reads a store (sweep ui): submit, cancel and resume through a coordinator.");

    private Task<IReadOnlyList<TimelineEntry>> Timeline(SweepBackend process, string sweepId) =>
        _timelines.GetAsync(sweepId, after => ReadAsync(process, v => v.TimelineAsync(sweepId, after)));

    private async Task<SweepDocument> Sweep(SweepBackend process, string sweepId) =>
        await View(process, [sweepId], v => v.Sweep(sweepId)) ?? throw ApiProblem.UnknownSweep(sweepId);

    private Task<T> View<T>(SweepBackend process, IReadOnlyList<string> sweepIds, Func<SweepViews, T> read) =>
        ViewAsync(process, sweepIds, v => Task.FromResult(read(v)));

    /// <summary>
    /// Catches the sweeps up (one catch-up at a time: two of one sweep would race), then reads,
    /// concurrently with other reads. A catch-up that started after this request arrived has read
    /// everything stored before it, so requests that waited behind it need none of their own.
    /// </summary>
    private async Task<T> ViewAsync<T>(SweepBackend process, IReadOnlyList<string> sweepIds, Func<SweepViews, Task<T>> read)
    {
        var arrived = Stopwatch.GetTimestamp();
        if (sweepIds.Count > 0)
        {
            await Exclusively(async () =>
            {
                var behind = sweepIds.Where(id => !_caughtUpFrom.TryGetValue(id, out var from) || from < arrived).ToList();
                if (behind.Count == 0)
                    return;
                var started = Stopwatch.GetTimestamp();
                await process.Projection.CatchUpAsync(behind);
                foreach (var id in behind)
                    _caughtUpFrom[id] = started;
            });
        }
        return await ReadAsync(process, read);
    }

    /// <summary>A sweep whose journal holds an unreadable event is listed as far as it can be read.</summary>
    private Task CatchUpAll(SweepBackend process) => Exclusively(process.Projection.CatchUpAllAsync);

    private async Task Exclusively(Func<Task> catchUp)
    {
        await _catchUp.WaitAsync();
        try
        {
            await catchUp();
        }
        finally
        {
            _catchUp.Release();
        }
    }

    private async Task<T> ReadAsync<T>(SweepBackend process, Func<SweepViews, Task<T>> read)
    {
        using var connection = process.Projection.OpenReadModel();
        return await read(new SweepViews(new ReadModelReader(connection), process.Projection, _checkpoints, _trials));
    }
}
