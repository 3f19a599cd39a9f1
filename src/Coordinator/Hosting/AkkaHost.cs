using System.Runtime.ExceptionServices;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// One actor system in a generic host (Akka.Hosting's <c>AddAkka</c>): built by <see cref="SweepAkka"/>'s
/// extensions, its actors started by the host, stopped by <see cref="DisposeAsync"/> (coordinated shutdown).
/// Signals are the command's (<see cref="StopSignals"/>), not the host's.
/// </summary>
public sealed class AkkaHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AkkaHost(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<IReadOnlyActorRegistry>();
    }

    public ActorSystem System { get; }

    public IReadOnlyActorRegistry Registry { get; }

    /// <summary>Builds the system with <paramref name="configure"/>, then starts <paramref name="actors"/> in it.</summary>
    /// <remarks>
    /// Synchronous for its callers' sake (constructors, test fixtures); the host's start runs on the
    /// thread pool. A failure to create the system or to start an actor is thrown here, where the
    /// hosted service would only log it and stop.
    /// </remarks>
    public static AkkaHost Start(Action<AkkaConfigurationBuilder> configure, Action<ActorSystem, IActorRegistry> actors)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        Exception? failure = null;
        builder.Services.AddAkka(ClusterConfig.SystemName, akka =>
        {
            configure(akka);
            akka.WithActors((system, registry) =>
            {
                try
                {
                    actors(system, registry);
                }
                catch (Exception e)
                {
                    failure = e;
                    throw;
                }
            });
        });
        var host = builder.Build();
        try
        {
            // Created here, so an error in its configuration (a port in use) reaches the caller.
            _ = host.Services.GetRequiredService<ActorSystem>();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        Task.Run(() => host.StartAsync()).GetAwaiter().GetResult();
        if (failure is null)
            return new AkkaHost(host);
        Task.Run(() => host.StopAsync()).GetAwaiter().GetResult();
        host.Dispose();
        ExceptionDispatchInfo.Throw(failure);
        throw failure; // unreachable
    }

    /// <summary>Runs coordinated shutdown (a cluster member leaves first), then releases the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await System.WhenTerminated;
        _host.Dispose();
    }

    /// <summary>The host's lifetime without the console's signal handlers.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
