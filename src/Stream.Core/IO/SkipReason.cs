namespace StreamAE.Core.IO;

/// <summary>Why an input record was not turned into a reading (or a reading not into a window).</summary>
public enum SkipReason
{
    Malformed,
    WrongColumnCount,
    BadTimestamp,
    NonFiniteValue,
    OutOfOrder,
    DuplicateTimestamp,
    UnknownSensor,
    TooLarge,

    /// <summary>A sensor id over Limits:MaxSensorIdLength, or with control/format characters or broken UTF-16.</summary>
    BadSensorId,

    /// <summary>A timestamp more than Limits:MaxFutureSkew ahead of the service's clock.</summary>
    FutureTimestamp,

    /// <summary>A message that made the detector fail unexpectedly: dead-lettered with the error, so the service goes on.</summary>
    ProcessingFailed,
}
