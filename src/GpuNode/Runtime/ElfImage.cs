using System.Buffers.Binary;
using System.Text;

namespace SweepCluster.GpuNode.Runtime;

/// <summary>
/// Read-only view of a 64-bit little-endian ELF shared library: just enough to see which symbol
/// versions it needs and defines, and which libraries it links. Hand-written so that no patchelf or
/// readelf is needed at run time.
/// </summary>
internal sealed class ElfImage
{
    private const uint SectionDynamic = 6;
    private const uint SectionVersionDefinitions = 0x6ffffffd;
    private const uint SectionVersionNeeds = 0x6ffffffe;
    private const long DynamicNeeded = 1;

    private readonly byte[] _bytes;
    private readonly Section[] _sections;

    private ElfImage(string path, byte[] bytes)
    {
        Path = path;
        _bytes = bytes;
        _sections = ReadSections();
    }

    public string Path { get; }

    public static ElfImage Read(string path) => Parse(path, File.ReadAllBytes(path));

    public static ElfImage Parse(string path, byte[] bytes)
    {
        ReadOnlySpan<byte> magic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
        if (bytes.Length < 64 || !bytes.AsSpan(0, 4).SequenceEqual(magic))
            throw new InvalidDataException($"{path} is not an ELF file.");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
        return new ElfImage(path, bytes);
    }

    /// <summary>Libraries named by DT_NEEDED entries, in link order.</summary>
    public IReadOnlyList<string> NeededLibraries()
    {
        var dynamic = _sections.FirstOrDefault(s => s.Type == SectionDynamic);
        if (dynamic is null)
            return [];
        var strings = _sections[dynamic.Link];
        var needed = new List<string>();
        for (long at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
        {
            var tag = ReadInt64(at);
            if (tag == 0)
                break;
            if (tag == DynamicNeeded)
                needed.Add(ReadString(strings.Offset + ReadInt64(at + 8)));
        }
        return needed;
    }

    /// <summary>Version names this library defines (e.g. GLIBCXX_3.4.30 in libstdc++).</summary>
    public IReadOnlySet<string> DefinedVersions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in _sections.Where(s => s.Type == SectionVersionDefinitions))
        {
            var strings = _sections[section.Link];
            long entry = section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32
                var auxOffset = ReadUInt32(entry + 12);
                // Elf64_Verdaux: vda_name u32, vda_next u32; the first one names the version itself.
                names.Add(ReadString(strings.Offset + ReadUInt32(entry + auxOffset)));
                var next = ReadUInt32(entry + 16);
                if (next == 0)
                    break;
                entry += next;
            }
        }
        return names;
    }

    /// <summary>Versions this library needs from others, with where each entry's flags live.</summary>
    public IReadOnlyList<VersionNeed> NeededVersions()
    {
        var needs = new List<VersionNeed>();
        foreach (var section in _sections.Where(s => s.Type == SectionVersionNeeds))
        {
            var strings = _sections[section.Link];
            long entry = section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                var count = ReadUInt16(entry + 2);
                var file = ReadString(strings.Offset + ReadUInt32(entry + 4));
                long aux = entry + ReadUInt32(entry + 8);
                for (var j = 0; j < count; j++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    var flags = ReadUInt16(aux + 4);
                    var name = ReadString(strings.Offset + ReadUInt32(aux + 8));
                    needs.Add(new VersionNeed(file, name, flags, aux + 4));
                    var nextAux = ReadUInt32(aux + 12);
                    if (nextAux == 0)
                        break;
                    aux += nextAux;
                }
                var next = ReadUInt32(entry + 12);
                if (next == 0)
                    break;
                entry += next;
            }
        }
        return needs;
    }

    /// <summary>A copy of the file's bytes, for writing a patched version.</summary>
    public byte[] CopyBytes() => (byte[])_bytes.Clone();

    private Section[] ReadSections()
    {
        var headerOffset = ReadInt64(0x28);
        var entrySize = ReadUInt16(0x3A);
        var count = ReadUInt16(0x3C);
        if (headerOffset <= 0 || headerOffset + (long)entrySize * count > _bytes.Length)
            throw new InvalidDataException($"{Path}: section headers lie outside the file (truncated?).");
        var sections = new Section[count];
        for (var i = 0; i < count; i++)
        {
            var at = headerOffset + (long)i * entrySize;
            sections[i] = new Section(
                Type: ReadUInt32(at + 4),
                Offset: ReadInt64(at + 24),
                Size: ReadInt64(at + 32),
                Link: (int)ReadUInt32(at + 40),
                Info: (int)ReadUInt32(at + 44));
        }
        return sections;
    }

    private ushort ReadUInt16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)at, 2));

    private uint ReadUInt32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)at, 4));

    private long ReadInt64(long at) => BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan((int)at, 8));

    private string ReadString(long at)
    {
        var span = _bytes.AsSpan((int)at);
        var end = span.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
    }

    private sealed record Section(uint Type, long Offset, long Size, int Link, int Info);
}

/// <summary>One Vernaux entry: a version <paramref name="Name"/> needed from <paramref name="File"/>.</summary>
internal sealed record VersionNeed(string File, string Name, ushort Flags, long FlagsOffset)
{
    /// <summary>VER_FLG_WEAK: the loader only warns when a weak version is missing.</summary>
    public const ushort WeakFlag = 0x2;

    public bool IsWeak => (Flags & WeakFlag) != 0;
}
