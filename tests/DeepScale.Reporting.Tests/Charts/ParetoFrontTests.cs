using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Tests.Charts;

[TestClass]
public sealed class ParetoFrontTests
{
    [TestMethod]
    public void Indices_MixedPoints_KeepsOnlyPointsNothingBeatsOnBoth()
    {
        CostTimePoint[] points =
        [
            new("slow-cheap", 100, 10),
            new("fast-dear", 10, 100),
            new("dominated", 50, 60),
            new("middle", 40, 30),
            new("same-time-dearer", 40, 31),
        ];

        IReadOnlyList<int> front = ParetoFront.Indices(points);

        CollectionAssert.AreEqual(new[] { 1, 3, 0 }, front.ToArray());
    }

    [TestMethod]
    public void Indices_IdenticalPoints_BothOnFront()
    {
        CostTimePoint[] points = [new("a", 10, 10), new("b", 10, 10), new("c", 20, 20)];

        CollectionAssert.AreEqual(new[] { 0, 1 }, ParetoFront.Indices(points).ToArray());
    }

    [TestMethod]
    public void Indices_NoPoints_IsEmpty()
    {
        Assert.IsEmpty(ParetoFront.Indices([]));
    }
}
