using Serilog;
using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Logging;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Runtime;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary>What every command needs: where to write, settings, and logging set up once.</summary>
/// <param name="console">Human output: tables, colours, progress.</param>
/// <param name="output">Machine output (JSON, CSV): plain, never wrapped or styled.</param>
public sealed class CliServices(IAnsiConsole console, TextWriter output)
{
    public IAnsiConsole Console { get; } = console;

    public TextWriter Output { get; } = output;

    /// <summary>Names this process's log file: the command, the node's name when it has one, and the process id.</summary>
    public string ProcessName { get; set; } = $"sweep-{Environment.ProcessId}";

    /// <summary>Builds settings from files, environment and <paramref name="overrides"/>, and starts logging.</summary>
    public SweepSettings Start(IReadOnlyDictionary<string, string?> overrides)
    {
        var configuration = SettingsLoader.Build(overrides);
        var settings = SettingsLoader.Bind(configuration);
        Log.Logger = LoggingSetup.Create(configuration, settings.Seq, ProcessName);
        return settings;
    }

    /// <summary>Runs a command body, turning the failures users can fix into one clear line.</summary>
    public int Guard(Func<int> body) => GuardAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    public async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (SettingsException e)
        {
            return Fail(e, ExitCodes.Usage);
        }
        catch (SweepFileException e)
        {
            foreach (var error in e.Errors)
                Console.MarkupLineInterpolated($"[red]error:[/] {error.ToString()}");
            Log.Information("Sweep file refused with {Count} error(s)", e.Errors.Count);
            return ExitCodes.Usage;
        }
        catch (ApiRequestException e)
        {
            var failed = Fail(e, ExitCodes.Failure);
            foreach (var detail in e.Details)
                Console.MarkupLineInterpolated($"  {detail}");
            return failed;
        }
        catch (Exception e) when (e is DatasetException or TorchRuntimeException or StoreException or UnreadableEventException)
        {
            return Fail(e, ExitCodes.Failure);
        }
        catch (Exception e) when (StoreWriteFailure.Matches(e))
        {
            Log.Information(e, "The store cannot be written");
            Console.MarkupLineInterpolated($"[red]error:[/] {StoreWriteFailure.Message(e)}");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // A defect, not a user error: one line here, the stack trace in the log file.
            Log.Error(e, "Unexpected failure");
            Console.MarkupLineInterpolated($"[red]error:[/] unexpected {e.GetType().Name}: {e.Message} (details in the log file under logs/)");
            return ExitCodes.Failure;
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }

    private int Fail(Exception e, int exitCode)
    {
        // The console already shows the message; the log file keeps the details.
        Log.Information(e, "Command failed: {Reason}", e.Message);
        Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        return exitCode;
    }
}
