using System.Diagnostics;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

/// <summary>Timings at the 1,024-GPU scale of the benchmark (128 DGX A100 nodes on a fat tree).</summary>
[TestClass]
public sealed class ScaleBenchmarkTests
{
    [TestMethod]
    [DoNotParallelize]
    public void Ring1024_EstimateAndSingleChannelPlan_AreFast()
    {
        Stopwatch sw = Stopwatch.StartNew();
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 128));
        double build = sw.Elapsed.TotalMilliseconds;
        CollectiveModel model = new(c);
        CollectiveRequest request = new(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromGiB(1)) { Algorithm = CollectiveAlgorithm.Ring };
        sw.Restart();
        CollectiveEstimate first = model.Estimate(request);
        double firstMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        for (int i = 0; i < 100; i++)
        {
            model.Estimate(request with { Size = Bytes.FromMiB(1 + i) });
        }

        double repeatUs = sw.Elapsed.TotalMicroseconds / 100;
        CollectiveRequest oneChannel = request with { MaxChannels = 1 };
        sw.Restart();
        CollectivePlan plan = model.Plan(oneChannel);
        double planMs = sw.Elapsed.TotalMilliseconds;
        Assert.HasCount(2 * 1023 * 1024, plan.Steps);
        Assert.AreEqual(model.Estimate(oneChannel), plan.Estimate);
        Assert.IsLessThan(5000.0, firstMs);
        Cluster dgx = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb"));
        CollectiveModel small = new(dgx);
        CollectiveRequest eight = new(CollectiveOp.AllReduce, dgx.Accelerators, Bytes.FromMiB(64));
        small.Estimate(eight);
        sw.Restart();
        for (int i = 0; i < 1000; i++)
        {
            small.Estimate(eight with { Size = Bytes.FromKiB(32 + i) });
        }

        double eightUs = sw.Elapsed.TotalMicroseconds / 1000;
        string report = string.Create(CultureInfo.InvariantCulture,
            $"8-GPU estimate (NCCL choice over ring/tree x 3 protocols) {eightUs:F1} us; " +
            $"1024-GPU build {build:F1} ms; first estimate (8 rail rings, 8192 routes) {firstMs:F1} ms; repeated estimate {repeatUs:F1} us; " +
            $"1-channel plan {plan.Steps.Length} steps in {planMs:F0} ms; 1 GiB ring busbw {first.BusBandwidthValue.GBps:F1} GB/s in {first.Time}");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "scale-benchmark.txt"), report);
    }
}
