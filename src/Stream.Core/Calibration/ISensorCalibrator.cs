using StreamAE.Core.Domain;

namespace StreamAE.Core.Calibration;

/// <summary>One sensor's online calibration: its next window's calibrated value, learned from that window afterwards.</summary>
internal interface ISensorCalibrator
{
    /// <summary>The version of the model whose scores this state learned.</summary>
    string ModelVersion { get; }

    /// <summary>The calibrated value in [0, 1] of the sensor's next window (windows come in order), then learns from it.</summary>
    double Next(WindowScore score);

    CalibrationState Export();
}
