using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

[TestClass]
public sealed class ParameterTensorTests
{
    [TestMethod]
    [DataRow("gpt3-1.7b", 1, 12)]
    [DataRow("gpt3-175b", 8, 12)]
    [DataRow("llama2-7b", 1, 6)]
    public void TensorSizes_TransformerBlock_ListEveryTensorAndSumToParameters(string id, int tensor, int expectedTensors)
    {
        // GPT: two LayerNorms (scale, shift) and four linear layers (weight, bias); Llama: two RMSNorm scales and four
        // bias-free linear layers (the SwiGLU gate and up projections are one fused weight).
        TransformerModel m = ModelZoo.GetTransformer(id);
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions { TensorParallel = tensor });
        LayerAccount block = a.Layers.First(l => l.Kind == LayerKind.Transformer);

        long[] sizes = [.. block.Operators.SelectMany(o => o.TensorSizes)];

        Assert.HasCount(expectedTensors, sizes);
        Assert.AreEqual(block.Parameters, sizes.Sum());
        Assert.IsTrue(sizes.All(n => n > 0));
    }

    [TestMethod]
    public void TensorSizes_GptLinearLayer_SplitsWeightAndBias()
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions());
        Operator fc1 = a.Layers.First(l => l.Kind == LayerKind.Transformer).Operators.First(o => o.Name == "mlp.fc1");

        CollectionAssert.AreEqual(new long[] { (long)m.Hidden * m.FfnHidden, m.FfnHidden }, fc1.TensorSizes.ToArray());
    }
}
