// Each bicep run is a large native process; on a 2-core machine running them one at a time is faster and steadier.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The bicep binary comes from the linux-x64 package, and the tests run shell hooks: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
