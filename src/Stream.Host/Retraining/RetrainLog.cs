using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamAE.Host.Retraining;

/// <summary>The decision log beside the bundles: <c>retrain-log.jsonl</c> in the model directory, one JSON object per retrain.</summary>
public static class RetrainLog
{
    public const string FileName = "retrain-log.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Append(string modelsDirectory, RetrainDecision decision)
    {
        var line = JsonSerializer.Serialize(decision, Json) + "\n";
        File.AppendAllText(Path.Combine(modelsDirectory, FileName), line);
    }

    public static IReadOnlyList<RetrainDecision> Read(string modelsDirectory)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<RetrainDecision>(l, Json)!)]
            : [];
    }
}
