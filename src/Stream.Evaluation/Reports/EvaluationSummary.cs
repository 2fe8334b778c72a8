using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamAE.Evaluation.Reports;

/// <summary>Everything an evaluation run measured, as written to <c>results.json</c> and rendered to Markdown.</summary>
public sealed record EvaluationSummary(
    string Command,
    DateTimeOffset When,
    string Machine,
    int CooldownWindows,
    IReadOnlyList<int> MslCooldowns,
    IReadOnlyList<NabSummary> Nab,
    IReadOnlyList<MslSummary> Msl)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void WriteJson(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
    }
}
