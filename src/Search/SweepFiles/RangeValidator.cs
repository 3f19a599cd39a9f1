using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>Values that parse but make no sense (negative learning rate, dropout >= 1, kernel < 1, ...), with their paths.</summary>
public static class RangeValidator
{
    public static IReadOnlyList<(string Path, string Message)> Check(TrialSpec trial)
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string path, string allowed)
        {
            if (!ok)
                problems.Add((path, "must be " + allowed));
        }

        var data = trial.Dataset;
        var dataset = Datasets.Find(data.Name);
        if (dataset is null)
            problems.Add(("dataset.name", $"must be {Datasets.Allowed} (not '{data.Name}')"));
        Require(data.Validation is > 0 and < 1, "dataset.validation", "a fraction strictly between 0 and 1");
        if (dataset is not null)
            CheckSizes(data, dataset, Require);

        for (var i = 0; i < trial.Model.Blocks.Count; i++)
            CheckBlock(trial.Model.Blocks[i], $"model.blocks[{i}]", Require);
        for (var j = 0; j < trial.Model.Head.Dense.Count; j++)
        {
            var dense = trial.Model.Head.Dense[j];
            Require(dense.Units >= 1, $"model.head.dense[{j}].units", "at least 1");
            CheckDropout(dense.Dropout, $"model.head.dense[{j}].dropout", Require);
            Require(dense.Alpha is null or >= 0, $"model.head.dense[{j}].alpha", "0 or more");
        }

        var training = trial.Training;
        Require(training.BatchSize >= 1, "training.batch_size", "at least 1");
        Require(training.Epochs >= 1, "training.epochs", "at least 1");
        var optimizer = training.Optimizer;
        Require(optimizer.LearningRate is null or > 0, "training.optimizer.learning_rate", "greater than 0");
        Require(optimizer.Momentum is >= 0 and < 1, "training.optimizer.momentum", "in [0, 1)");
        Require(!optimizer.Nesterov || optimizer.Momentum > 0, "training.optimizer.nesterov", "false unless momentum > 0");
        Require(optimizer.WeightDecay is null or >= 0, "training.optimizer.weight_decay", "0 or more");
        Require(optimizer.Beta1 is null or (>= 0 and < 1), "training.optimizer.beta1", "in [0, 1)");
        Require(optimizer.Beta2 is null or (>= 0 and < 1), "training.optimizer.beta2", "in [0, 1)");
        Require(optimizer.Epsilon is null or > 0, "training.optimizer.epsilon", "greater than 0");
        Require(optimizer.Rho is null or (> 0 and <= 1), "training.optimizer.rho", "in (0, 1]");
        var schedule = training.Schedule;
        Require(schedule.Every >= 1, "training.schedule.every", "at least 1 epoch");
        Require(schedule.Factor is > 0 and <= 1, "training.schedule.factor", "in (0, 1]");
        Require(schedule.Gamma is > 0 and <= 1, "training.schedule.gamma", "in (0, 1]");
        Require(schedule.MinLearningRate >= 0, "training.schedule.min_learning_rate", "0 or more");
        Require(schedule.Patience >= 1, "training.schedule.patience", "at least 1 epoch");
        if (training.Regularization is { } regularization)
        {
            Require(regularization.L1 >= 0, "training.regularization.l1", "0 or more");
            Require(regularization.L2 >= 0, "training.regularization.l2", "0 or more");
        }
        if (training.EarlyStopping is { } stopping)
        {
            Require(stopping.Patience >= 0, "training.early_stopping.patience", "0 or more epochs");
            Require(stopping.MinDelta >= 0, "training.early_stopping.min_delta", "0 or more");
        }
        if (training.Augmentation is { } augmentation)
        {
            const string A = "training.augmentation.";
            Require(augmentation.RotationDegrees is >= 0 and <= 180, A + "rotation_degrees", "in [0, 180]");
            Require(augmentation.Shift is >= 0 and < 1, A + "shift", "a fraction in [0, 1)");
            Require(augmentation.Zoom is >= 0 and < 1, A + "zoom", "a fraction in [0, 1)");
            Require(augmentation.Brightness is >= 0 and <= 1, A + "brightness", "in [0, 1]");
            Require(augmentation.Contrast is >= 0 and <= 1, A + "contrast", "in [0, 1]");
            if (dataset is not null)
            {
                var side = Math.Min(dataset.Height, dataset.Width);
                Require(augmentation.BlurSigma >= 0 && Math.Ceiling(3 * augmentation.BlurSigma) < side, A + "blur_sigma",
                    $"0 or more, with a kernel radius (3 sigma) below the image side: under {side / 3.0:0.##}");
            }
            Require(augmentation.Cutout >= 0, A + "cutout", "0 or more pixels");
            Require(augmentation.MixupAlpha >= 0, A + "mixup_alpha", "0 or more");
        }
        return problems;
    }

    /// <summary>Folds and subsets against the dataset's class count and set sizes.</summary>
    private static void CheckSizes(DatasetSpec data, DatasetInfo shape, Action<bool, string, string> require)
    {
        var images = data.Subset ?? shape.TrainImages;
        require(data.Folds == 0 || data.Folds >= 2 && data.Folds <= images / shape.Classes, "dataset.folds",
            $"0 (no cross-validation) or 2 to {images / shape.Classes} (every fold needs each class)");
        require(data.Subset is null || data.Subset >= 10 * shape.Classes && data.Subset <= shape.TrainImages, "dataset.subset",
            $"between {10 * shape.Classes} and {shape.TrainImages} training images");
        require(data.Folds > 0 || images * data.Validation >= shape.Classes, "dataset.validation",
            $"large enough to hold every class at least once ({shape.Classes} of {images} images)");
        require(data.TestSubset is null || data.TestSubset >= shape.Classes && data.TestSubset <= shape.TestImages, "dataset.test_subset",
            $"between {shape.Classes} and {shape.TestImages} test images");
    }

    private static void CheckBlock(BlockSpec block, string path, Action<bool, string, string> require)
    {
        switch (block)
        {
            case ConvBlockSpec conv:
                require(conv.Filters >= 1, path + ".filters", "at least 1");
                require(conv.Kernel.Height >= 1 && conv.Kernel.Width >= 1, path + ".kernel", "at least 1");
                require(conv.Stride >= 1, path + ".stride", "at least 1");
                require(conv.Padding.Amount >= 0, path + ".padding", "same, valid or 0 or more zeros");
                require(conv.Alpha is null or >= 0, path + ".alpha", "0 or more");
                break;
            case ResidualBlockSpec residual:
                require(residual.Filters >= 1, path + ".filters", "at least 1");
                require(residual.Kernel.Height >= 1 && residual.Kernel.Width >= 1, path + ".kernel", "at least 1");
                require(residual.Stride >= 1, path + ".stride", "at least 1");
                break;
            case InceptionBlockSpec inception:
                require(new[] { inception.Branch1x1, inception.Reduce3x3, inception.Branch3x3, inception.Reduce5x5, inception.Branch5x5, inception.PoolProjection }.All(n => n >= 1),
                    path, "an inception block whose six branch sizes are all at least 1");
                break;
        }
        if (block.Pool is { } pool)
        {
            require(pool.Size >= 1, path + ".pool.size", "at least 1");
            require(pool.Stride is null or >= 1, path + ".pool.stride", "at least 1");
        }
        CheckDropout(block.Dropout, path + ".dropout", require);
    }

    private static void CheckDropout(double rate, string path, Action<bool, string, string> require) =>
        require(rate is >= 0 and < 1, path, "a rate in [0, 1)");
}
