using StreamAE.Models.Data;
using StreamAE.Models.Training.Networks;

namespace StreamAE.Models.Training.Training;

/// <summary>The outcome of training: the network with its best (lowest validation loss) weights, in eval mode.</summary>
public sealed class TrainedAutoencoder(
    AutoencoderNetwork network,
    Normalization normalization,
    IReadOnlyList<EpochResult> history,
    int bestEpoch,
    bool stoppedEarly,
    string device,
    IReadOnlyList<TrainingSeries> validation,
    int trainWindows) : IDisposable
{
    public AutoencoderNetwork Network { get; } = network;

    public Normalization Normalization { get; } = normalization;

    public IReadOnlyList<EpochResult> History { get; } = history;

    /// <summary>1-based epoch whose weights were kept.</summary>
    public int BestEpoch { get; } = bestEpoch;

    public bool StoppedEarly { get; } = stoppedEarly;

    public string Device { get; } = device;

    /// <summary>The held-out end of each series (raw values), used for the threshold.</summary>
    public IReadOnlyList<TrainingSeries> Validation { get; } = validation;

    public int TrainWindows { get; } = trainWindows;

    public EpochResult Best => History[BestEpoch - 1];

    public void Dispose() => Network.Dispose();
}
