using SweepCluster.Messages.Specs;
namespace SweepCluster.GpuNode.Data;

/// <summary>
/// The images of a folder laid out like torchvision's ImageFolder: one sub-folder per class, holding
/// .png, .jpg and .jpeg files (case-insensitive, nested folders included). Hidden (dot-prefixed) files
/// and folders are skipped, other files ignored.
/// </summary>
/// <param name="Classes">Class names in label order.</param>
/// <param name="Files">Every image, by class, then by path (ordinal) within a class, so the order is the same everywhere.</param>
public sealed record ImageFolderScan(string Root, IReadOnlyList<string> Classes, IReadOnlyList<ImageFile> Files)
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    private const string Layout = "expected one sub-folder per class holding .png, .jpg or .jpeg files, e.g. cat/001.png, dog/002.jpg";

    /// <param name="classes">
    /// The class folders in label order; every one must exist and no other may. Null: every folder,
    /// sorted ordinally.
    /// </param>
    public static ImageFolderScan Scan(string root, IReadOnlyList<string>? classes)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DatasetException($"{full}: image folder does not exist; {Layout}.");
        var loose = Directory.EnumerateFiles(full).Where(IsImage).Order(StringComparer.Ordinal).ToList();
        if (loose.Count > 0)
        {
            throw new DatasetException(
                $"{full}: {loose.Count} image(s) lie directly in the folder ({string.Join(", ", loose.Take(3).Select(Path.GetFileName))}); " +
                $"images must be in class folders: {Layout}.");
        }
        var folders = Directory.EnumerateDirectories(full).Select(Path.GetFileName).OfType<string>()
            .Where(name => !IsHidden(name)).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
            throw new DatasetException($"{full}: holds no class folders; {Layout}.");

        var ordered = classes is null ? folders : CheckClasses(full, classes, folders);
        if (ordered.Count < 2)
            throw new DatasetException($"{full}: holds only the class '{ordered[0]}'; a classifier needs at least 2 classes; {Layout}.");
        var files = new List<ImageFile>();
        for (var label = 0; label < ordered.Count; label++)
        {
            var folder = Path.Combine(full, ordered[label]);
            var images = ImagesUnder(folder).Order(StringComparer.Ordinal).ToList();
            if (images.Count == 0)
                throw new DatasetException($"{folder}: class folder holds no images; expected .png, .jpg or .jpeg files.");
            files.AddRange(images.Select(path => new ImageFile(path, label)));
        }
        return new ImageFolderScan(full, ordered, files);
    }

    private static List<string> CheckClasses(string root, IReadOnlyList<string> classes, List<string> folders)
    {
        var repeated = classes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            throw new DatasetException($"{root}: the class list names {string.Join(", ", repeated)} more than once; expected each class once.");
        var missing = classes.Except(folders, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetException(
                $"{root}: no folder for the listed class(es) {string.Join(", ", missing)}; the class folders present are: {string.Join(", ", folders)}.");
        }
        var unlisted = folders.Except(classes, StringComparer.Ordinal).ToList();
        if (unlisted.Count > 0)
        {
            throw new DatasetException(
                $"{root}: the folder(s) {string.Join(", ", unlisted)} are not in the class list; list them too, or move them out of the folder.");
        }
        return [.. classes];
    }

    /// <summary>
    /// The images in a folder and its visible sub-folders. Folder links are followed, as torchvision
    /// does, but each real folder is read once, so a link back up the tree cannot loop.
    /// </summary>
    private static List<string> ImagesUnder(string classFolder)
    {
        var images = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([classFolder]);
        while (pending.TryPop(out var folder))
        {
            if (!visited.Add(new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder))
                continue;
            images.AddRange(Directory.EnumerateFiles(folder).Where(IsImage));
            foreach (var sub in Directory.EnumerateDirectories(folder).Where(d => !IsHidden(Path.GetFileName(d))))
                pending.Push(sub);
        }
        return images;
    }

    private static bool IsImage(string path) =>
        !IsHidden(Path.GetFileName(path)) && Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static bool IsHidden(string name) => name.StartsWith('.');
}
