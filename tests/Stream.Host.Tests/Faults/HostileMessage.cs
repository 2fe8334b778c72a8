using System.Text;
using StreamAE.Core.IO;

namespace StreamAE.Host.Tests.Faults;

/// <summary>What the service must do with a hostile message: dead-letter it (whole or as a marked prefix), skip it (counted and logged), or accept it.</summary>
internal enum Outcome
{
    DeadLettered,
    DeadLetteredTruncated,
    Skipped,
    Accepted,
}

/// <summary>One message of the fault catalogue: raw key and value bytes as a hostile or careless producer sends them, and the policy it must meet.</summary>
internal sealed record HostileMessage(string Name, byte[]? Key, byte[]? Value, Outcome Outcome, SkipReason? Reason = null)
{
    /// <summary>Large messages go to a partition of their own choosing, away from the good sensor's (the mock broker keeps a bounded log per partition).</summary>
    public bool Large => (Key?.Length ?? 0) + (Value?.Length ?? 0) > 100_000;

    public static HostileMessage Text(string name, string? key, string value, Outcome outcome, SkipReason? reason = null) =>
        new(name, key is null ? null : Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), outcome, reason);

    /// <summary>A reading in the service's input format, keyed by its sensor id unless told otherwise.</summary>
    public static HostileMessage Reading(string name, string sensor, string timestamp, string values, Outcome outcome, SkipReason? reason = null, string? key = "(sensor)") =>
        Text(name, key == "(sensor)" ? sensor : key, $$"""{"sensor":{{System.Text.Json.JsonSerializer.Serialize(sensor)}},"timestamp":"{{timestamp}}","values":{{values}}}""", outcome, reason);

    public override string ToString() => Name;
}
