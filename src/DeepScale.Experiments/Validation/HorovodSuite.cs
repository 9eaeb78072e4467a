using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Horovod's data-parallel scaling (Horovod README, Sep–Oct 2017; shared/refdata/horovod_scaling.csv): images/s
/// and speedup over one GPU of Inception V3, ResNet-101 and VGG-16 with TensorFlow's tf_cnn_benchmarks on 16
/// Pascal GPUs (4 servers, 25 Gbit/s RoCE) and 64 (16 servers, plain 40 Gbit/s TCP), 4 GPUs per server, 64 images
/// per GPU. The suite simulates the Horovod rows that reduce gradients on the GPU with NCCL and compares the
/// speedup over one GPU, predicted as the simulated throughput at N GPUs over the simulated single-GPU throughput
/// (a ratio, so the unstated Pascal model enters through the compute-to-communication balance only). Target (set
/// here): MAPE ≤ 10%.
/// </summary>
public sealed partial class HorovodSuite : IValidationSuite
{
    public const string FileName = "horovod_scaling.csv";

    /// <summary>The catalog system every server is built from (4 of its GPUs used).</summary>
    public const string System = "big-basin-p100";

    /// <summary>The catalog Ethernet NIC row; its line rate is replaced by the rate each row states.</summary>
    public const string NicLink = "roce-50g";

    /// <summary>GPUs per server (every row: 4 Pascal GPUs per server).</summary>
    public const int GpusPerServer = 4;

    /// <summary>Images per GPU per iteration (every row: batch size 64).</summary>
    public const int PerGpuBatch = 64;

    /// <summary>Horovod Tensor Fusion's default fusion buffer, HOROVOD_FUSION_THRESHOLD (Horovod docs/tensor-fusion: 64 MB).</summary>
    public const string FusionBuffer = "64 MiB";

    private const string NcclSetup = "allreduce on GPU with NCCL";

    public string Name => "horovod";

    public string Title => "Horovod data-parallel scaling, ResNet-101 / VGG-16 on Pascal GPUs with NCCL all-reduce (Horovod README 2017)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["model", "setup", "gpus", "servers", "gpus_per_server", "nic_rate", "per_gpu_batch", "precision", "system", "scored"];

    /// <summary>The rule for what the README does not give, one setting per line.</summary>
    public static ImmutableArray<string> Rule { get; } =
    [
        "ResNet-101 and VGG-16 from the model zoo (resnet101, vgg16: 224×224 RGB, 1000 classes); pure data parallelism, 64 images per GPU, global batch = 64 · GPUs",
        "GPU: p100-sxm2-16gb as the stand-in for \"Pascal (model not stated)\"; the predicted quantity is a ratio of two runs on the same GPU",
        $"servers: {System} nodes limited to {GpusPerServer} GPUs (cluster.gpus_per_node: {GpusPerServer}), i.e. one fully NVLink-connected quad of the cube-mesh; the servers' own GPU interconnect is not stated",
        $"network: one NIC per server ({NicLink} Ethernet row) at the line rate the row states through cluster.scale_out.nic_rate (25 Gbit/s for the RoCE testbed, 40 Gbit/s for the TCP one), fat tree, no oversubscription; the TCP rows run NCCL over TCP sockets (cluster.scale_out.transport: tcp, NICs at 0.6 of line rate: NVIDIA/nccl issue #209), the RDMA rows over RDMA",
        "fp32 compute and gradients, SGD: tf_cnn_benchmarks' defaults (--use_fp16 off, --optimizer sgd); the rows state neither",
        $"gradient reduction overlapped with backward in buckets of {FusionBuffer} (gradient_bucket), Horovod Tensor Fusion's default fusion buffer; Horovod fuses whatever is ready each cycle up to that size, whereas a bucket here is sent when full",
        "collective algorithm: the collective model's own choice for a flat all-reduce over all GPUs (Horovod 2017 hands NCCL one communicator over all ranks)",
        "single-GPU baseline: one GPU, no communication; tf_cnn_benchmarks' synthetic data, so no input pipeline is simulated",
        ProductionVariation.RuleLine,
    ];

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        HardwareCatalog catalog = options.CatalogOrDefault;
        IReadOnlyList<string> absent = MissingInputs.Models("resnet101", "vgg16");
        if (absent.Count > 0 || MissingInputs.NoAccelerator(catalog, "p100"))
        {
            string reason = absent.Count > 0
                ? $"the model zoo has no {string.Join(", ", absent)}"
                : "the catalog has no Pascal GPU (the rows say only \"Pascal (model not stated)\")";
            return new SuiteResult
            {
                Name = Name,
                Title = Title,
                Quantity = "speedup over one GPU",
                Fidelity = options.Fidelity,
                NotRunnableReason = reason,
                Skipped = [.. table.Rows.Select(r => new SkippedRow(Label(r), "see the suite's reason"))],
            };
        }

        var rows = new SuiteRows();
        var runs = new List<(string Key, RunResult Result)>();
        RunResult At(string model, int gpus, int nicGbps, bool tcp = false)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"{model} {gpus} GPUs at {nicGbps} Gbit/s{(tcp ? " over TCP" : "")}");
            foreach ((string k, RunResult r) in runs)
            {
                if (k == key)
                {
                    return r;
                }
            }

            RunResult result = Simulate(model, gpus, nicGbps, tcp, options);
            runs.Add((key, result));
            return result;
        }

        foreach (CsvRow row in table.Rows)
        {
            string label = Label(row);
            string setup = row["setup"];
            string? model = PresetOf(row["model"]);
            int gpus = MegatronTable1Suite.Int(row, "num_gpus");
            if (model is null)
            {
                rows.Skip(label, $"{row["model"]} is not in the model zoo (its inception modules need parallel branches joined by concatenation, which a convolutional preset cannot express)");
            }
            else if (!row.Has("per_gpu_batch_size"))
            {
                rows.Skip(label, "a scaling efficiency stated in the text for a chart; the transport, the all-reduce (CPU or NCCL) and the batch size of that run are not stated");
            }
            else if (gpus == 1)
            {
                int nic = NicGbps(row);
                rows.Compare(label, () =>
                {
                    double imagesPerS = At(model, 1, nic).SamplesPerS;
                    return new ValidationRow(label, Inputs(row, nic, false), imagesPerS, MegatronTable1Suite.Required(row, "images_per_sec")) { Scored = false };
                });
            }
            else if (setup.Contains(NcclSetup, StringComparison.Ordinal))
            {
                int nic = NicGbps(row);
                rows.Compare(label, () =>
                {
                    bool tcp = setup.StartsWith("TCP", StringComparison.Ordinal);
                    double speedup = At(model, gpus, nic, tcp).SamplesPerS / At(model, 1, nic).SamplesPerS;
                    return new ValidationRow(label, Inputs(row, nic, true), speedup, MegatronTable1Suite.Required(row, "speedup_vs_1gpu"));
                });
            }
            else if (setup.Contains("allreduce on CPU", StringComparison.Ordinal))
            {
                rows.Skip(label, "MPI all-reduce of gradients staged in host memory: DeepScale reduces gradients on the GPUs only");
            }
            else
            {
                rows.Skip(label, "TensorFlow parameter servers: DeepScale has no parameter-server strategy");
            }
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "speedup over one GPU (throughput at N GPUs / single-GPU throughput); unscored: single-GPU images/s",
            Fidelity = options.Fidelity,
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band; the README prints speedups to one decimal") { Guard = (28, null) },
            Scope = "the Horovod rows with NCCL all-reduce (TCP and RDMA at 16 GPUs, TCP at 64 GPUs) for ResNet-101 and VGG-16; the single-GPU images/s are shown, not scored (the GPU model is not stated)",
            Substitution = "p100-sxm2-16gb for \"Pascal (model not stated)\"",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings = Rule,
            Calibration = CalibrationNotes.ForSystem(catalog, System, Precision.Fp32),
            CalibrationSummary = CalibrationNotes.Summary(catalog, System, Precision.Fp32),
            Notes = Notes(runs),
        };
    }

    /// <summary>The scenario spec of one run, as <see cref="Rule"/> fixes it.</summary>
    /// <param name="preset">Model-zoo id (resnet101, vgg16).</param>
    /// <param name="gpus">1, or a multiple of <see cref="GpusPerServer"/>.</param>
    /// <param name="nicGbps">Line rate of each server's NIC in Gbit/s.</param>
    /// <param name="tcp">NCCL over TCP sockets (the TCP rows) rather than RDMA.</param>
    public static string SpecYaml(string preset, int gpus, int nicGbps, bool tcp = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(preset);
        int perNode = gpus == 1 ? 1 : GpusPerServer;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            name: horovod-{{preset}}-{{gpus}}gpu-{{nicGbps}}g
            model:
              preset: {{preset}}
            cluster:
              system: {{System}}
              gpus_per_node: {{perNode}}
              gpus: {{gpus}}
              {{ProductionVariation.Yaml}}
              scale_out: { link: {{NicLink}}, nic_rate: "{{nicGbps}} Gbit/s", transport: {{(tcp ? "tcp" : "rdma")}} }
            parallelism:
              gradient_bucket: "{{FusionBuffer}}"
              overlap: { grad_reduce: true }
            training:
              global_batch: {{PerGpuBatch * gpus}}
              micro_batch: {{PerGpuBatch}}
              precision: fp32
              optimizer: sgd

            """);
    }

    /// <summary>The model-zoo id of a model the CSV names, or null when the zoo has none.</summary>
    public static string? PresetOf(string model) => model switch
    {
        "ResNet-101" => "resnet101",
        "VGG-16" => "vgg16",
        _ => null,
    };

    private static RunResult Simulate(string preset, int gpus, int nicGbps, bool tcp, ValidationOptions options) =>
        options.Simulate(SpecYaml(preset, gpus, nicGbps, tcp), $"horovod {preset} {gpus} GPUs");

    private static string Label(CsvRow row)
    {
        string setup = row["setup"];
        string kind = setup.StartsWith("Baseline", StringComparison.Ordinal) ? "1 GPU images/s"
            : setup.Contains(NcclSetup, StringComparison.Ordinal) ? $"{setup[..setup.IndexOf(' ', StringComparison.Ordinal)]} NCCL"
            : setup;
        string network = row["network"].Contains("RoCE", StringComparison.Ordinal) ? "25G RoCE testbed" : "40G TCP testbed";
        return $"{row["model"]} {kind} {row["num_gpus"]} GPUs ({network})";
    }

    private static int NicGbps(CsvRow row)
    {
        Match m = GigabitRate().Match(row["network"]);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new ReferenceDataException(FileName, $"{row.Location}: network '{row["network"]}' states no rate in Gbit/s");
    }

    private static ImmutableArray<string> Inputs(CsvRow row, int nicGbps, bool scored) =>
    [
        row["model"], row["setup"], row["num_gpus"], row["num_servers"], ValidationText.Integer(GpusPerServer),
        ValidationText.Integer(nicGbps) + " Gbit/s", ValidationText.Integer(PerGpuBatch), "fp32", System, scored ? "yes" : "no",
    ];

    private static ImmutableArray<string> Notes(List<(string Key, RunResult Result)> runs)
    {
        var notes = ImmutableArray.CreateBuilder<string>();
        foreach ((string key, RunResult r) in runs)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}: iteration {r.IterationTimeS * 1000:0.0} ms (forward {r.BreakdownS.Forward * 1000:0.0}, backward {r.BreakdownS.Backward * 1000:0.0}, " +
                $"exposed data-parallel communication {r.BreakdownS.ExposedDpComm * 1000:0.0} ms), {r.SamplesPerS / r.Gpus:0.0} images/s per GPU"));
        }

        notes.Add("VGG-16's measured single-GPU 130.9 images/s would take 12.1 TFLOP/s of direct-convolution arithmetic (15.47 G multiply-adds per image, 6 FLOPs per multiply-add over forward and backward), above the 10.6 TFLOP/s fp32 peak of a P100: cuDNN ran the 3×3 layers with fewer multiplications; the compute model costs each 3×3 stride-1 phase as the faster of the implicit GEMM and Winograd F(2×2, 3×3), which brings the single-GPU prediction near the measurement; VGG-16's remaining error is in the scaling rows");
        notes.Add("Inception V3 rows are skipped (not in the zoo); the parameter-server and CPU all-reduce rows have no DeepScale strategy");
        notes.Add("the 25 and 40 Gbit/s testbeds had different single-GPU throughputs (e.g. ResNet-101 119.4 vs 136.0 images/s): different Pascal GPUs or hosts; each speedup is taken against its own testbed's baseline, as the README does");
        return notes.ToImmutable();
    }

    [GeneratedRegex(@"(\d+) Gbit/s")]
    private static partial Regex GigabitRate();
}
