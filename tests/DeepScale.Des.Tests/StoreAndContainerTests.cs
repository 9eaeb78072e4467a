using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;

namespace DeepScale.Des.Tests;

[TestClass]
public sealed class StoreAndContainerTests
{
    [TestMethod]
    public void Store_GetBeforePut_WaitsAndReceivesInFifoOrder()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim);
        var received = new List<(int Item, double At)>();
        IEnumerable<Event> Consumer()
        {
            for (int i = 0; i < 3; i++)
            {
                StoreGet<int> get = store.Get();
                yield return get;
                received.Add((get.Value, sim.Now.Seconds));
            }
        }

        IEnumerable<Event> Producer()
        {
            for (int i = 1; i <= 3; i++)
            {
                yield return sim.Timeout(Duration.FromSeconds(1));
                store.Put(i * 10);
            }
        }

        sim.Process(Consumer());
        sim.Process(Producer());
        sim.Run();
        CollectionAssert.AreEqual(new[] { (10, 1.0), (20, 2.0), (30, 3.0) }, received);
    }

    [TestMethod]
    public void Store_FilteredGet_TakesOldestMatchingItem()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim);
        store.Put(1);
        store.Put(2);
        store.Put(4);
        StoreGet<int> even = store.Get(x => x % 2 == 0);
        StoreGet<int> big = store.Get(x => x > 10);
        sim.Run();
        Assert.AreEqual(2, even.Value);
        Assert.IsFalse(big.IsTriggered);
        store.Put(11);
        sim.Run();
        Assert.AreEqual(11, big.Value);
        Assert.AreEqual(2, store.Count);
    }

    [TestMethod]
    public void Store_Bounded_PutWaitsUntilSpace()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim, capacity: 1);
        StorePut<string> first = store.Put("a");
        StorePut<string> second = store.Put("b");
        sim.Run();
        Assert.IsTrue(first.IsProcessed);
        Assert.IsFalse(second.IsTriggered);
        StoreGet<string> get = store.Get();
        sim.Run();
        Assert.AreEqual("a", get.Value);
        Assert.IsTrue(second.IsProcessed);
        Assert.AreEqual(1, store.Count);
    }

    [TestMethod]
    public void Container_GetWaitsForLevel_PutWaitsForRoom()
    {
        var sim = new Simulation();
        var hbm = new Container(sim, capacity: 80, initialLevel: 0);
        ContainerRequest big = hbm.Put(60);
        ContainerRequest tooMuch = hbm.Put(30);
        ContainerRequest get = hbm.Get(50);
        sim.Run();
        Assert.IsTrue(big.IsOk);
        Assert.IsTrue(get.IsOk);
        Assert.IsTrue(tooMuch.IsOk);
        Assert.AreEqual(40, hbm.Level, 1e-12);
        Assert.AreEqual(60, hbm.PeakLevel, 1e-12);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-1.0)]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void Container_BadCapacity_Throws(double capacity) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Container(new Simulation(), capacity));

    [TestMethod]
    public void Container_AmountAboveCapacity_Throws()
    {
        var c = new Container(new Simulation(), 10);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => c.Put(11));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => c.Get(double.NaN));
        Assert.AreEqual(0, c.Level);
    }
}
