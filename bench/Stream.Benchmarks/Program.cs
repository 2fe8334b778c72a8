using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*ArpScorer*'; BenchmarkDotNet writes its reports to BenchmarkDotNet.Artifacts/.
BenchmarkSwitcher.FromAssembly(typeof(StreamAE.Benchmarks.ArpScorerBenchmarks).Assembly).Run(args);
