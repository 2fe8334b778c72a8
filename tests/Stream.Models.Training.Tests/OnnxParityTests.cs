using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Tests;

/// <summary>
/// Our ONNX export computes what TorchSharp computes: each model is trained briefly, exported, and both runtimes
/// reconstruct the same fresh random windows at several batch sizes (the dynamic batch axis) within 1e-4.
/// </summary>
public class OnnxParityTests
{
    [Theory]
    [InlineData(AutoencoderKinds.Ar)]
    [InlineData(AutoencoderKinds.Transformer)]
    public void Exported_model_matches_TorchSharp_at_batch_1_3_and_17(string kind)
    {
        var series = TinyData.Series();
        using var trained = AutoencoderTrainer.Train([series], TinyData.Options(kind, epochs: 2), cancellationToken: TestContext.Current.CancellationToken);
        var network = trained.Network;
        var (t, c) = (network.HyperParameters.WindowLength, network.HyperParameters.Channels);
        var onnx = network.ExportOnnx("test").ToByteArray();
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, sessionOptions);

        foreach (var batch in new[] { 1, 3, 17 })
        {
            var windows = TinyData.RandomWindows(batch, t, c, seed: batch);
            float[] expected;
            using (no_grad())
            using (var input = tensor(windows, [batch, t, c]))
            using (var output = network.call(input))
            {
                expected = output.data<float>().ToArray();
            }

            using var ortInput = OrtValue.CreateTensorValueFromMemory(windows, [batch, t, c]);
            using var results = session.Run(new RunOptions(), ["window"], [ortInput], ["reconstruction"]);
            var actual = results[0].GetTensorDataAsSpan<float>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            var maxDiff = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
            TestContext.Current.TestOutputHelper?.WriteLine($"parity {kind} batch {batch}: max |TorchSharp − ONNX Runtime| = {maxDiff:E2}");
            Assert.True(maxDiff <= 1e-4, $"{kind} batch {batch}: max abs diff {maxDiff:E2} > 1e-4");
            Assert.True(expected.Max(Math.Abs) > 1e-3, "the reconstruction is not trivially zero");
        }
    }
}
