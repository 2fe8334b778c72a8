using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Core.Domain;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Host.Configuration;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Serving;

/// <summary>
/// Owns the model in service for the running pipeline: loads the first bundle, and on request re-reads the model
/// location and, if a different bundle is deployed, validates it and swaps it in (the slot's leases make the
/// swap land between batches). A bad bundle is logged, counted and remembered, and the old model keeps serving.
/// </summary>
public sealed partial class ServingModel(
    IOptions<ModelOptions> options,
    IOptions<WindowingOptions> windowing,
    StreamAeMetrics metrics,
    ILogger<ServingModel> logger)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ModelSlot? _slot;
    private RecentWindows? _recent;
    private string? _inServiceFingerprint;
    private string? _rejectedFingerprint;
    private int _rejections;
    private int _reloads;

    public ModelLocation Location { get; } = new(Configuration.PathResolver.Resolve(options.Value.Path));

    /// <summary>Completes once the first model is in service.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The model scoring now; null before the first load and after the run ends. Lock-free: scrapes never wait on a reload.</summary>
    public ModelDescriptor? InService => _slot?.Current.Descriptor;

    public int Reloads => Volatile.Read(ref _reloads);

    public int Rejections => Volatile.Read(ref _rejections);

    /// <summary>
    /// Loads the bundle deployed now into a new slot (owned by the caller, who passes it to the pipeline).
    /// <paramref name="dataChannels"/>, when the source knows them up front (a CSV header), must match the bundle's.
    /// </summary>
    /// <exception cref="ModelBundleException">The bundle is missing or unusable.</exception>
    public ModelSlot Load(IReadOnlyList<string>? dataChannels = null)
    {
        var directory = Location.ResolveBundle();
        var bundle = ModelBundle.Read(directory);
        ModelBundleLoader.EnsureFits(bundle, windowing.Value.WindowLength, dataChannels);
        var slot = new ModelSlot(ModelBundleLoader.Load(bundle, options.Value.Onnx, options.Value.OnlineArp));
        lock (_lock)
        {
            _slot = slot;
            _inServiceFingerprint = ModelLocation.Fingerprint(directory);
        }

        metrics.ObserveModelInUse(() => InService);
        var model = slot.Current;
        LogModelLoaded(logger, model.Descriptor.Name, model.Descriptor.Version, model.Descriptor.Kind, directory, model.Threshold.Overall);
        _loaded.TrySetResult();
        return slot;
    }

    /// <summary>Where smoke tests take their recent real windows from (the running pipeline's).</summary>
    public void UseRecentWindows(RecentWindows recent)
    {
        lock (_lock)
        {
            _recent = recent;
        }
    }

    /// <summary>The run ended: the slot is about to be disposed, nothing more is swapped into it.</summary>
    public void Unload()
    {
        lock (_lock)
        {
            _slot = null;
            _recent = null;
        }
    }

    /// <summary>Looks at the model location; validates and swaps in a newly deployed bundle.</summary>
    public ReloadOutcome TryReload()
    {
        lock (_lock)
        {
            if (_slot is not { } slot)
            {
                return ReloadOutcome.NotServing;
            }

            string directory;
            try
            {
                directory = Location.ResolveBundle();
            }
            catch (Exception ex) when (ex is ModelBundleException or IOException or UnauthorizedAccessException)
            {
                return Reject(Location.Root + "|unresolvable|" + ex.Message, Location.Root, ex.Message);
            }

            var fingerprint = ModelLocation.Fingerprint(directory);
            if (fingerprint == _inServiceFingerprint || fingerprint == _rejectedFingerprint)
            {
                return ReloadOutcome.Unchanged;
            }

            var current = slot.Current.Descriptor;
            BundleValidator.Validated validated;
            try
            {
                validated = BundleValidator.Validate(directory, windowing.Value.WindowLength, current.ChannelNames, _recent?.Snapshot() ?? [], options.Value.SmokeWindows, options.Value.Onnx, options.Value.OnlineArp);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever a bundle kind's loader throws (a runtime refusing the model file, say), a bad bundle must
                // never take the service down: reject it and keep serving.
                return Reject(fingerprint, directory, ex is ModelBundleException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}");
            }

            slot.Swap(validated.Model);
            _inServiceFingerprint = fingerprint;
            _rejectedFingerprint = null;
            Interlocked.Increment(ref _reloads);
            var next = validated.Model.Descriptor;
            metrics.ModelReloaded(next);
            LogModelSwapped(logger, current.Name, current.Version, next.Name, next.Version, next.Kind, directory, validated.SmokeWindows, validated.SyntheticSmoke ? "synthetic" : "recent real");
            return ReloadOutcome.Swapped;
        }
    }

    private ReloadOutcome Reject(string fingerprint, string directory, string problem)
    {
        if (fingerprint == _rejectedFingerprint)
        {
            return ReloadOutcome.Unchanged; // already said so; do not flood the log at every poll
        }

        _rejectedFingerprint = fingerprint;
        Interlocked.Increment(ref _rejections);
        metrics.ModelRejected();
        var serving = _slot?.Current.Descriptor;
        LogModelRejected(logger, directory, problem, serving?.Name ?? "?", serving?.Version ?? "?");
        return ReloadOutcome.Rejected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Name} {Version} ({Kind}) loaded from {Path}; threshold {Threshold:F3}")]
    private static partial void LogModelLoaded(ILogger logger, string name, string version, string kind, string path, double threshold);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model swapped: {OldName} {OldVersion} -> {Name} {Version} ({Kind}) from {Path}, smoke-tested on {SmokeWindows} {SmokeKind} window(s)")]
    private static partial void LogModelSwapped(ILogger logger, string oldName, string oldVersion, string name, string version, string kind, string path, int smokeWindows, string smokeKind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model bundle rejected: {Path}: {Problem}; {Name} {Version} keeps serving")]
    private static partial void LogModelRejected(ILogger logger, string path, string problem, string name, string version);
}
