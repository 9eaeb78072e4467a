using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// ImageNet in one hour (Goyal et al. 2017; shared/refdata/goyal2017_imagenet_1hour.csv): ResNet-50 on up to 352
/// Tesla P100 in Big Basin servers (8 GPUs on NVLink) over 50 Gbit/s Ethernet with Caffe2 and Gloo — about 90%
/// scaling efficiency from 8 to 256 GPUs and 12% longer iterations from 8 to 352. ResNet-50 is in the zoo, but the
/// P100 is not in the catalog; every number here is a ratio of compute to communication time, so another GPU
/// cannot stand in, and the suite reports itself not runnable with the reasons.
/// </summary>
public sealed class GoyalImageNetSuite : IValidationSuite
{
    public const string FileName = "goyal2017_imagenet_1hour.csv";

    public string Name => "goyal-imagenet";

    public string Title => "ImageNet in 1 hour: ResNet-50 on 256 P100 (Goyal et al. 2017)";

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        var missing = new List<string>();
        if (MissingInputs.NoAccelerator(options.CatalogOrDefault, "p100"))
        {
            missing.Add("the catalog has no Tesla P100 (accelerators.csv starts at V100) and no Big Basin system");
        }

        if (MissingInputs.Models("resnet50").Count > 0)
        {
            missing.Add("the model zoo has no resnet50");
        }

        missing.Add("the 50 Gbit/s Ethernet of the servers is not a catalog link (cluster.scale_out.nic_rate could express its rate)");
        missing.Add("per-iteration times exist only in Fig. 7, which was not transcribed; the text gives ratios (efficiency ~90%, +12% iteration time) and rounded epoch times");
        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "scaling efficiency / time per iteration",
            Fidelity = options.Fidelity,
            NotRunnableReason = string.Join("; ", missing),
            Skipped = [.. table.Rows.Select(r => new SkippedRow($"{r["experiment"]} {r["metric"]} {r["num_gpus"]} GPUs", "see the suite's reason"))],
            Notes = ["a V100 or A100 stand-in is not used: the efficiency depends on the ratio of P100 compute time (120 ms backward per iteration) to the all-reduce over 50 Gbit/s"],
        };
    }
}
