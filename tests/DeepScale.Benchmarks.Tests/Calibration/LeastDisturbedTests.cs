using DeepScale.Benchmarks.Calibration;
using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Tests.Calibration;

/// <summary>Repeating a measurement on a shared machine until it is undisturbed, within a patience.</summary>
[TestClass]
public sealed class LeastDisturbedTests
{
    private static (LeastDisturbed Gate, List<double> Pauses) Gate(double patienceSeconds, int attempts = 6)
    {
        var pauses = new List<double>();
        var gate = new LeastDisturbed(Duration.FromSeconds(patienceSeconds), Duration.FromSeconds(2), Duration.FromSeconds(10), attempts,
            d => pauses.Add(d.Seconds));
        return (gate, pauses);
    }

    /// <summary>A measurement whose successive attempts report the given disturbances; the result is the attempt's index.</summary>
    private static Func<(int, double)> Attempts(params double[] disturbances)
    {
        int next = 0;
        return () => (next, disturbances[next++]);
    }

    [TestMethod]
    public void Run_FirstAttemptUndisturbed_NoRetryNoPause()
    {
        (LeastDisturbed gate, List<double> pauses) = Gate(60);

        (int result, double disturbance) = gate.Run(Attempts(0.4));

        Assert.AreEqual(0, result);
        Assert.AreEqual(0.4, disturbance);
        Assert.IsEmpty(pauses);
        Assert.AreEqual(0, gate.Retries);
    }

    [TestMethod]
    public void Run_DisturbedThenCalm_RetriesWithDoublingPausesAndKeepsTheCalmAttempt()
    {
        (LeastDisturbed gate, List<double> pauses) = Gate(60);

        (int result, double disturbance) = gate.Run(Attempts(3, 2, 5, 0.9));

        Assert.AreEqual(3, result);
        Assert.AreEqual(0.9, disturbance);
        CollectionAssert.AreEqual(new[] { 2.0, 4, 8 }, pauses);
        Assert.AreEqual(3, gate.Retries);
        Assert.AreEqual(14, gate.Waited.Seconds, 1e-9);
    }

    [TestMethod]
    public void Run_NeverCalm_KeepsTheLeastDisturbedAttemptAndCapsThePause()
    {
        (LeastDisturbed gate, List<double> pauses) = Gate(1000, attempts: 5);

        (int result, double disturbance) = gate.Run(Attempts(4, 1.5, 3, 6, 2));

        Assert.AreEqual(1, result);
        Assert.AreEqual(1.5, disturbance);
        CollectionAssert.AreEqual(new[] { 2.0, 4, 8, 10 }, pauses);
    }

    [TestMethod]
    public void Run_PatienceIsSharedAcrossMeasurements_AndStopsTheWaiting()
    {
        (LeastDisturbed gate, List<double> pauses) = Gate(7);

        gate.Run(Attempts(2, 2, 2));
        (int second, _) = gate.Run(Attempts(3, 0.5));

        // 2 + 4 s spent on the first measurement; the second may not pause 2 s more.
        CollectionAssert.AreEqual(new[] { 2.0, 4 }, pauses);
        Assert.AreEqual(0, second);
        Assert.AreEqual(6, gate.Waited.Seconds, 1e-9);
    }
}
