namespace StreamAE.Connectors.Json;

/// <summary>
/// Field names of a JSON reading, e.g. <c>{"sensor":"pump-7","timestamp":"2024-05-01T10:00:00Z","values":[1.5,0.2]}</c>
/// or with named channels <c>{"sensor":"pump-7","timestamp":1714557600000,"values":{"temp":1.5,"rpm":0.2}}</c>.
/// </summary>
public sealed class ReadingJsonFormat
{
    public string SensorField { get; set; } = "sensor";

    public string TimestampField { get; set; } = "timestamp";

    public string ValuesField { get; set; } = "values";

    /// <summary>Unit of a numeric timestamp.</summary>
    public NumericTimestampUnit NumericTimestampUnit { get; set; } = NumericTimestampUnit.Milliseconds;

    /// <summary>
    /// Channel order for named channels (usually the model's). When set, a named-channel object must have exactly
    /// these names; when null, names are taken in the order they appear.
    /// </summary>
    public IReadOnlyList<string>? ChannelNames { get; set; }
}
