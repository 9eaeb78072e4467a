using System.Collections.Immutable;

using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Horovod's data-parallel scaling (Horovod README, Sep–Oct 2017; shared/refdata/horovod_scaling.csv): images/s
/// and scaling efficiency of Inception V3, ResNet-101 and VGG-16 with TensorFlow on 16 to 512 Pascal GPUs over
/// 25 Gbit/s RoCE and 40 Gbit/s TCP. The suite runs only when the model zoo holds those networks and the catalog a
/// Pascal GPU; a substitute (ResNet-50) is not used, because the rows name their models and the efficiency they
/// report depends on each model's parameter-to-FLOP ratio (VGG-16 carries about 138M parameters for 15.5 GFLOPs
/// per image, ResNet-50 about 25.6M for 4.1 GFLOPs; Simonyan and Zisserman 2015, He et al. 2016).
/// </summary>
public sealed class HorovodSuite : IValidationSuite
{
    public const string FileName = "horovod_scaling.csv";

    public string Name => "horovod";

    public string Title => "Horovod data-parallel scaling, Inception V3 / ResNet-101 / VGG-16 on Pascal GPUs (Horovod README 2017)";

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        IReadOnlyList<string> models = MissingInputs.Models("inception-v3", "resnet101", "vgg16");
        var missing = new List<string>();
        if (models.Count > 0)
        {
            missing.Add($"the model zoo has no {string.Join(", ", models)}");
        }

        if (MissingInputs.NoAccelerator(options.CatalogOrDefault, "p100"))
        {
            missing.Add("the catalog has no Pascal GPU (the rows say only \"Pascal (model not stated)\")");
        }

        missing.Add("the 25 Gbit/s RoCE and 40 Gbit/s TCP networks are not catalog links (cluster.scale_out.nic_rate could express their rates)");
        missing.Add("TensorFlow's parameter-server rows have no strategy in DeepScale");
        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "images/s (scaling efficiency)",
            Fidelity = options.Fidelity,
            NotRunnableReason = string.Join("; ", missing),
            Skipped = [.. table.Rows.Select(r => new SkippedRow($"{r["model"]} {r["setup"]} {r["num_gpus"]} GPUs", "see the suite's reason"))],
            Notes = ["ResNet-50 (in the zoo) is not substituted: the rows name other models and do not allow a substitute"],
        };
    }
}
