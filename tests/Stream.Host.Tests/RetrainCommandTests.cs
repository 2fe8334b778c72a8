using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Host.Commands;
using StreamAE.Host.Retraining;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Host.Tests;

/// <summary><c>retrain --candidate</c>: a corrupt or mismatched bundle is refused with a reason in the log and never reaches <c>current</c>.</summary>
public sealed class RetrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-retrain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<int> RetrainAsync(params string[] args)
    {
        var root = new RootCommand { RetrainCommand.Create(NullLoggerFactory.Instance) };
        return root.Parse(["retrain", .. args]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    private string Candidate(string name, Action<string> make)
    {
        var directory = Path.Combine(_dir, "candidates", name);
        Directory.CreateDirectory(directory);
        make(directory);
        return directory;
    }

    private static void TrainArp(string directory, int windowLength, string channel)
    {
        var values = TestData.Series(600, seed: 3);
        var series = new TrainingSeries("train", [channel], values, [.. Enumerable.Range(0, values.Length).Select(i => TestData.T0.AddSeconds(i))]);
        ArpTrainer.Train([series], new ArpTrainer.Options(Order: 2, WindowLength: windowLength, Name: "arp-test"), directory);
    }

    [Fact]
    public async Task A_corrupt_or_mismatched_candidate_is_refused_logged_and_never_reaches_current()
    {
        var models = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        var v1 = TestData.TrainBundle(Path.Combine(models, "v1"), seed: 1);
        TestData.Deploy(models, "v1");
        var data = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        TestData.WriteCsv(Path.Combine(data, "pump.csv"), TestData.Series(800, seed: 5));

        var candidates = new (string Name, string Candidate, string Reason)[]
        {
            ("corrupt manifest", Candidate("corrupt", d => File.WriteAllText(Path.Combine(d, "manifest.json"), "{\"schemaVersion\": 1, \"kind\": \"arp\", \"name\": ")), "not a valid manifest"),
            ("window length", Candidate("window", d => TrainArp(d, 8, "value")), "windowLength is 8"),
            ("channels", Candidate("channels", d => TrainArp(d, TestData.WindowLength, "temp")), "channels [temp]"),
            ("corrupt model file", Candidate("onnx", d =>
            {
                var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples/models/ar-autoencoder/manifest.json")))!;
                manifest["windowLength"] = TestData.WindowLength;
                File.WriteAllText(Path.Combine(d, "manifest.json"), manifest.ToJsonString());
                File.WriteAllBytes(Path.Combine(d, "model.onnx"), [1, 2, 3, 4, 5, 6, 7, 8]);
            }), "not a usable bundle"),
        };

        foreach (var (name, candidate, reason) in candidates)
        {
            Assert.Equal(RetrainCommand.Refused, await RetrainAsync("--data", data, "--models", models, "--candidate", candidate, "--who", "test"));
            Assert.Equal("v1", File.ReadAllText(Path.Combine(models, "current")));
            Assert.Equal(["v1"], Directory.GetDirectories(models).Select(Path.GetFileName)); // nothing copied in, no staging left
            var decision = RetrainLog.Read(models)[^1];
            Assert.Equal("refused", decision.Decision);
            Assert.True(decision.Reasons.Any(r => r.Contains(reason, StringComparison.Ordinal)), $"{name}: {string.Join("; ", decision.Reasons)}");
            Assert.Null(decision.Candidate);
            Assert.Equal(v1.Manifest.Version, decision.InService!.Version);
            Assert.Equal(Path.Combine(models, "v1"), decision.Current);
        }

        Assert.Equal(candidates.Length, RetrainLog.Read(models).Count);
        Assert.All(RetrainLog.Read(models), d => Assert.Equal("test", d.Who));
    }

    [Fact]
    public async Task Retrain_into_a_single_bundle_directory_or_without_data_is_refused_at_the_start()
    {
        var bundle = TestData.TrainBundle(Path.Combine(_dir, "single"), seed: 1);
        var data = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        TestData.WriteCsv(Path.Combine(data, "pump.csv"), TestData.Series(800, seed: 5));
        Assert.Equal(2, await RetrainAsync("--data", data, "--models", bundle.Directory));
        Assert.Equal(2, await RetrainAsync("--data", Path.Combine(_dir, "missing"), "--models", Path.Combine(_dir, "models")));
        Assert.False(File.Exists(Path.Combine(bundle.Directory, RetrainLog.FileName)));
    }
}
