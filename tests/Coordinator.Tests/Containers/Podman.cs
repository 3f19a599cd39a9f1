using System.Diagnostics;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Containers;

/// <summary>podman as scripts/podman.sh runs it (the project's containers.conf), for the container specs.</summary>
public static class Podman
{
    private static string Script => Path.Combine(RepositoryPaths.Root(), "scripts", "podman.sh");

    /// <summary>Runs podman with <paramref name="args"/> and returns what it printed; fails with its errors when it exits non-zero.</summary>
    public static async Task<string> Run(params string[] args)
    {
        var (exitCode, output, errors) = await Try(args);
        if (exitCode != 0)
            throw new InvalidOperationException($"podman {string.Join(' ', args)} exited {exitCode}: {errors.Trim()} {output.Trim()}");
        return output;
    }

    public static Task<(int ExitCode, string Output, string Errors)> Try(params string[] args)
    {
        // From /: kube play (4.3) looks for a build folder named like the image in its working directory, and
        // fails on the test binaries' folder, which holds a file named sweep.
        var start = new ProcessStartInfo(Script, args) { WorkingDirectory = "/" };
        return Finish(start, TimeSpan.FromMinutes(5));
    }

    /// <summary>Runs a shell command line on this machine (chown, the images script) and fails with its output when it fails.</summary>
    public static async Task<string> Shell(string command, TimeSpan limit)
    {
        var (exitCode, output, errors) = await Finish(new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = RepositoryPaths.Root() }, limit);
        if (exitCode != 0)
            throw new InvalidOperationException($"{command} exited {exitCode}: {errors} {output}");
        return output + errors;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> Finish(ProcessStartInfo start, TimeSpan limit)
    {
        (start.RedirectStandardOutput, start.RedirectStandardError) = (true, true);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
