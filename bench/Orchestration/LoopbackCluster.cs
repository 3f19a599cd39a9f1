using System.Diagnostics;
using System.Globalization;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;

/// <summary>
/// The cluster deployment on loopback: a coordinator in this process serving its HTTP API, and node
/// processes (the <c>node</c> mode of this executable) whose trainer finishes at once.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    /// <summary>Nodes whose trials report one epoch and no evaluation (<see cref="NoOpRunner"/>).</summary>
    public const string NoOp = "noop";

    /// <summary>Nodes whose trials record the results a real trial does (<see cref="ReportingRunner"/>).</summary>
    public const string Reports = "reports";

    private readonly CoordinatorProcess _coordinator;
    private readonly HealthServer _api;
    private readonly string _seed;
    private readonly List<Process> _nodes = [];

    private LoopbackCluster(CoordinatorProcess coordinator, HealthServer api, Uri url, string seed)
    {
        _coordinator = coordinator;
        _api = api;
        Api = url;
        _seed = seed;
    }

    /// <summary>The coordinator's API, as clients are given it (http://127.0.0.1:PORT/).</summary>
    public Uri Api { get; }

    public static async Task<LoopbackCluster> StartAsync(string folder, string database)
    {
        var port = FreePort();
        var seed = $"127.0.0.1:{port}";
        var checkpoints = Path.Combine(folder, "checkpoints");
        var coordinator = ClusterHosts.StartCoordinator(database, CoordinatorSettings.Default(checkpoints), new Remoting("127.0.0.1", "127.0.0.1", port), [seed], tls: null);
        // Served as `sweep coordinator --api-port` serves it.
        var settings = new SweepSettings { Store = new StoreSettings { Database = database, Checkpoints = checkpoints }, Api = new ApiSettings { Port = FreePort() } };
        var api = await HealthServer.StartAsync(port: null, () => true, () => true, new ApiServer(settings.Api, new SweepService(() => coordinator, settings)));
        return new LoopbackCluster(coordinator, api, new Uri($"http://127.0.0.1:{settings.Api.Port}/"), seed);
    }

    /// <param name="runner"><see cref="NoOp"/> or <see cref="Reports"/>.</param>
    public void StartNodes(int count, int slots, string runner)
    {
        var self = typeof(LoopbackCluster).Assembly.Location;
        for (var n = _nodes.Count + 1; count-- > 0; n++)
        {
            _nodes.Add(Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [self, "node", _seed, slots.ToString(CultureInfo.InvariantCulture), $"n{n}", runner])
            {
                RedirectStandardOutput = true, // their shutdown warnings are not the measurement
                RedirectStandardError = true,
            })!);
        }
    }

    /// <summary>The <c>node</c> mode: one node process that joins the coordinator at <paramref name="seed"/>.</summary>
    public static async Task<int> Node(string seed, int slots, string name, string? runner)
    {
        ITrialRunner trainer = runner is null or NoOp ? new NoOpRunner() : runner == Reports ? new ReportingRunner() : throw new ArgumentException($"unknown runner '{runner}'");
        var node = ClusterHosts.StartNode(name, slots, "cpu", trainer, new Remoting("127.0.0.1", "127.0.0.1", 0), [seed], tls: null);
        await node.System.WhenTerminated;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _coordinator.Host.DisposeAsync();
        foreach (var node in _nodes)
        {
            node.Kill();
            node.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
