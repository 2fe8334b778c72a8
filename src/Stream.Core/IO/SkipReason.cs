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
}
