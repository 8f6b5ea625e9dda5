namespace Rampa.Sdk;

/// <summary>
/// Runs once per run before any VU starts (on one silo, whatever the scale): <c>public static async Task&lt;T&gt; Setup(Worker worker)</c>
/// (or <c>Task</c>, <c>T</c>, <c>void</c>). What it returns is serialized as JSON and reaches every VU through
/// <see cref="Worker.SetupData{T}"/>. One per assembly. An exception stops the run before any load (exit 107).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SetupAttribute : Attribute;

/// <summary>Runs once at the end of the run, after every VU stopped, with the setup's data (<see cref="Worker.SetupData{T}"/>). One per assembly.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TeardownAttribute : Attribute;

/// <summary>
/// Runs once per VU, before its first iteration, for every scenario of the same class (e.g. log in once per VU and keep
/// the token in <see cref="Worker.Vars"/>). An exception in it is counted like one in an iteration, and the VU's
/// iterations still run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class VuInitAttribute : Attribute;
