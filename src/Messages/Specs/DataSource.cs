namespace SweepCluster.Messages.Specs;

/// <summary>The format of a user's own dataset files (a dataset without one is a built-in, found by name).</summary>
public enum DataSource
{
    /// <summary>One sub-folder per class of PNG or JPEG files (torchvision's ImageFolder).</summary>
    ImageFolder,

    /// <summary>A NumPy .npz archive of image and label arrays.</summary>
    Npz,

    /// <summary>A folder of NumPy .npy files, one array each.</summary>
    Npy,

    /// <summary>The four IDX files of an MNIST-format set (MNIST, KMNIST, EMNIST, Fashion-MNIST) in any folder.</summary>
    Idx,
}

/// <summary>How images are given to the model: one grey channel or three colour channels.</summary>
public enum ColorMode
{
    Grayscale,
    Rgb,
}
