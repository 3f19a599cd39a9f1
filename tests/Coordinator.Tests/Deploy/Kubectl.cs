using System.Diagnostics;

namespace SweepCluster.Coordinator.Tests.Deploy;

/// <summary>kubectl, where this machine has it (preinstalled on the CI machines, not a package we depend on).</summary>
public static class Kubectl
{
    public static string? Path() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
        .Select(d => System.IO.Path.Combine(d, "kubectl"))
        .FirstOrDefault(File.Exists);

    /// <summary>`kubectl kustomize FOLDER`: the objects kustomize makes, as YAML.</summary>
    public static string Kustomize(string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(Path()!, ["kustomize", folder]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {folder}: {error.Result}");
        return output;
    }
}
