using Microsoft.ML.OnnxRuntime;
using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Models.Autoencoders;

/// <summary>
/// Scores windows with an ONNX autoencoder: normalises each window, reconstructs the batch in one ONNX Runtime call,
/// and returns the mean squared reconstruction error (normalised units) as the window score and each channel's mean
/// squared error as its channel error. Both average over the last <see cref="ScoredStepCount"/> steps of the window
/// (all T by default; fewer makes the score react to the newest readings only). Input/output buffers and their OrtValues are kept per batch
/// size and reused, so steady-state scoring allocates only the result objects.
/// </summary>
public sealed class OnnxAutoencoderScorer : IWindowScorer
{
    private const int MaxCachedBatchSizes = 8;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly Normalization _normalization;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly Dictionary<int, BatchBuffers> _buffers = [];
    private readonly int _length;
    private readonly int _channels;
    private readonly int _firstScoredStep;

    /// <param name="modelPath">The ONNX file; <paramref name="bundleDirectory"/> names the bundle in error messages.</param>
    public OnnxAutoencoderScorer(ModelDescriptor descriptor, string modelPath, Normalization normalization, OnnxScorerOptions? options = null, string? bundleDirectory = null)
    {
        Model = descriptor;
        _normalization = normalization;
        (_length, _channels) = (descriptor.WindowLength, descriptor.Channels);
        var where = bundleDirectory ?? Path.GetDirectoryName(modelPath) ?? modelPath;
        options ??= new OnnxScorerOptions();
        try
        {
            ScoredStepCount = ScoredSteps.Effective(options.ScoredSteps, _length);
        }
        catch (ArgumentException ex)
        {
            throw new ModelBundleException(where, ex.Message, ex);
        }

        _firstScoredStep = _length - ScoredStepCount;
        var file = Path.GetFileName(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new ModelBundleException(where, $"{file} is missing.");
        }

        using var sessionOptions = CreateSessionOptions(options);
        try
        {
            _session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelBundleException(where, $"{file} is not a valid ONNX model: {ex.Message}", ex);
        }

        try
        {
            CheckShape(where, file, "input", _session.InputMetadata);
            CheckShape(where, file, "output", _session.OutputMetadata);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _inputNames = [.. _session.InputMetadata.Keys];
        _outputNames = [.. _session.OutputMetadata.Keys];
    }

    public ModelDescriptor Model { get; }

    /// <summary>k: the score is the mean over the last k steps of the window (T when all steps are scored).</summary>
    public int ScoredStepCount { get; }

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        if (windows.Count == 0)
        {
            return [];
        }

        var buffers = BuffersFor(windows.Count);
        var input = buffers.Input;
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            if (window.Length != _length || window.Channels != _channels)
            {
                throw new InvalidDataException(
                    $"Window of sensor '{window.SensorId}' is {window.Length}×{window.Channels} (T×C) but model '{Model.Name}' expects {_length}×{_channels} (channels [{string.Join(", ", Model.ChannelNames)}]).");
            }

            var offset = w * _length * _channels;
            for (var t = 0; t < _length; t++)
            {
                for (var c = 0; c < _channels; c++)
                {
                    input[offset + (t * _channels) + c] = _normalization.Apply(window.Values[(t * _channels) + c], c);
                }
            }
        }

        _session.Run(_runOptions, _inputNames, [buffers.InputValue], _outputNames, [buffers.OutputValue]);
        var output = buffers.Output;
        var scores = new WindowScore[windows.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            var offset = w * _length * _channels;
            var errors = new float[_channels];
            double total = 0;
            for (var t = _firstScoredStep; t < _length; t++)
            {
                for (var c = 0; c < _channels; c++)
                {
                    var i = offset + (t * _channels) + c;
                    var e = output[i] - input[i];
                    errors[c] += e * e;
                    total += e * e;
                }
            }

            for (var c = 0; c < _channels; c++)
            {
                errors[c] /= ScoredStepCount;
            }

            scores[w] = new WindowScore(windows[w], total / (ScoredStepCount * _channels), errors);
        }

        return scores;
    }

    /// <summary>Raw reconstruction of already-normalised windows [batch, T, C] (benchmarks, parity checks).</summary>
    public float[] Reconstruct(float[] normalised, int batch)
    {
        var buffers = BuffersFor(batch);
        normalised.AsSpan(0, batch * _length * _channels).CopyTo(buffers.Input);
        _session.Run(_runOptions, _inputNames, [buffers.InputValue], _outputNames, [buffers.OutputValue]);
        return buffers.Output[..(batch * _length * _channels)];
    }

    public void Dispose()
    {
        foreach (var b in _buffers.Values)
        {
            b.Dispose();
        }

        _buffers.Clear();
        _runOptions.Dispose();
        _session.Dispose();
    }

    internal static SessionOptions CreateSessionOptions(OnnxScorerOptions options)
    {
        if (!Enum.TryParse<GraphOptimizationLevel>("ORT_ENABLE_" + options.GraphOptimization, ignoreCase: true, out var level))
        {
            level = options.GraphOptimization.Equals("None", StringComparison.OrdinalIgnoreCase)
                ? GraphOptimizationLevel.ORT_DISABLE_ALL
                : throw new ArgumentException($"Model:Onnx:GraphOptimization '{options.GraphOptimization}' is not one of None, Basic, Extended, All.");
        }

        if (options.IntraOpThreads < 0 || options.InterOpThreads < 0)
        {
            throw new ArgumentException("Model:Onnx:IntraOpThreads and InterOpThreads must be 0 (ONNX Runtime's default) or more.");
        }

        return new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            GraphOptimizationLevel = level,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
    }

    private void CheckShape(string where, string file, string what, IReadOnlyDictionary<string, NodeMetadata> metadata)
    {
        if (metadata.Count != 1)
        {
            throw new ModelBundleException(where, $"{file} has {metadata.Count} {what}s; an autoencoder has exactly one.");
        }

        var (name, node) = metadata.First();
        var dims = node.Dimensions;
        var fits = node.IsTensor && node.ElementType == typeof(float) && dims.Length == 3 && dims[0] <= 0 && dims[1] == _length && dims[2] == _channels;
        if (!fits)
        {
            throw new ModelBundleException(
                where,
                $"{file} {what} '{name}' has shape [{string.Join(", ", dims.Select(d => d <= 0 ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] ({node.ElementType?.Name}) but the manifest says [batch, {_length}, {_channels}] (float): windowLength {_length}, {_channels} channel(s).");
        }
    }

    private BatchBuffers BuffersFor(int batch)
    {
        if (!_buffers.TryGetValue(batch, out var buffers))
        {
            if (_buffers.Count >= MaxCachedBatchSizes)
            {
                foreach (var b in _buffers.Values)
                {
                    b.Dispose();
                }

                _buffers.Clear();
            }

            buffers = new BatchBuffers(batch, _length, _channels);
            _buffers[batch] = buffers;
        }

        return buffers;
    }

    /// <summary>Pinned input/output arrays of one batch size, wrapped as OrtValues once.</summary>
    private sealed class BatchBuffers : IDisposable
    {
        public BatchBuffers(int batch, int length, int channels)
        {
            long[] shape = [batch, length, channels];
            Input = new float[batch * length * channels];
            Output = new float[Input.Length];
            InputValue = OrtValue.CreateTensorValueFromMemory(Input, shape);
            OutputValue = OrtValue.CreateTensorValueFromMemory(Output, shape);
        }

        public float[] Input { get; }

        public float[] Output { get; }

        public OrtValue InputValue { get; }

        public OrtValue OutputValue { get; }

        public void Dispose()
        {
            InputValue.Dispose();
            OutputValue.Dispose();
        }
    }
}
