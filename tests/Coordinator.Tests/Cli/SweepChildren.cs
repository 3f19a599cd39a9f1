using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Npgsql;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A temporary store and `sweep` child processes over it, and what the store holds about a sweep.</summary>
/// <param name="postgres">A PostgreSQL store to use instead of an SQLite file in the temporary folder.</param>
public sealed class SweepChildren(string? postgres = null) : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-children-");
    private readonly List<Process> _started = [];
    private readonly Dictionary<string, string> _apis = [];

    /// <summary>Kills what a failed test left running, then removes the folder.</summary>
    public void Dispose()
    {
        foreach (var child in _started.Where(c => !c.HasExited))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        _folder.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for a child to exit (at most <paramref name="limit"/>) and returns its exit code, what it printed, and its log lines (standard error).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> Finish(Process child, TimeSpan limit)
    {
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await child.WaitForExitAsync(timeout.Token);
        return (child.ExitCode, await output, await errors);
    }

    /// <summary>Environment variables every child gets.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public string Database => postgres ?? Path.Combine(_folder.Path, "sweeps.db");

    /// <summary>The checkpoint root the children use: this test's folder unless a test shares one.</summary>
    public string Checkpoints { get; set; } = "checkpoints";

    /// <summary>Where the children's checkpoints go: <see cref="Checkpoints"/> in this test's folder.</summary>
    public string CheckpointRoot => Path.Combine(_folder.Path, Checkpoints);

    /// <summary>A `sweep` child with the options its command needs here: this store, these checkpoints, the CPU.</summary>
    public Process Sweep(params string[] args) => Start(args, all =>
    {
        var start = new ProcessStartInfo(Launcher);
        foreach (var arg in all)
            start.ArgumentList.Add(arg);
        return start;
    });

    /// <summary>
    /// A `sweep` child as <see cref="Sweep"/> starts it, but in a terminal of <paramref name="columns"/> x <paramref name="rows"/>
    /// (util-linux script gives it one): its standard output is what the terminal received, escape codes included.
    /// </summary>
    public Process InTerminal(int columns, int rows, params string[] args) => Start(args, all =>
    {
        var command = string.Join(' ', all.Prepend(Launcher).Select(ShellQuote.Word));
        // A terminal type that takes escape codes, whatever the test runner's own is (often none).
        return new ProcessStartInfo("script") { ArgumentList = { "-qfec", $"stty cols {columns} rows {rows}; exec {command}", "/dev/null" }, Environment = { ["TERM"] = "xterm" } };
    });

    private static string Launcher => Path.Combine(RepositoryPaths.Root(), "sweep");

    /// <param name="command">The process that runs `sweep` with these arguments.</param>
    private Process Start(string[] args, Func<IEnumerable<string>, ProcessStartInfo> command)
    {
        var env = new Dictionary<string, string>();
        // A connection string goes through the environment and its password through a file, as a mounted secret would.
        string[] store = postgres is null ? ["--db", Database] : [];
        if (postgres is not null)
            (env["SWEEP_Store__Database"], env["SWEEP_Store__PasswordFile"]) = PasswordInFile(postgres);
        string[] checkpoints = ["--checkpoints", CheckpointRoot];
        string[] cpu = ["--device", "cpu"];
        string[] options = args[0] switch
        {
            "run" or "resume" => [.. store, .. checkpoints, .. cpu],
            "coordinator" => [.. store, .. checkpoints, .. ApiPort(args)],
            "node" => cpu,
            "submit" => [],
            _ when args.Contains("--coordinator") => [],
            _ => store,
        };
        var start = command(args.Concat(options));
        (start.RedirectStandardOutput, start.RedirectStandardError, start.WorkingDirectory) = (true, true, _folder.Path);
        foreach (var (name, value) in env.Concat(Environment))
            start.Environment[name] = value;
        var child = Process.Start(start)!;
        _started.Add(child);
        return child;
    }

    /// <summary>The URL of the API of the coordinator started here with remoting port <paramref name="port"/>.</summary>
    public string Api(string port) => _apis[port];

    /// <summary>Every coordinator serves its API (on a free port, unless the test names one): clients reach it there.</summary>
    private string[] ApiPort(string[] args)
    {
        var port = args[Array.IndexOf(args, "--port") + 1];
        if (Array.IndexOf(args, "--api-port") is >= 0 and var at)
        {
            _apis[port] = $"http://127.0.0.1:{args[at + 1]}";
            return [];
        }
        // A coordinator started again on its port keeps its API's port, so clients find it again.
        var api = _apis.TryGetValue(port, out var known) ? new Uri(known).Port : FreePort();
        _apis[port] = $"http://127.0.0.1:{api}";
        return ["--api-port", api.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }

    private (string Database, string PasswordFile) PasswordInFile(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var file = Path.Combine(_folder.Path, "postgres-password");
        File.WriteAllText(file, builder.Password + "\n");
        builder.Password = null;
        return (builder.ConnectionString, file);
    }

    /// <summary>The sweep as the read model holds it (caught up with the journal), or null before the child wrote its first event.</summary>
    public async Task<(SweepSummary Sweep, IReadOnlyList<TrialRecord> Trials)?> View(string sweepId)
    {
        if (postgres is null && !File.Exists(Database))
            return null;
        try
        {
            await using var session = await StoreSession.OpenAsync(Database);
            return session.Reader.Sweep(sweepId) is { } sweep ? (sweep, session.Reader.Trials(sweepId)) : null;
        }
        catch (Exception e) when (e.Message.Contains("no such table"))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ISweepEvent>> Events(string sweepId)
    {
        await using var session = await StoreSession.OpenAsync(Database);
        var journal = PersistenceQuery.Get(session.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var envelopes = await journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), session.System.Materializer());
        return [.. envelopes.Select(e => (ISweepEvent)e.Event)];
    }

    /// <summary>
    /// The epochs attempt <paramref name="attempt"/> of a trial trained itself: a resumed attempt first
    /// reports its checkpoint's epochs again, and those carry the very seconds an earlier attempt recorded.
    /// </summary>
    public static IReadOnlyList<int> Trained(IReadOnlyList<ISweepEvent> events, string trialId, int attempt)
    {
        var recorded = events.OfType<EpochRecorded>().Where(e => e.TrialId == trialId).ToList();
        return [.. recorded.Where(e => e.Attempt == attempt)
            .Where(e => !recorded.Any(before => before.Attempt < attempt && before.Metrics.Epoch == e.Metrics.Epoch && before.Metrics.Seconds == e.Metrics.Seconds))
            .Select(e => e.Metrics.Epoch)];
    }

    public async Task<IReadOnlyList<EpochMetrics>> Epochs(string sweepId, string trialId)
    {
        await using var session = await StoreSession.OpenAsync(Database);
        return session.Reader.Epochs(sweepId, trialId);
    }

    /// <summary>Writes a file into this test's folder and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var file = Path.Combine(_folder.Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>
    /// A sweep file of small Fashion-MNIST trials (three of four epochs each unless told), learning rates
    /// 0.001, 0.002, ... in that order unless <paramref name="descending"/>, with a scheduler section when given.
    /// </summary>
    public string WriteSweepFile(string name, int trials = 3, int epochs = 4, string? scheduler = null, bool descending = false)
    {
        var order = Enumerable.Range(1, trials);
        return new TinySweep(name)
        {
            Seed = 4,
            Subset = 3000,
            TestSubset = 200,
            Filters = 8,
            Epochs = epochs,
            LearningRates = [.. (descending ? order.Reverse() : order).Select(i => i / 1000.0)],
            Scheduler = scheduler,
        }.WriteTo(_folder.Path);
    }

    /// <summary>Waits until the read model shows the sweep in the state <paramref name="reached"/> accepts, while <paramref name="child"/> runs.</summary>
    public async Task<(SweepSummary Sweep, IReadOnlyList<TrialRecord> Trials)> WaitFor(string sweepId, Process child, Func<(SweepSummary Sweep, IReadOnlyList<TrialRecord> Trials), bool> reached) =>
        (await Poll.Until(() => View(sweepId), view => view is { } v && reached(v), TimeSpan.FromMinutes(3), "the sweep never reached the expected point",
            abandon: () => child.HasExited))!.Value;
}
