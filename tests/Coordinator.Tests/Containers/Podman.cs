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

    public static async Task<(int ExitCode, string Output, string Errors)> Try(params string[] args)
    {
        // From /: kube play (4.3) looks for a build folder named like the image in its working directory, and
        // fails on the test binaries' folder, which holds a file named sweep.
        var start = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Runs a shell command line on this machine (chown, the images script) and fails with its output when it fails.</summary>
    public static async Task<string> Shell(string command, TimeSpan limit)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root() };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} exited {process.ExitCode}: {await errors} {await output}");
        return await output + await errors;
    }
}
