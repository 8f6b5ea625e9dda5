using System.Diagnostics;
using Rampa.Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Rampa.Infra.Tests;

/// <summary>azure.yaml points azd at the right files (schema validity is RepositoryShapeTests' job), and the
/// postdeploy hook rolls the image onto every silo but the one azd deployed.</summary>
public sealed class AzureYamlTests
{
    private static YamlMappingNode Root
    {
        get
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(Repo.PathOf("azure.yaml"))));
            return (YamlMappingNode)yaml.Documents[0].RootNode;
        }
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void Infra_points_at_main_bicep()
    {
        Assert.Equal("rampa", Scalar(Root, "name"));
        Assert.Equal("bicep", Scalar(Root, "infra", "provider"));
        Assert.True(File.Exists(Repo.PathOf(Scalar(Root, "infra", "path"), Scalar(Root, "infra", "module") + ".bicep")));
    }

    [Fact]
    public void The_silo_service_builds_the_silo_dockerfile_from_the_repository_root()
    {
        Assert.Equal("src/Rampa.Silo", Scalar(Root, "services", "silo", "project"));
        Assert.Equal("dotnet", Scalar(Root, "services", "silo", "language"));
        Assert.Equal("containerapp", Scalar(Root, "services", "silo", "host"));
        // Docker paths are relative to the service's project folder.
        var project = Repo.PathOf("src", "Rampa.Silo");
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(project, Scalar(Root, "services", "silo", "docker", "path")))));
        Assert.Equal(Repo.Root.TrimEnd('/'), Path.GetFullPath(Path.Combine(project, Scalar(Root, "services", "silo", "docker", "context"))).TrimEnd('/'));
    }

    [Fact]
    public void The_service_name_matches_the_tag_silo_0_carries()
    {
        var services = (YamlMappingNode)Root.Children[new YamlScalarNode("services")];
        var name = Assert.Single(services.Children).Key.ToString();
        Assert.Contains($"createObject('value', '{name}')", Arm.Module("silos")["properties"]!["parameters"]!["serviceName"]!.ToString());
    }

    [Fact]
    public void The_postdeploy_hook_updates_every_silo_but_the_first_with_the_deployed_image()
    {
        var hook = Repo.PathOf(Scalar(Root, "hooks", "postdeploy", "run"));
        Assert.True(File.Exists(hook), hook);
        Assert.True(File.GetUnixFileMode(hook).HasFlag(UnixFileMode.UserExecute), "the hook must be executable");

        // A stand-in `az` records its arguments, so the hook runs for real without Azure.
        var dir = Path.Combine(Path.GetTempPath(), "rampa-hook-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var log = Path.Combine(dir, "az.log");
            var az = Path.Combine(dir, "az");
            File.WriteAllText(az, $"#!/bin/sh\necho \"$*\" >> '{log}'\n");
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var psi = new ProcessStartInfo("sh", [hook]) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["PATH"] = dir + ":" + Environment.GetEnvironmentVariable("PATH");
            psi.Environment["SERVICE_SILO_IMAGE_NAME"] = "cr.example/rampa/silo:1";
            psi.Environment["AZURE_RESOURCE_GROUP"] = "rg-test";
            psi.Environment["RAMPA_SILO_APPS"] = "ca-silo-0-x ca-silo-1-x ca-silo-2-x";
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, stderr);
            Assert.Equal(
                [
                    "containerapp update --resource-group rg-test --name ca-silo-1-x --image cr.example/rampa/silo:1 --output none",
                    "containerapp update --resource-group rg-test --name ca-silo-2-x --image cr.example/rampa/silo:1 --output none",
                ],
                File.ReadAllLines(log));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_postdeploy_hook_refuses_to_run_outside_azd()
    {
        var psi = new ProcessStartInfo("sh", [Repo.PathOf("infra", "hooks", "roll-silos.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Remove("SERVICE_SILO_IMAGE_NAME");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.NotEqual(0, p.ExitCode);
        Assert.Contains("SERVICE_SILO_IMAGE_NAME", stderr);
    }
}
