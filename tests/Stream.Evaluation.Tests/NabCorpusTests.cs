using StreamAE.Evaluation.Nab;

namespace StreamAE.Evaluation.Tests;

public sealed class NabCorpusTests
{
    [Fact]
    public void Loads_files_and_turns_window_timestamps_into_rows()
    {
        var root = TinyData.NabCorpus(TinyData.Sine(300, sensor: "tiny"), "realTest", (120, 139), (200, 220));
        var corpus = NabCorpus.Load(root);
        var series = Assert.Single(corpus);
        Assert.Equal("realTest", series.Category);
        Assert.Equal("tiny", series.Name);
        Assert.Equal("realTest/tiny.csv", series.Key);
        Assert.Equal(300, series.Rows);
        Assert.Equal([new NabWindow(120, 139), new NabWindow(200, 220)], series.Windows);
        Assert.Equal(45, series.ProbationaryPrefix().Length);
    }

    [Fact]
    public void Filter_selects_by_key_and_missing_labels_are_a_clear_error()
    {
        var root = TinyData.NabCorpus(TinyData.Sine(100, sensor: "tiny"), "realTest");
        Assert.Empty(NabCorpus.Load(root, ["nothing-like-this"]));
        var error = Assert.Throws<FileNotFoundException>(() => NabCorpus.Load(Path.Combine(root, "nope")));
        Assert.Contains("combined_windows.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_row_names_file_and_line()
    {
        var root = TinyData.NabCorpus(TinyData.Sine(50, sensor: "tiny"), "realTest");
        var file = Path.Combine(root, "data", "realTest", "tiny.csv");
        File.AppendAllText(file, "2030-01-01 00:00:00,not-a-number\n");
        var error = Assert.Throws<InvalidDataException>(() => NabCorpus.Load(root));
        Assert.Contains("tiny.csv:52", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_writer_uses_NABs_layout()
    {
        var root = TinyData.NabCorpus(TinyData.Sine(60, sensor: "tiny"), "realTest", (30, 39));
        var series = NabCorpus.Load(root)[0];
        var results = TinyData.Temp("results");
        var path = NabResultsWriter.Write(results, "streamae_arp", series, [31]);
        Assert.Equal(Path.Combine(results, "streamae_arp", "realTest", "streamae_arp_tiny.csv"), path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("timestamp,value,anomaly_score,label", lines[0]);
        Assert.Equal(61, lines.Length);
        Assert.EndsWith(",0,0", lines[30], StringComparison.Ordinal); // row 29: outside the window
        Assert.EndsWith(",0,1", lines[31], StringComparison.Ordinal); // row 30: in the window, no detection
        Assert.EndsWith(",1,1", lines[32], StringComparison.Ordinal); // row 31: the detection
    }
}
