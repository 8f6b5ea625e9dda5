using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Rampa.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Rampa.Benchmarks.MetricSinkBenchmarks).Assembly).Run(args);
