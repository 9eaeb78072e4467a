using DeepScale.Cli.Commands;

namespace DeepScale.Cli.Tests.Commands;

/// <summary>The warning <c>deepscale calibrate</c> prints before measuring on a machine slower than at the committed calibration.</summary>
[TestClass]
public sealed class CalibrateCommandTests
{
    [TestMethod]
    public void SpeedWarning_BeyondTenPercent_SaysTheCalibrationWouldRecordTheSlowState()
    {
        Assert.IsNull(CalibrateCommand.SpeedWarning(9.9));
        Assert.IsNull(CalibrateCommand.SpeedWarning(-20));
        string? warning = CalibrateCommand.SpeedWarning(55);

        Assert.IsNotNull(warning);
        Assert.Contains("55% slower", warning);
    }
}
