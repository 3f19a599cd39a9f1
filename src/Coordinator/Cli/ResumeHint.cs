using Spectre.Console;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Persistence;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The command that goes on with a sweep run here: every option that says where its store,
/// checkpoints and libtorch are, when not the defaults, each quoted for the shell, so pasting it
/// resumes the same sweep from anywhere in the same folder.
/// </summary>
public static class ResumeHint
{
    public static string For(string sweepId, SweepSettings settings)
    {
        var words = new List<string> { "./sweep", "resume", ShellQuote.Word(sweepId) };
        var defaults = new StoreSettings();
        if (EventStore.IsPostgreSql(settings.Store.Database))
            words.Add("--db <the same PostgreSQL store>"); // its connection string may carry a password read from a file
        else if (settings.Store.Database != defaults.Database)
            words.AddRange(["--db", ShellQuote.Word(settings.Store.Database)]);
        if (settings.Store.Checkpoints != defaults.Checkpoints)
            words.AddRange(["--checkpoints", ShellQuote.Word(settings.Store.Checkpoints)]);
        if (settings.Torch.LibDirectory is { } torchLib)
            words.AddRange(["--torch-lib", ShellQuote.Word(torchLib)]);
        return string.Join(' ', words);
    }

    /// <summary>The command on a line of its own, written as is: the console would break a long one across lines, and a pasted half fails.</summary>
    public static void Write(IAnsiConsole console, string command) => console.Profile.Out.Writer.WriteLine("  " + command);
}
