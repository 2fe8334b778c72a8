namespace StreamAE.Models.Training.Training;

/// <summary>Hears about training as it goes (progress display, logs, tests).</summary>
public interface ITrainingObserver
{
    void Started(int epochs, int batchesPerEpoch, int trainWindows, int validationWindows, string device);

    void BatchDone(int epoch, int batch, double loss);

    void EpochDone(EpochResult result);
}

/// <summary>One epoch's mean training and validation loss (MSE on normalised data).</summary>
public sealed record EpochResult(int Epoch, double TrainLoss, double ValidationLoss, bool Improved, TimeSpan Elapsed);

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentTrainingObserver : ITrainingObserver
{
    public static readonly SilentTrainingObserver Instance = new();

    public void Started(int epochs, int batchesPerEpoch, int trainWindows, int validationWindows, string device)
    {
    }

    public void BatchDone(int epoch, int batch, double loss)
    {
    }

    public void EpochDone(EpochResult result)
    {
    }
}
