using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamAE.Models.Bundles;

/// <summary>A model bundle on disk: a directory with manifest.json (and model.onnx, weights, plots for the deep models).</summary>
public sealed class ModelBundle(string directory, ModelManifest manifest)
{
    public const string ManifestFile = "manifest.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Directory { get; } = directory;

    public ModelManifest Manifest { get; } = manifest;

    public string PathOf(string file) => Path.Combine(Directory, file);

    public static ModelBundle Read(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ModelBundleException(directory, "directory not found.");
        }

        if (!File.Exists(manifestPath))
        {
            throw new ModelBundleException(directory, $"{ManifestFile} is missing.");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), Json);
        }
        catch (JsonException ex)
        {
            throw new ModelBundleException(directory, $"{ManifestFile} is not a valid manifest: {ex.Message}", ex);
        }

        if (manifest is null)
        {
            throw new ModelBundleException(directory, $"{ManifestFile} is empty.");
        }

        Validate(directory, manifest);
        return new ModelBundle(directory, manifest);
    }

    public static ModelBundle Write(string directory, ModelManifest manifest)
    {
        Validate(directory, manifest);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json));
        return new ModelBundle(directory, manifest);
    }

    private static void Validate(string directory, ModelManifest m)
    {
        if (m.SchemaVersion != ModelManifest.CurrentSchemaVersion)
        {
            throw new ModelBundleException(directory, $"{ManifestFile}: schemaVersion {m.SchemaVersion} is not supported (this build reads {ModelManifest.CurrentSchemaVersion}).");
        }

        if (m.WindowLength < 2)
        {
            throw new ModelBundleException(directory, $"{ManifestFile}: windowLength must be at least 2, is {m.WindowLength}.");
        }

        if (m.Channels is null || m.Channels.Count == 0)
        {
            throw new ModelBundleException(directory, $"{ManifestFile}: channels is empty.");
        }

        if (m.Normalization is null || m.Normalization.Mean.Length != m.Channels.Count || m.Normalization.Std.Length != m.Channels.Count)
        {
            throw new ModelBundleException(directory, $"{ManifestFile}: normalization.mean/std must have one value per channel ({m.Channels.Count}).");
        }

        if (m.Threshold is null || !double.IsFinite(m.Threshold.Overall))
        {
            throw new ModelBundleException(directory, $"{ManifestFile}: threshold.overall must be a finite number.");
        }
    }
}
