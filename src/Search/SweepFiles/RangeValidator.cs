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
        problems.AddRange(CheckDataset(data));
        Require(data.Validation is > 0 and < 1, "dataset.validation", "a fraction strictly between 0 and 1");
        var dataset = Datasets.Describe(data);
        if (dataset is { TrainImages: > 0 })
            CheckSizes(data, dataset, Require);
        else if (data.IsOwnData)
            CheckOwnSizes(data, Require);

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
    /// <summary>Which data the dataset section names: a built-in by name, or a user's own files described consistently.</summary>
    public static IReadOnlyList<(string Path, string Message)> CheckDataset(DatasetSpec data)
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string path, string allowed)
        {
            if (!ok)
                problems.Add((path, "must be " + allowed));
        }

        if (data.Source is not { } source)
        {
            if (Datasets.Find(data.Name) is null)
                problems.Add(("dataset.name", $"must be {Datasets.Allowed} (not '{data.Name}'), or set dataset.source to read your own files"));
            foreach (var (key, value) in OwnDataKeys(data))
                Require(value is null, "dataset." + key, "left out for a built-in dataset: it describes your own files (set dataset.source)");
            return problems;
        }
        Require(SweepIds.IsValidName(data.Name) && Datasets.Find(data.Name) is null, "dataset.name",
            $"your dataset's name: 1 to {SweepIds.MaxNameLength} lowercase letters, digits, '-' or '_', and not a built-in's ({string.Join(", ", Datasets.Names)}); got '{data.Name}'");
        Require(!string.IsNullOrWhiteSpace(data.Path), "dataset.path", source == DataSource.Npz ? "the .npz file" : "the folder of your files");
        Require(source == DataSource.ImageFolder || data.TrainFolder is null && data.TestFolder is null, "dataset.train_folder",
            "left out unless dataset.source is image_folder (arrays are named in dataset.files)");
        Require(source != DataSource.ImageFolder || data.Files is null, "dataset.files", "left out for image_folder (its classes are folders)");
        Require(data.Size is null || data.Size is [>= 1 and <= MaxImageSide, >= 1 and <= MaxImageSide], "dataset.size", $"[height, width], each 1 to {MaxImageSide}");
        Require(data.Classes is null || data.Classes.Count >= 2 && data.Classes.All(c => !string.IsNullOrWhiteSpace(c)) && data.Classes.Distinct().Count() == data.Classes.Count,
            "dataset.classes", "2 or more distinct, non-empty class names");
        Require(data.TestSplit is null or (> 0 and < 1), "dataset.test_split", "a fraction strictly between 0 and 1");
        return problems;
    }

    private const int MaxImageSide = 1024;

    private static IEnumerable<(string Key, object? Value)> OwnDataKeys(DatasetSpec data) =>
    [
        ("train_folder", data.TrainFolder), ("test_folder", data.TestFolder), ("files", data.Files), ("size", data.Size),
        ("color", data.Color), ("classes", data.Classes), ("test_split", data.TestSplit), ("split_seed", data.SplitSeed),
    ];

    /// <summary>What can be checked of a user's dataset before its set sizes are known (the node checks the rest).</summary>
    private static void CheckOwnSizes(DatasetSpec data, Action<bool, string, string> require)
    {
        var classes = data.Classes?.Count ?? 2;
        require(data.Folds == 0 || data.Folds >= 2, "dataset.folds", "0 (no cross-validation) or 2 or more");
        require(data.Subset is null || data.Subset >= 10 * classes, "dataset.subset", $"at least {10 * classes} training images (10 per class)");
        require(data.TestSubset is null || data.TestSubset >= classes, "dataset.test_subset", $"at least {classes} test images (one per class)");
    }

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
