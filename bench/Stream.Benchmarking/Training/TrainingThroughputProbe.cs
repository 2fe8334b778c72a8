using System.Diagnostics;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Training.Networks;
using StreamAE.Models.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAE.Benchmarking.Training;

/// <summary>
/// Measures training throughput in windows per second: full steps (forward, backward, AdamW update) of a network
/// with the given hyper-parameters on random normalised windows, after a few warm-up steps.
/// </summary>
public static class TrainingThroughputProbe
{
    private const int WarmUpSteps = 3;

    public static ThroughputSample Measure(AutoencoderHyperParameters hyper, int batch, TimeSpan budget, int threads = 1, string device = "cpu", int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        torch.set_num_threads(threads);
        torch.manual_seed(seed);
        var resolved = AutoencoderTrainer.ResolveDevice(device);
        using var network = AutoencoderNetwork.Create(hyper);
        network.to(resolved);
        network.train();
        var random = new Random(seed);
        var set = new WindowSet([.. Enumerable.Range(0, batch * 4 * hyper.WindowLength * hyper.Channels).Select(_ => (float)((random.NextDouble() * 2) - 1))], batch * 4, hyper.WindowLength, hyper.Channels);
        using var optimizer = optim.AdamW(network.parameters(), 1e-3);
        var batches = Enumerable.Range(0, 4).Select(b => Enumerable.Range(b * batch, batch).ToArray()).ToArray();
        for (var i = 0; i < WarmUpSteps; i++)
        {
            AutoencoderTrainer.Step(network, optimizer, set, batches[i % batches.Length], resolved);
        }

        long windows = 0;
        var step = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            AutoencoderTrainer.Step(network, optimizer, set, batches[step++ % batches.Length], resolved);
            windows += batch;
        }
        while (clock.Elapsed < budget);
        return new ThroughputSample("training", batch, windows, clock.Elapsed);
    }
}
