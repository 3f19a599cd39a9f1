using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// TorchSharp's Adam with its per-step Scalars held until each native call returns. Its own step
/// converts doubles to Scalars inline (<c>add_(eps)</c>): TorchSharp passes a Scalar's handle
/// without keeping the object alive, and does not track Scalars in dispose scopes, so under load
/// the GC finalized one mid-call ("Expected false to be true ... toFloat", a failed step). Same
/// arithmetic, in the same order, and the same state and options types, so checkpoints and results
/// do not change.
/// </summary>
internal sealed class ScalarSafeAdam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    : Adam(parameters, lr, beta1, beta2, eps, weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        // The factory never asks for these; a loaded state that did would train something else.
        if (options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("ScalarSafeAdam implements neither amsgrad nor maximize.");
        var (beta1, beta2, weightDecay, lr) = (options.beta1!.Value, options.beta2!.Value, options.weight_decay!.Value, options.LearningRate!.Value);
        using Scalar keep1 = beta1, keep2 = beta2, new1 = 1 - beta1, new2 = 1 - beta2, epsilon = options.eps!.Value, decay = weightDecay;
        foreach (var param in group.Parameters)
        {
            if (param.grad is not { } grad)
                continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            using Scalar correction2 = Math.Sqrt(1 - Math.Pow(beta2, state.step)), stepSize = -(lr / (1 - Math.Pow(beta1, state.step)));
            if (weightDecay != 0)
                grad = grad.add(param, alpha: decay);
            state.exp_avg.mul_(keep1).add_(grad, alpha: new1);
            state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad.conj(), value: new2);
            var denominator = (state.exp_avg_sq.sqrt() / correction2).add_(epsilon);
            param.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }, closure);
}
