using System.Net.Http.Headers;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>
/// A coordinator in this process (a one-member cluster over an SQLite store in a temporary folder,
/// no nodes: sweeps stay queued) serving its API with a token, as <c>sweep coordinator</c> does.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public const string Token = "s3cret-token-for-tests";
    private readonly TemporaryFolder _folder = new("api-host-");
    private CoordinatorProcess? _coordinator;
    private HealthServer? _server;

    public int Port { get; } = SweepChildren.FreePort();

    public int HealthPort { get; } = SweepChildren.FreePort();

    public string Folder => _folder.Path;

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>A client that sends the token.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async Task InitializeAsync()
    {
        var settings = new SweepSettings
        {
            Store = new StoreSettings { Database = _folder.File("sweeps.db"), Checkpoints = _folder.File("checkpoints") },
            Api = new ApiSettings { Port = Port, TokenFile = _folder.Write("token", Token + "\n") },
        };
        var remoting = SweepChildren.FreePort();
        _coordinator = ClusterHosts.StartCoordinator(settings.Store.Database, CoordinatorSettings.Default(settings.Store.Checkpoints),
            new Remoting("127.0.0.1", "127.0.0.1", remoting), [$"127.0.0.1:{remoting}"], tls: null);
        _server = await HealthServer.StartAsync(HealthPort, () => true, () => true, new ApiServer(settings.Api, new SweepService(() => SweepBackend.Of(_coordinator), settings)));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_coordinator is not null)
            await _coordinator.Host.DisposeAsync();
        _folder.Dispose();
    }
}
