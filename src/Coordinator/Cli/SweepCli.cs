using System.CommandLine;
using System.CommandLine.Parsing;
using Spectre.Console;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The <c>sweep</c> command tree.</summary>
public static class SweepCli
{
    public static RootCommand Build(CliServices services)
    {
        var root = new RootCommand("SweepCluster: hyperparameter sweeps of convolutional networks, from a laptop to a GPU cluster.");
        root.Add(SharedOptions.LogLevel);
        root.Add(new RuntimeCommand(services));
        root.Add(new DataCommand(services));
        root.Add(new ExpandCommand(services));
        root.Add(new RunCommand(services));
        root.Add(new ResumeCommand(services));
        root.Add(new ListCommand(services));
        root.Add(new StatusCommand(services));
        root.Add(new LeaderboardCommand(services));
        root.Add(new TrialCommand(services));
        root.Add(new ReportCommand(services));
        root.Add(new UiCommand(services));
        root.Add(new CancelCommand(services));
        root.Add(new CoordinatorCommand(services));
        root.Add(new NodeCommand(services));
        root.Add(new SubmitCommand(services));
        return root;
    }

    public static int Run(string[] args, IAnsiConsole console, TextWriter output, TextWriter error)
    {
        // SIGINT (Ctrl+C) and SIGTERM (docker stop, systemd, Kubernetes) ask every command to stop gracefully
        // (trials keep their checkpoints, events are stored) instead of killing the process; taken before
        // anything starts, so a signal during start-up is honoured too.
        using var signals = new StopSignals();
        return Run(args, console, output, error, signals.Token);
    }

    private static int Run(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken stop)
    {
        var services = new CliServices(console, output);
        var parse = Build(services).Parse(args);
        services.ProcessName = ProcessName(parse);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
                error.WriteLine("error: " + problem.Message);
            error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
            return ExitCodes.Usage;
        }
        return parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, stop).GetAwaiter().GetResult();
    }

    /// <summary>The command and, for a node, its name: <c>node-n1-1234</c>, <c>coordinator-1230</c>, <c>run-1201</c>.</summary>
    private static string ProcessName(ParseResult parse)
    {
        var name = parse.CommandResult.Command.Options.Any(o => o.Name == "--name") ? parse.GetValue<string?>("--name") : null;
        var safe = name is null ? "" : string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + "-";
        return $"{parse.CommandResult.Command.Name}-{safe}{Environment.ProcessId}";
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is CommandResult c; at = c.Parent)
            names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }
}
