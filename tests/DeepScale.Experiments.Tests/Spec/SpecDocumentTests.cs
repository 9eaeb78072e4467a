using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

[TestClass]
public sealed class SpecDocumentTests
{
    private const string Minimal = "name: x\nmodel: { preset: gpt3-1.7b }\ncluster: { system: dgx-a100-80gb }\ntraining: { global_batch: 8 }\n";

    [TestMethod]
    public void Sha256_CommentsLayoutAndKeyOrder_DoNotChangeIt()
    {
        SpecDocument a = SpecDocument.Parse(Minimal, "a.yaml");
        SpecDocument b = SpecDocument.Parse(
            "# same spec\ntraining:\n  global_batch: 8\ncluster:\n  system: \"dgx-a100-80gb\"\nmodel:\n  preset: 'gpt3-1.7b'\nname: x   # trailing\n", "b.yaml");

        Assert.AreEqual(a.ToCanonicalText(), b.ToCanonicalText());
        Assert.AreEqual(a.Sha256(), b.Sha256());
    }

    [TestMethod]
    public void Sha256_DifferentValue_ChangesIt()
    {
        SpecDocument a = SpecDocument.Parse(Minimal, "a.yaml");
        SpecDocument b = SpecDocument.Parse(Minimal.Replace("global_batch: 8", "global_batch: 16", StringComparison.Ordinal), "b.yaml");

        Assert.AreNotEqual(a.Sha256(), b.Sha256());
    }

    [TestMethod]
    public void ToCanonicalText_Minimal_IsSortedAndTyped()
    {
        SpecDocument a = SpecDocument.Parse(Minimal + "fidelity: full\nseed: 7\n", "a.yaml");

        Assert.AreEqual(
            "{cluster: {system: \"dgx-a100-80gb\"}, fidelity: \"full\", model: {preset: \"gpt3-1.7b\"}, name: \"x\", seed: 7, training: {global_batch: 8}}",
            a.ToCanonicalText());
    }

    [TestMethod]
    public void ApplyOverride_Assignment_ChangesTheResolvedScenarioAndTheHash()
    {
        SpecDocument spec = ScenarioLoader.ParseText(Minimal, "a.yaml");

        SpecDocument changed = ScenarioLoader.ApplyOverride(spec, "parallelism.tensor = 4");
        Scenario s = ScenarioLoader.Resolve(changed);

        Assert.AreEqual(4, s.Layout.Tensor);
        Assert.AreEqual(2, s.Layout.Data);
        Assert.AreNotEqual(ScenarioLoader.Resolve(spec).SpecSha256, s.SpecSha256);
        Assert.IsNull(spec.Find("parallelism"), "the original document is unchanged");
    }

    [TestMethod]
    public void ApplyOverride_ExistingValueAndUnitString_Replaces()
    {
        SpecDocument spec = ScenarioLoader.ParseText(Minimal + "data: { samples: 100, bytes_per_sample: \"1 MiB\" }\n", "a.yaml");

        Scenario s = ScenarioLoader.Resolve(ScenarioLoader.ApplyOverride(spec, "data.bytes_per_sample=\"3 MiB\""));

        Assert.AreEqual(Core.Units.Bytes.FromMiB(3), s.Data!.BytesPerSample);
    }

    [TestMethod]
    public void ApplyOverride_BadValue_ErrorNamesTheOverride()
    {
        SpecDocument spec = ScenarioLoader.ApplyOverride(ScenarioLoader.ParseText(Minimal, "a.yaml"), "parallelism.tensor=3");

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.Resolve(spec));

        Assert.AreEqual("override:1:1: parallelism.tensor: tensor·pipeline = 3·1 = 3 does not divide the 8 GPUs of the cluster, so parallelism.data cannot be derived", ex.Message);
    }

    [TestMethod]
    public void ApplyOverride_UnknownPath_SuggestsTheNearest()
    {
        SpecDocument spec = ScenarioLoader.ParseText(Minimal, "a.yaml");

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.ApplyOverride(spec, "paralelism.tensor=4"));

        Assert.StartsWith("override: paralelism.tensor: unknown field path; nearest: parallelism.tensor", ex.Message);
    }

    [TestMethod]
    public void ApplyOverride_WithoutEquals_ExplainsTheSyntax()
    {
        SpecDocument spec = ScenarioLoader.ParseText(Minimal, "a.yaml");

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.ApplyOverride(spec, "parallelism.tensor 4"));

        Assert.Contains("an override is written field.path=value", ex.Message);
    }

    [TestMethod]
    public void With_PathThroughAScalar_Throws()
    {
        SpecDocument spec = SpecDocument.Parse(Minimal, "a.yaml");
        SpecNode value = SpecDocument.ParseValue("4");

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => spec.With("name.first", value));

        Assert.Contains("name.first: cannot set it: name is the text \"x\", not a section", ex.Message);
    }

    [TestMethod]
    public void With_ListIndex_ReplacesThatItem()
    {
        SpecDocument spec = SpecDocument.Parse(
            "name: x\nmodel: { preset: gpt3-1.7b }\ncluster:\n  system: dgx-a100-80gb\n  storage: [{ kind: lustre }, { kind: object-store }]\ntraining: { global_batch: 8 }\n", "a.yaml");

        SpecDocument changed = ScenarioLoader.ApplyOverride(spec, "cluster.storage[1].kind=gpfs");

        Assert.AreEqual("gpfs", ((SpecScalar)changed.Find("cluster.storage[1].kind")!).Value);
        Assert.AreEqual("lustre", ((SpecScalar)changed.Find("cluster.storage[0].kind")!).Value);
    }

    [TestMethod]
    public void Parse_Positions_AreOneBasedLineAndColumn()
    {
        SpecDocument spec = SpecDocument.Parse("name: x\nparallelism:\n  tensor: 8\n", "p.yaml");

        Assert.AreEqual(new SpecPosition("p.yaml", 3, 11), spec.Find("parallelism.tensor")!.Position);
        Assert.AreEqual(new SpecPosition("p.yaml", 3, 11), spec.Locate("parallelism.tensor"));
        Assert.AreEqual(new SpecPosition("p.yaml", 3, 3), spec.Locate("parallelism.pipeline"));
    }

    [TestMethod]
    public void Parse_ScalarStylesAndNulls_AreKept()
    {
        SpecDocument spec = SpecDocument.Parse("a: plain\nb: 'single'\nc: \"double\"\nd: ~\ne:\nf: null\ng: |\n  block\n", "s.yaml");

        Assert.AreEqual(new SpecScalar("plain", false, new SpecPosition("s.yaml", 1, 4)), spec.Find("a"));
        Assert.IsTrue(((SpecScalar)spec.Find("b")!).Quoted);
        Assert.IsTrue(((SpecScalar)spec.Find("c")!).Quoted);
        Assert.IsTrue(((SpecScalar)spec.Find("d")!).IsNull);
        Assert.IsTrue(((SpecScalar)spec.Find("e")!).IsNull);
        Assert.IsTrue(((SpecScalar)spec.Find("f")!).IsNull);
        Assert.AreEqual("block\n", ((SpecScalar)spec.Find("g")!).Value);
    }

    [TestMethod]
    public void Parse_AliasesExpandWithinTheLimit()
    {
        SpecDocument spec = SpecDocument.Parse("a: &x [1, 2]\nb: *x\n", "a.yaml");

        Assert.AreEqual("[1, 2]", spec.Find("b")!.ToCanonicalText());
    }

    [TestMethod]
    public void Parse_BillionLaughs_IsRefused()
    {
        string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 8; i++)
        {
            char prev = (char)('a' + i - 1);
            char cur = (char)('a' + i);
            text += $"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n";
        }

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => SpecDocument.Parse(text, "lol.yaml"));

        Assert.Contains("more than 100000 YAML nodes once aliases are expanded", ex.Message);
    }

    [TestMethod]
    public void Parse_Bom_IsAccepted()
    {
        SpecDocument spec = SpecDocument.Parse("\uFEFFname: x\n", "bom.yaml");

        Assert.AreEqual("x", ((SpecScalar)spec.Find("name")!).Value);
    }
}
