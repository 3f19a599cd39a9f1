namespace SweepCluster.Messages.Specs;

/// <summary>An optimizer; every null value takes the convention's default.</summary>
public sealed record OptimizerSpec
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    public double? LearningRate { get; init; }

    /// <summary>sgd and rmsprop momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>sgd: Nesterov momentum (needs momentum > 0).</summary>
    public bool Nesterov { get; init; }

    /// <summary>
    /// adamw: decoupled weight decay (null takes the convention's default); other optimizers: coupled
    /// L2 on every parameter, as torch applies it (null = none).
    /// </summary>
    public double? WeightDecay { get; init; }

    public double? Beta1 { get; init; }

    public double? Beta2 { get; init; }

    public double? Epsilon { get; init; }

    /// <summary>rmsprop decay (torch's alpha) and adadelta rho.</summary>
    public double? Rho { get; init; }
}

/// <summary>Learning rate over epochs.</summary>
public sealed record ScheduleSpec
{
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;

    /// <summary>step: multiply by <see cref="Factor"/> every this many epochs.</summary>
    public int Every { get; init; } = 5;

    /// <summary>step and reduce_on_plateau: the multiplier (0.5 halves).</summary>
    public double Factor { get; init; } = 0.5;

    /// <summary>exponential: the per-epoch multiplier.</summary>
    public double Gamma { get; init; } = 0.95;

    /// <summary>cosine and reduce_on_plateau: the floor.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>reduce_on_plateau: epochs without improvement of val_loss before reducing.</summary>
    public int Patience { get; init; } = 3;
}

/// <summary>Kernel regularisation added to the loss as Keras does: l1 * sum|w| + l2 * sum w^2.</summary>
public sealed record RegularizationSpec
{
    public double L1 { get; init; }

    public double L2 { get; init; }
}

public sealed record EarlyStoppingSpec
{
    public MonitoredMetric Monitor { get; init; } = MonitoredMetric.ValLoss;

    public int Patience { get; init; } = 5;

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; init; }

    public bool RestoreBestWeights { get; init; } = true;
}

/// <summary>Random augmentation of training batches, on the training device. Zero or false turns a kind off.</summary>
public sealed record AugmentationSpec
{
    public bool HorizontalFlip { get; init; }

    /// <summary>Maximum rotation either way, in degrees.</summary>
    public double RotationDegrees { get; init; }

    /// <summary>Maximum shift either way, as a fraction of width and height.</summary>
    public double Shift { get; init; }

    /// <summary>Maximum zoom either way, as a fraction (0.1 = 90%..110%).</summary>
    public double Zoom { get; init; }

    /// <summary>Maximum brightness change either way, added to pixels in [0, 1].</summary>
    public double Brightness { get; init; }

    /// <summary>Maximum contrast change either way, as a fraction.</summary>
    public double Contrast { get; init; }

    /// <summary>Gaussian blur: the largest sigma in pixels, drawn per image.</summary>
    public double BlurSigma { get; init; }

    /// <summary>Cutout: side of the zeroed square in pixels.</summary>
    public int Cutout { get; init; }

    /// <summary>Mixup: alpha of the Beta(alpha, alpha) mixing weight.</summary>
    public double MixupAlpha { get; init; }
}

/// <summary>How a trial trains: optimizer, schedule, regularisation, batches, epochs, stopping, augmentation.</summary>
public sealed record TrainingSpec
{
    /// <summary>Whose defaults fill what the file leaves unset; pytorch, because Keras's BatchNorm momentum misleads short runs.</summary>
    public Conventions Conventions { get; init; } = Conventions.PyTorch;

    public OptimizerSpec Optimizer { get; init; } = new();

    public ScheduleSpec Schedule { get; init; } = new();

    public RegularizationSpec? Regularization { get; init; }

    public int BatchSize { get; init; } = 32;

    public int Epochs { get; init; } = 10;

    public EarlyStoppingSpec? EarlyStopping { get; init; }

    public AugmentationSpec? Augmentation { get; init; }
}
