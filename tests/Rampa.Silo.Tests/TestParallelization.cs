// Each test class starts real silo processes (and the script test its own Azurite): on 2 cores, running them side by
// side only makes the time bounds flaky.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Silo processes, Azurite and the bicep binary (linux-x64 package, for AzureContainerEnvironmentTests): Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
