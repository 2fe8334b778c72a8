using Microsoft.Extensions.Logging;
using StreamAE.Core.IO;
using StreamAE.Core.Scoring;
using StreamAE.Host.Serving;
using StreamAE.Host.Training;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Host.Retraining;

/// <summary>
/// The gated retrain: trains a candidate on the data (or takes a given bundle), scores it and the model in service on
/// the same recent held-out windows, publishes it into the watched model directory only if the
/// <see cref="RetrainPolicy"/> allows, and appends the decision to the log beside the bundles either way. The running
/// service's reload watcher then swaps the published model in.
/// </summary>
/// <param name="train">Trains a candidate on the series into a directory with the window length; returns its bundle.</param>
public sealed partial class Retrainer(Func<IReadOnlyList<TrainingSeries>, string, int, ModelBundle> train, ILogger logger)
{
    /// <exception cref="InvalidDataException">The data or the model directory cannot be used (nothing is decided or logged).</exception>
    public async Task<RetrainDecision> RunAsync(RetrainRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var models = Path.GetFullPath(request.Models);
        if (File.Exists(Path.Combine(models, ModelBundle.ManifestFile)))
        {
            throw new InvalidDataException($"{models} is a single bundle; retrain publishes into a directory of bundles with a '{ModelLocation.PointerFile}' pointer (Model:Path of the service).");
        }

        var location = new ModelLocation(models);
        var servedPath = File.Exists(Path.Combine(models, ModelLocation.PointerFile)) ? location.ResolveBundle() : null;
        using var served = servedPath is null ? null : ModelBundleLoader.Load(ModelBundle.Read(servedPath), request.Onnx);
        var windowLength = served?.Descriptor.WindowLength ?? request.WindowLength;

        var data = await TrainingDataLoader.LoadAsync(request.Data, null, null, BadInputPolicy.Skip, logger, cancellationToken).ConfigureAwait(false);
        var channels = served?.Descriptor.ChannelNames ?? data[0].ChannelNames;
        if (!data[0].ChannelNames.SequenceEqual(channels, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{request.Data}: channels [{string.Join(", ", data[0].ChannelNames)}] differ from the model in service's [{string.Join(", ", channels)}].");
        }

        var (training, heldOut) = request.Holdout is { } holdoutPath
            ? (data, await TrainingDataLoader.LoadAsync(holdoutPath, null, null, BadInputPolicy.Skip, logger, cancellationToken).ConfigureAwait(false))
            : Split(data, windowLength, request.Policy.HoldoutFraction);
        var holdout = HoldoutSet.From(heldOut, windowLength, request.Policy);
        if (holdout.Clean.Count == 0 || !heldOut.All(s => s.ChannelNames.SequenceEqual(channels, StringComparer.Ordinal)))
        {
            throw new InvalidDataException($"No held-out windows of {windowLength} readings with channels [{string.Join(", ", channels)}] in {request.Holdout ?? request.Data}.");
        }

        var servedFigures = served is null ? null : ModelGate.Evaluate(served, servedPath!, holdout);
        Directory.CreateDirectory(models); // the first model of a new directory
        var staging = request.Candidate is null ? BundlePublisher.NewStaging(models) : null;
        var candidatePath = request.Candidate is { } given ? Path.GetFullPath(given) : staging!;
        GateFigures? candidateFigures = null;
        var reasons = new List<string>();
        var current = servedPath;
        try
        {
            if (staging is not null)
            {
                try
                {
                    LogTraining(logger, training.Count, training.Sum(s => s.Length), staging);
                    train(training, staging, windowLength);
                }
                catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
                {
                    reasons.Add($"the candidate could not be trained: {ex.Message}");
                }
            }

            ModelManifest? manifest = null;
            if (reasons.Count == 0)
            {
                try
                {
                    var validated = BundleValidator.Validate(candidatePath, windowLength, channels, holdout.Clean, request.SmokeWindows, request.Onnx);
                    using (validated.Model)
                    {
                        manifest = validated.Bundle.Manifest;
                        candidateFigures = ModelGate.Evaluate(validated.Model, candidatePath, holdout);
                    }

                    reasons.AddRange(ModelGate.Objections(candidateFigures, servedFigures, request.Policy));
                }
                catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
                {
                    // Whatever a broken bundle makes its loader throw, it is refused, never published.
                    reasons.Add($"the candidate is not a usable bundle for this service: {ex.Message}");
                }
            }

            if (reasons.Count == 0)
            {
                try
                {
                    current = BundlePublisher.Publish(models, candidatePath, manifest!, candidateIsStaging: staging is not null, target =>
                    {
                        using var check = BundleValidator.Validate(target, windowLength, channels, holdout.Clean, request.SmokeWindows, request.Onnx).Model;
                    });
                    staging = null; // moved into place
                }
                catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
                {
                    reasons.Add($"publishing failed, 'current' unchanged: {ex.Message}");
                }
            }
        }
        finally
        {
            // A refused, failed or interrupted candidate leaves nothing behind in the watched directory.
            if (staging is not null && Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        var decision = new RetrainDecision
        {
            At = DateTimeOffset.UtcNow,
            Who = request.Who,
            Decision = reasons.Count == 0 ? "published" : "refused",
            Reasons = reasons,
            Data = Path.GetFullPath(request.Data),
            Holdout = request.Holdout is null ? $"last {request.Policy.HoldoutFraction:P0} of each series of the data" : Path.GetFullPath(request.Holdout),
            HoldoutSensors = holdout.Sensors,
            Candidate = candidateFigures,
            InService = servedFigures,
            Current = current ?? string.Empty,
            Policy = request.Policy,
        };
        RetrainLog.Append(models, decision);
        return decision;
    }

    /// <summary>Each series' end held out (when it holds at least one window), the rest to train on: no look-ahead.</summary>
    private static (IReadOnlyList<TrainingSeries> Training, IReadOnlyList<TrainingSeries> HeldOut) Split(IReadOnlyList<TrainingSeries> data, int windowLength, double fraction)
    {
        var training = new List<TrainingSeries>();
        var heldOut = new List<TrainingSeries>();
        foreach (var s in data)
        {
            var held = (int)(s.Length * fraction);
            if (held < windowLength)
            {
                training.Add(s);
                continue;
            }

            training.Add(s.Slice(0, s.Length - held));
            heldOut.Add(s.Slice(s.Length - held, held));
        }

        return (training, heldOut);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training a candidate on {Series} series ({Rows} rows) into {Directory}")]
    private static partial void LogTraining(ILogger logger, int series, int rows, string directory);
}
