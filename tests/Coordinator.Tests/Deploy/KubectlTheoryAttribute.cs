namespace SweepCluster.Coordinator.Tests.Deploy;

/// <summary>A theory that needs kubectl: reported as skipped, with the reason, where kubectl is not on PATH.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (Kubectl.Path() is null)
            Skip = "kubectl is not on PATH: `kubectl kustomize` was not run, so kustomize's own rendering of deploy/k8s is unchecked (the specs' own build still is).";
    }
}
