using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;

/// <summary>
/// The coordinator's HTTP API under 50 clients (issue 21), on loopback: the delay with which the event
/// stream delivers a running 10,000-trial sweep's events to each follower, then the latency of its
/// leaderboard (<c>GET .../trials?top=20</c>) once every result is recorded, and the same query read from
/// the store, as <c>sweep leaderboard</c> does without a coordinator. Bounded: every phase stops
/// starting requests after <c>seconds</c>. A trial time and fewer slots pace the sweep's events; no
/// requests, and only the event stream is measured.
/// </summary>
internal static partial class ApiBench
{
    private const int Widths = 100;
    private const int Top = 20;
    private const int Nodes = 2;
    private const int SequentialRequests = 50;
    private const int CliRuns = 5;
    private const int StreamBound = 5;

    public static async Task<int> Run(string[] args)
    {
        var trials = Arg(args, 0, 10000);
        var clients = Arg(args, 1, 50);
        var requests = Arg(args, 2, 20);
        var bound = TimeSpan.FromSeconds(Arg(args, 3, 60));
        var trialMs = Arg(args, 4, 0);
        var slots = Arg(args, 5, 32);
        if (trials % Widths != 0)
            throw new ArgumentException($"trials must be a multiple of {Widths}");
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        var folder = Directory.CreateTempSubdirectory("bench-api-").FullName;
        var database = Path.Combine(folder, "sweeps.db");
        var rows = new List<string>();
        try
        {
            string sweepId;
            var cluster = await LoopbackCluster.StartAsync(folder, database, ownProcess: true);
            try
            {
                await using (var client = new CoordinatorClient([cluster.Api], token: null, authority: null))
                    sweepId = (await client.SubmitAsync("bench.yaml", ClusterBench.SweepFile(trials / Widths, Widths))).Sweep.SweepId;
                // The whole sweep must run while followed: its bound is longer than a request phase's.
                rows.AddRange(await FollowEvents(cluster, database, sweepId, clients, $"{LoopbackCluster.Reports}:{trialMs}", slots, StreamBound * bound));
                await Ranked.Wait(database, sweepId, Stopwatch.StartNew()).WaitAsync(StreamBound * bound);
                if (requests > 0)
                {
                    rows.AddRange(await ApiLeaderboard(cluster.Api, sweepId, clients, requests, bound));
                    rows.Add(await Cli(sweepId, ["--coordinator", cluster.Api.ToString()], "`sweep leaderboard ID --top 20 --coordinator URL` (a process each)"));
                }
            }
            finally
            {
                await cluster.DisposeAsync();
                Console.WriteLine($"coordinator: {Problems(cluster.CoordinatorLog)}");
            }
            if (requests > 0)
            {
                rows.AddRange(await StoreLeaderboard(database, sweepId, clients, requests, bound));
                rows.Add(await Cli(sweepId, ["--db", database], "`sweep leaderboard ID --top 20 --db FILE` (a process each; no coordinator)"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        Console.WriteLine("| what | clients | samples | p50 | p99 | max | rate |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>
    /// Followers connect before any node does, so every trial event reaches them live (none from a
    /// backlog); each event's delay is its arrival at the client less the <c>at</c> the coordinator gave it.
    /// </summary>
    private static async Task<IEnumerable<string>> FollowEvents(LoopbackCluster cluster, string database, string sweepId, int clients, string runner, int slots, TimeSpan bound)
    {
        var followers = Enumerable.Range(0, clients).Select(_ => new EventFollower(cluster.Api, sweepId)).ToList();
        using var stop = new CancellationTokenSource(bound);
        var following = followers.Select(f => f.RunAsync(stop.Token)).ToList();
        var connecting = Stopwatch.StartNew();
        await Task.WhenAll(followers.Select(f => f.Connected)).WaitAsync(bound);
        // Each stream starts with the submission, which the journal holds with every planned trial.
        Console.WriteLine($"events: {clients} followers had the sweep's first event {connecting.Elapsed.TotalSeconds:F1} s after connecting");
        var clock = Stopwatch.StartNew();
        cluster.StartNodes(Nodes, slots, runner);
        var ranking = Ranked.Wait(database, sweepId, clock, stop.Token);
        await Task.WhenAll(following); // each ends with the sweep, or at the bound
        var delivered = clock.Elapsed.TotalSeconds;
        string ranked;
        try
        {
            ranked = $"{(await ranking).Seconds:F1} s";
        }
        catch (OperationCanceledException)
        {
            ranked = "not within the bound";
        }

        var last = followers.Max(f => f.LastId);
        var complete = followers.Count(f => f.Ended && f.LastId == last && f.Events == last && f.Misordered == 0);
        Console.WriteLine($"events: {clients} followers; sweep ranked {ranked} after the nodes started, last follower done at {delivered:F1} s; "
            + $"{complete} of {clients} saw ids 1..{last} each once, in order, and the end"
            + string.Concat(followers.Where(f => f.Error is not null).Take(3).Select(f => $"; a follower failed: {f.Error}")));
        // Where the delay arises: the journal row's time (`created`, taken as the journal writes it) splits it.
        var written = JournalTimes(database, sweepId);
        var arrivals = followers.SelectMany(f => f.Arrivals).ToList();
        var events = followers.SelectMany(f => f.Arrivals).DistinctBy(a => a.Id).ToList();
        // A delay that grows through the run means the streams cannot keep up; a flat one, a fixed cost (polling).
        var tenths = arrivals.GroupBy(a => (int)(10 * (a.Id - 1) / last)).OrderBy(g => g.Key).Select(g => Median([.. g.Select(a => a.DelayMs)]));
        Console.WriteLine($"median delay by tenth of the sweep's events: {string.Join(", ", tenths.Select(ms => $"{ms:F0}"))} ms");
        return
        [
            new Latencies([.. arrivals.Select(a => a.DelayMs)]).Row("event stream: delivery delay of trial-dispatched and trial-finished (arrival - `at`)", clients, $"{followers.Sum(f => f.Events) / delivered:N0} events/s delivered"),
            new Latencies([.. events.Select(a => (written[a.Id] - a.At).TotalMilliseconds)]).Row("part of it: decided to written (journal row's `created` - `at`), each event once", clients),
            new Latencies([.. arrivals.Select(a => (a.Arrived - written[a.Id]).TotalMilliseconds)]).Row("part of it: written to arrival (arrival - `created`)", clients),
        ];
    }

    /// <summary>The coordinator's warnings and errors, counted by kind (their numbers left out).</summary>
    private static string Problems(string log)
    {
        var kinds = log.Split('\n')
            .Where(l => l.Contains(" WRN] ", StringComparison.Ordinal) || l.Contains(" ERR] ", StringComparison.Ordinal))
            .GroupBy(l => Digits().Replace(l[(l.IndexOf(']') + 2)..], "N"))
            .Select(g => $"\n  {g.Count()} x {g.Key[..Math.Min(g.Key.Length, 160)]}")
            .ToList();
        return kinds.Count == 0 ? "no warnings or errors" : "warnings and errors:" + string.Concat(kinds);
    }

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Digits();

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>When the journal wrote each of the sweep's events (SQLite: its rows' `created`, in ticks).</summary>
    private static Dictionary<long, DateTimeOffset> JournalTimes(string database, string sweepId)
    {
        using var connection = StoreConnections.OpenJournalDatabase(database);
        using var command = connection.Command(null, "SELECT sequence_number, created FROM journal WHERE persistence_id = @p", ("@p", JournalNames.PersistenceId(sweepId)));
        using var reader = command.ExecuteReader();
        var times = new Dictionary<long, DateTimeOffset>();
        while (reader.Read())
            times[reader.GetInt64(0)] = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        return times;
    }

    private static async Task<IEnumerable<string>> ApiLeaderboard(Uri api, string sweepId, int clients, int requests, TimeSpan bound)
    {
        var url = new Uri(api, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/trials?top={Top}");
        var connections = new List<HttpClient>();
        var rejected = 0;
        Func<Task> Client(int _)
        {
            // One connection per client, kept alive across its requests.
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
            lock (connections)
                connections.Add(http);
            return async () =>
            {
                var body = await http.GetByteArrayAsync(url);
                if (RowCount(body) != Top)
                    Interlocked.Increment(ref rejected);
            };
        }
        // The list of sweeps: the same catch-up and HTTP, and one small read: what any API read costs.
        var list = new Uri(api, "api/v1/sweeps");
        Func<Task> Lister(int w)
        {
            var http = new HttpClient();
            lock (connections)
                connections.Add(http);
            return () => http.GetByteArrayAsync(list);
        }
        try
        {
            await Timed.Run(1, 5, bound, Client); // warm-up: JIT, the read model's pages
            var one = await Timed.Run(1, SequentialRequests, bound, Client);
            var many = await Timed.Run(clients, requests, bound, Client);
            if (rejected > 0)
                Console.WriteLine($"{rejected} leaderboard answers did not hold {Top} rows");
            await Timed.Run(1, 5, bound, Lister);
            var fixedCost = await Timed.Run(1, SequentialRequests, bound, Lister);
            return
            [
                one.Row("API: `GET /api/v1/sweeps/ID/trials?top=20`, one client", 1),
                many.Row("API: `GET /api/v1/sweeps/ID/trials?top=20`", clients),
                fixedCost.Row("API: `GET /api/v1/sweeps` (catch-up and one small read), one client", 1),
            ];
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    /// <summary>What <c>sweep leaderboard</c> does without a coordinator, minus starting the process: the view over an open, caught-up store.</summary>
    private static async Task<IEnumerable<string>> StoreLeaderboard(string database, string sweepId, int clients, int requests, TimeSpan bound)
    {
        var opened = Stopwatch.StartNew();
        await using var session = await StoreSession.OpenAsync(database, readOnly: true);
        var open = opened.Elapsed.TotalMilliseconds;
        var metric = MetricRegistry.TestAccuracy.Name;
        // A connection per query, as the API opens one per request.
        Func<Task> Query(int _) => () =>
        {
            using var connection = session.Projection.OpenReadModel();
            var board = new SweepViews(new ReadModelReader(connection), session.Projection, Path.GetTempPath()).Leaderboard(sweepId, metric, Top, null);
            return board?.Rows.Count == Top ? Task.CompletedTask : throw new InvalidOperationException($"the store's leaderboard of {sweepId} has not {Top} rows");
        };
        Func<Task> Trials(int _) => () => Task.FromResult(session.Reader.Trials(sweepId).Count);
        Func<Task> CatchUp(int _) => () => session.Projection.CatchUpAsync([sweepId]);
        await Timed.Run(1, 5, bound, Query);
        var one = await Timed.Run(1, SequentialRequests, bound, Query);
        var many = await Timed.Run(clients, requests, bound, Query);
        var trials = await Timed.Run(1, 20, bound, Trials);
        var catchUp = await Timed.Run(1, 20, bound, CatchUp);
        Console.WriteLine($"store: opening the session (an actor system, the journal caught up) took {open:F0} ms; {JsonPerLeaderboard(session, sweepId)}");
        return
        [
            one.Row("store: `SweepViews.Leaderboard(top 20)`, one caller", 1),
            many.Row("store: `SweepViews.Leaderboard(top 20)`", clients),
            trials.Row("part of it: `ReadModelReader.Trials` (every trial's row read and deserialized)", 1),
            catchUp.Row("part of every API read: `JournalProjection.CatchUpAsync` with nothing new", 1),
        ];
    }

    /// <summary>What a leaderboard deserializes: every trial row's JSON columns.</summary>
    private static string JsonPerLeaderboard(StoreSession session, string sweepId)
    {
        using var connection = session.Projection.OpenReadModel();
        using var command = connection.Command(null, """
            SELECT count(*), avg(length(spec)), avg(length(outcome)), sum(length(overrides) + length(spec) + ifnull(length(latest_epoch), 0) + ifnull(length(outcome), 0))
            FROM rm_trials WHERE sweep_id = @s
            """, ("@s", sweepId));
        using var row = command.ExecuteReader();
        row.Read();
        return $"{row.GetInt64(0):N0} trial rows of JSON (spec {row.GetDouble(1):N0} chars, outcome {row.GetDouble(2):N0}): {row.GetInt64(3) / 1e6:F0} M chars per leaderboard";
    }

    /// <summary>The CLI as a user runs it, a process each time (start-up included).</summary>
    private static async Task<string> Cli(string sweepId, string[] source, string what)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "sweep.dll");
        var times = new List<double>();
        for (var i = 0; i < CliRuns; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var process = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [cli, "leaderboard", sweepId, "--top", $"{Top}", "--json", .. source])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (process.ExitCode != 0 || RowCount(System.Text.Encoding.UTF8.GetBytes(await output)) != Top)
                throw new InvalidOperationException($"sweep leaderboard {string.Join(' ', source)} failed ({process.ExitCode}): {await errors}");
        }
        return new Latencies(times).Row(what, 1);
    }

    /// <summary>Rows in a leaderboard document (the API's) or a bare array of rows (the CLI's --json).</summary>
    private static int RowCount(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement : document.RootElement.GetProperty("rows");
        return rows.GetArrayLength();
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Times calls: each of several workers makes its calls one after another; none starts after the bound.</summary>
internal static class Timed
{
    /// <param name="worker">Makes worker N's call (its own connection, say).</param>
    public static async Task<Latencies> Run(int workers, int calls, TimeSpan bound, Func<int, Func<Task>> worker)
    {
        var clock = Stopwatch.StartNew();
        // A thread each: a worker whose calls block (the store's) then waits for the CPU, not for the
        // thread pool to grow, so it is timed under the same concurrency as one that awaits the network.
        var times = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Factory.StartNew(async () =>
        {
            var call = worker(w);
            var own = new List<double>();
            while (own.Count < calls && clock.Elapsed < bound)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return own;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
        return new Latencies([.. times.SelectMany(t => t)], clock.Elapsed);
    }
}

/// <summary>Milliseconds of many samples, summarised as a row of the benchmark's table.</summary>
/// <param name="Elapsed">The wall time the samples took, for a rate; none for delays.</param>
internal sealed record Latencies(IReadOnlyList<double> Ms, TimeSpan? Elapsed = null)
{
    public string Row(string what, int clients, string? rate = null)
    {
        var sorted = Ms.Order().ToList();
        rate ??= Elapsed is { } elapsed ? $"{sorted.Count / elapsed.TotalSeconds:N1} /s" : "";
        return sorted.Count == 0
            ? $"| {what} | {clients} | 0 | - | - | - | {rate} |"
            : $"| {what} | {clients} | {sorted.Count:N0} | {Format(At(sorted, 0.50))} | {Format(At(sorted, 0.99))} | {Format(sorted[^1])} | {rate} |";
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static double At(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Format(double ms) => ms < 10 ? $"{ms:F2} ms" : ms < 1000 ? $"{ms:F0} ms" : $"{ms / 1000:F2} s";
}
