using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Serilog;
using Serilog.Events;
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

    /// <summary>Nodes whose trials record the results a real trial does (<see cref="ReportingRunner"/>), at once or after <c>reports:MS</c>.</summary>
    public const string Reports = "reports";

    private const string Ready = "coordinator ready";
    private readonly Func<Task<string>> _stopCoordinator;
    private readonly string _seed;
    private readonly List<Process> _nodes = [];

    private LoopbackCluster(Func<Task<string>> stopCoordinator, Uri url, string seed)
    {
        _stopCoordinator = stopCoordinator;
        Api = url;
        _seed = seed;
    }

    /// <summary>The coordinator's API, as clients are given it (http://127.0.0.1:PORT/).</summary>
    public Uri Api { get; }

    /// <summary>What a coordinator in its own process wrote to standard error, once it has stopped.</summary>
    public string CoordinatorLog { get; private set; } = "";

    /// <param name="ownProcess">
    /// Run the coordinator in a child process (the <c>coordinator</c> mode), as deployed: clients in this
    /// process then share neither its thread pool nor its garbage collector.
    /// </param>
    public static async Task<LoopbackCluster> StartAsync(string folder, string database, bool ownProcess = false)
    {
        var port = FreePort();
        var apiPort = FreePort();
        var checkpoints = Path.Combine(folder, "checkpoints");
        var stop = ownProcess ? await StartChild(database, checkpoints, port, apiPort) : await StartCoordinator(database, checkpoints, port, apiPort);
        return new LoopbackCluster(stop, new Uri($"http://127.0.0.1:{apiPort}/"), Seed(port));
    }

    /// <summary>The <c>coordinator</c> mode: serves until its standard input closes.</summary>
    public static async Task<int> Coordinator(string database, string checkpoints, int port, int apiPort)
    {
        // Warnings and errors to standard error, which the benchmark reads (the API logs to Serilog).
        Log.Logger = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();
        var stop = await StartCoordinator(database, checkpoints, port, apiPort);
        Console.WriteLine(Ready);
        while (await Console.In.ReadLineAsync() is not null)
        {
        }
        await stop();
        return 0;
    }

    private static async Task<Func<Task<string>>> StartCoordinator(string database, string checkpoints, int port, int apiPort)
    {
        var coordinator = ClusterHosts.StartCoordinator(database, CoordinatorSettings.Default(checkpoints), new Remoting("127.0.0.1", "127.0.0.1", port), [Seed(port)], tls: null);
        // Served as `sweep coordinator --api-port` serves it.
        var settings = new SweepSettings { Store = new StoreSettings { Database = database, Checkpoints = checkpoints }, Api = new ApiSettings { Port = apiPort } };
        var api = await HealthServer.StartAsync(port: null, () => true, () => true, new FailuresLogged(new ApiServer(settings.Api, new SweepService(() => SweepBackend.Of(coordinator), settings))));
        return async () =>
        {
            await api.DisposeAsync();
            await coordinator.Host.DisposeAsync();
            return "";
        };
    }

    private static async Task<Func<Task<string>>> StartChild(string database, string checkpoints, int port, int apiPort)
    {
        var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [Self, "coordinator", database, checkpoints, $"{port}", $"{apiPort}"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = child.StandardError.ReadToEndAsync(); // read throughout: a full pipe would stall the child
        while (await child.StandardOutput.ReadLineAsync() is { } line && line != Ready)
        {
        }
        if (child.HasExited)
            throw new InvalidOperationException($"the coordinator process ended ({child.ExitCode}): {await errors}");
        var output = child.StandardOutput.ReadToEndAsync();
        return async () =>
        {
            child.StandardInput.Close();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await child.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill();
            }
            await output;
            child.Dispose();
            return await errors;
        };
    }

    /// <param name="runner"><see cref="NoOp"/>, or <see cref="Reports"/> with an optional trial time (<c>reports:MS</c>).</param>
    public void StartNodes(int count, int slots, string runner)
    {
        for (var n = _nodes.Count + 1; count-- > 0; n++)
        {
            _nodes.Add(Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [Self, "node", _seed, slots.ToString(CultureInfo.InvariantCulture), $"n{n}", runner])
            {
                RedirectStandardOutput = true, // their shutdown warnings are not the measurement
                RedirectStandardError = true,
            })!);
        }
    }

    /// <summary>The <c>node</c> mode: one node process that joins the coordinator at <paramref name="seed"/>.</summary>
    public static async Task<int> Node(string seed, int slots, string name, string? runner)
    {
        ITrialRunner trainer = runner?.Split(':') switch
        {
            null or [NoOp] => new NoOpRunner(),
            [Reports] => new ReportingRunner(TimeSpan.Zero),
            [Reports, var ms] => new ReportingRunner(TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture))),
            _ => throw new ArgumentException($"unknown runner '{runner}'"),
        };
        var node = ClusterHosts.StartNode(name, slots, "cpu", trainer, new Remoting("127.0.0.1", "127.0.0.1", 0), [seed], tls: null);
        await node.System.WhenTerminated;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        CoordinatorLog = await _stopCoordinator();
        foreach (var node in _nodes)
        {
            node.Kill();
            node.WaitForExit();
        }
    }

    private static string Self => typeof(LoopbackCluster).Assembly.Location;

    private static string Seed(int port) => $"127.0.0.1:{port}";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The API with its unhandled failures logged: one that ends an event stream already under way reaches
/// Kestrel, whose log the health server turns off, and would otherwise leave no trace.
/// </summary>
internal sealed class FailuresLogged(IHttpEndpoints api) : IHttpEndpoints
{
    public void Configure(WebApplicationBuilder builder) => api.Configure(builder);

    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                Log.Error(e, "{Method} {Path} failed after {Started}", context.Request.Method, context.Request.Path.Value, context.Response.HasStarted ? "its answer began" : "nothing was sent");
                throw;
            }
        });
        api.Map(app);
    }
}
