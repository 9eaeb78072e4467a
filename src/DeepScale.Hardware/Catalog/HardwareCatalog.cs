using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// The hardware and price catalog: accelerators, interconnects, systems, storage and cloud instances, read once from
/// the CSV files embedded in this assembly (copies of <c>shared/catalog</c>, plus the MAMF matmul table for the
/// matmul ceilings). Lookups by lowercase-kebab id; an unknown id throws <see cref="UnknownCatalogIdException"/> with
/// the nearest valid ids. Beside the files it holds this machine: the <c>host-cpu</c> accelerator, its CPU kernel
/// model (<see cref="HostCpu"/>), the <c>loopback-tcp</c> link and the <c>host</c> system, placeholders until a
/// calibration replaces them. Immutable: <see cref="WithHostCpuCalibration"/> and <see cref="WithAccelerator"/>
/// return new catalogs.
/// </summary>
public sealed class HardwareCatalog
{
    private static readonly string[] s_files =
        ["accelerators.csv", "interconnects.csv", "systems.csv", "storage.csv", "cloud_instances.csv", "mamf_matmul_tflops.csv"];

    /// <summary>Where the committed host-cpu calibration lives in the repository; the build embeds it.</summary>
    public const string CalibrationPath = "results/calibration/host-cpu.json";

    private const string CalibrationResource = "DeepScale.Hardware.Calibration.host-cpu.json";

    private static readonly Lazy<HardwareCatalog> s_default = new(LoadDefault);

    private readonly ImmutableSortedDictionary<string, AcceleratorSpec> _accelerators;
    private readonly ImmutableSortedDictionary<string, LinkSpec> _links;
    private readonly ImmutableSortedDictionary<string, SystemSpec> _systems;
    private readonly ImmutableSortedDictionary<string, StorageSpec> _storage;
    private readonly ImmutableSortedDictionary<string, CloudInstanceSpec> _cloud;

    private HardwareCatalog(
        ImmutableSortedDictionary<string, AcceleratorSpec> accelerators,
        ImmutableSortedDictionary<string, LinkSpec> links,
        ImmutableSortedDictionary<string, SystemSpec> systems,
        ImmutableSortedDictionary<string, StorageSpec> storage,
        ImmutableSortedDictionary<string, CloudInstanceSpec> cloud,
        MatmulCeilings ceilings,
        string version,
        ImmutableArray<string> warnings,
        HostCpuCostProfile hostCpu)
    {
        _accelerators = accelerators;
        _links = links;
        _systems = systems;
        _storage = storage;
        _cloud = cloud;
        MatmulCeilings = ceilings;
        Version = version;
        Warnings = warnings;
        HostCpu = hostCpu;
    }

    /// <summary>
    /// The catalog built from the embedded data (read once, shared): the CSV files, and the host-cpu calibration
    /// that was committed in <see cref="CalibrationPath"/> when this build was made (the placeholder and a warning
    /// naming the file when it was missing or unusable). Its <see cref="Version"/> covers both.
    /// </summary>
    public static HardwareCatalog Default => s_default.Value;

    /// <summary>"sha256:" and the first 16 hex digits of the hash of the embedded CSV bytes, in file order.</summary>
    public string Version { get; }

    /// <summary>Warnings raised while building (e.g. a missing host-cpu calibration file).</summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>The CPU kernel model of the <c>host-cpu</c> device (the roofline placeholder until a calibration is loaded).</summary>
    public HostCpuCostProfile HostCpu { get; }

    /// <summary>Matmul efficiency ceilings and their defaults.</summary>
    public MatmulCeilings MatmulCeilings { get; }

    /// <summary>All accelerators, sorted by id.</summary>
    public IEnumerable<AcceleratorSpec> Accelerators => _accelerators.Values;

    /// <summary>All interconnects, sorted by id.</summary>
    public IEnumerable<LinkSpec> Links => _links.Values;

    /// <summary>All system presets, sorted by id.</summary>
    public IEnumerable<SystemSpec> Systems => _systems.Values;

    /// <summary>All storage products, sorted by id.</summary>
    public IEnumerable<StorageSpec> Storage => _storage.Values;

    /// <summary>All cloud instance types, sorted by id.</summary>
    public IEnumerable<CloudInstanceSpec> CloudInstances => _cloud.Values;

    /// <summary>The accelerator with this id.</summary>
    public AcceleratorSpec Accelerator(string id) => Find(_accelerators, id, "accelerator");

    /// <summary>The interconnect with this id.</summary>
    public LinkSpec Link(string id) => Find(_links, id, "interconnect");

    /// <summary>The system preset with this id.</summary>
    public SystemSpec System(string id) => Find(_systems, id, "system");

    /// <summary>The storage product with this id.</summary>
    public StorageSpec StorageProduct(string id) => Find(_storage, id, "storage");

    /// <summary>The cloud instance with this id (e.g. <c>aws-p4d-24xlarge</c>).</summary>
    public CloudInstanceSpec CloudInstance(string id) => Find(_cloud, id, "cloud instance");

    /// <summary>The cloud instance by provider and instance name as the provider spells it (e.g. aws, p4d.24xlarge).</summary>
    public CloudInstanceSpec CloudInstance(string provider, string instance) =>
        CloudInstance(CatalogIds.ToKebab(provider + " " + instance));

    /// <summary>True when an accelerator with this id exists.</summary>
    public bool HasAccelerator(string id) => _accelerators.ContainsKey(id);

    /// <summary>Whether <see cref="EfficiencyProfile"/> can time kernels on the accelerator (a calibrated or documented profile).</summary>
    public bool HasEfficiencyProfile(string acceleratorId) => acceleratorId == HostCpuDevice.Id || ComputeEfficiencyProfile.IsKnown(acceleratorId);

    /// <summary>
    /// The per-device parameters of the operator cost model for an accelerator: for <c>host-cpu</c> the profile of
    /// this catalog's CPU kernel model (<see cref="HostCpu"/>), for the others their documented defaults
    /// (<see cref="ComputeEfficiencyProfile.ForAccelerator"/>).
    /// </summary>
    public ComputeEfficiencyProfile EfficiencyProfile(string acceleratorId)
    {
        ArgumentNullException.ThrowIfNull(acceleratorId);
        return acceleratorId == HostCpuDevice.Id ? ComputeEfficiencyProfile.ForHostCpu(HostCpu) : ComputeEfficiencyProfile.ForAccelerator(acceleratorId);
    }

    /// <summary>
    /// A catalog whose <c>host-cpu</c> device, CPU kernel model, <c>loopback-tcp</c> link and <c>host</c> system come
    /// from a calibration file (the placeholders plus a warning naming the file when it is unusable).
    /// </summary>
    public HardwareCatalog WithHostCpuCalibration(string path) => WithCalibration(HostCpuDevice.LoadCalibration(path), Version);

    private HardwareCatalog WithCalibration((AcceleratorSpec Device, HostCpuCostProfile Cpu, string? Warning) calibration, string version)
    {
        (AcceleratorSpec device, HostCpuCostProfile cpu, string? warning) = calibration;
        return new HardwareCatalog(
            _accelerators.SetItem(device.Id, device),
            _links.SetItem(HostSystem.LoopbackLinkId, HostSystem.LoopbackLink(cpu)),
            _systems.SetItem(HostSystem.Id, HostSystem.Preset(cpu)),
            _storage,
            _cloud,
            MatmulCeilings,
            version,
            warning is null ? Warnings : Warnings.Add(warning),
            cpu);
    }

    /// <summary>A catalog with one accelerator added or replaced (ids must be lowercase-kebab).</summary>
    public HardwareCatalog WithAccelerator(AcceleratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!CatalogIds.IsKebab(spec.Id))
        {
            throw new ArgumentException($"accelerator id '{spec.Id}' is not lowercase-kebab", nameof(spec));
        }

        return new HardwareCatalog(_accelerators.SetItem(spec.Id, spec), _links, _systems, _storage, _cloud, MatmulCeilings, Version, Warnings, HostCpu);
    }

    private static HardwareCatalog LoadDefault()
    {
        HardwareCatalog files = Load();
        using Stream? stream = typeof(HardwareCatalog).Assembly.GetManifestResourceStream(CalibrationResource);
        if (stream is null)
        {
            return files.WithCalibration((HostCpuDevice.Placeholder, HostCpuDevice.PlaceholderCostProfile,
                $"host-cpu calibration file '{CalibrationPath}' was not present when this build was made; using the placeholder"), files.Version);
        }

        using MemoryStream copy = new();
        stream.CopyTo(copy);
        byte[] bytes = copy.ToArray();
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(files.Version));
        hash.AppendData(bytes);
        string version = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        return files.WithCalibration(HostCpuDevice.ParseCalibration(Encoding.UTF8.GetString(bytes), CalibrationPath + " (embedded at build)"), version);
    }

    /// <summary>Builds the catalog from the embedded CSV files alone (host-cpu is the placeholder).</summary>
    public static HardwareCatalog Load()
    {
        Dictionary<string, CsvTable> tables = [];
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in s_files)
        {
            byte[] bytes = ReadResource(file);
            hash.AppendData(bytes);
            tables[file] = CsvTable.Parse(Encoding.UTF8.GetString(bytes), file);
        }

        string version = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        MatmulCeilings ceilings = new(tables["mamf_matmul_tflops.csv"]);

        ImmutableSortedDictionary<string, AcceleratorSpec>.Builder accelerators = ImmutableSortedDictionary.CreateBuilder<string, AcceleratorSpec>(StringComparer.Ordinal);
        foreach (CsvRow row in tables["accelerators.csv"].Rows)
        {
            AddUnique(accelerators, AcceleratorRows.Read(row, ceilings), a => a.Id, row);
        }

        accelerators[HostCpuDevice.Id] = HostCpuDevice.Placeholder;

        ImmutableSortedDictionary<string, LinkSpec>.Builder links = ImmutableSortedDictionary.CreateBuilder<string, LinkSpec>(StringComparer.Ordinal);
        foreach (CsvRow row in tables["interconnects.csv"].Rows)
        {
            AddUnique(links, LinkRows.Read(row), l => l.Id, row);
        }

        links[HostSystem.LoopbackLinkId] = HostSystem.LoopbackLink(HostCpuDevice.PlaceholderCostProfile);

        ImmutableSortedDictionary<string, SystemSpec>.Builder systems = ImmutableSortedDictionary.CreateBuilder<string, SystemSpec>(StringComparer.Ordinal);
        foreach (SystemSpec s in SystemRows.Read(tables["systems.csv"], links))
        {
            if (!accelerators.ContainsKey(s.AcceleratorId))
            {
                throw new FormatException($"system {s.Id}: accelerator '{s.AcceleratorId}' is not in accelerators.csv");
            }

            systems.Add(s.Id, s);
        }

        systems[HostSystem.Id] = HostSystem.Preset(HostCpuDevice.PlaceholderCostProfile);

        ImmutableSortedDictionary<string, StorageSpec>.Builder storage = ImmutableSortedDictionary.CreateBuilder<string, StorageSpec>(StringComparer.Ordinal);
        foreach (StorageSpec s in StorageRows.Read(tables["storage.csv"]))
        {
            storage.Add(s.Id, s);
        }

        HashSet<string> acceleratorIds = [.. accelerators.Keys];
        ImmutableSortedDictionary<string, CloudInstanceSpec>.Builder cloud = ImmutableSortedDictionary.CreateBuilder<string, CloudInstanceSpec>(StringComparer.Ordinal);
        foreach (CsvRow row in tables["cloud_instances.csv"].Rows)
        {
            AddUnique(cloud, CloudRows.Read(row, acceleratorIds), c => c.Id, row);
        }

        return new HardwareCatalog(accelerators.ToImmutable(), links.ToImmutable(), systems.ToImmutable(),
            storage.ToImmutable(), cloud.ToImmutable(), ceilings, version, [], HostCpuDevice.PlaceholderCostProfile);
    }

    private static void AddUnique<T>(ImmutableSortedDictionary<string, T>.Builder map, T value, Func<T, string> id, CsvRow row)
    {
        if (!map.TryAdd(id(value), value))
        {
            throw new FormatException($"{row.Location}: id '{id(value)}' is already used by another row");
        }
    }

    private static T Find<T>(ImmutableSortedDictionary<string, T> map, string id, string kind)
    {
        ArgumentNullException.ThrowIfNull(id);
        return map.TryGetValue(id, out T? value)
            ? value
            : throw new UnknownCatalogIdException(kind, id, CatalogIds.Nearest(id, map.Keys));
    }

    private static byte[] ReadResource(string file)
    {
        Assembly assembly = typeof(HardwareCatalog).Assembly;
        string name = "DeepScale.Hardware.Catalog.Data." + file;
        using Stream stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded catalog file {name} is missing from {assembly.GetName().Name}");
        using MemoryStream copy = new();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
