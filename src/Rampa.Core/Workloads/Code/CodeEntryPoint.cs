using System.Reflection;
using System.Runtime.ExceptionServices;
using Rampa.Sdk;

namespace Rampa.Core.Workloads.Code;

/// <summary>
/// A scenario assembly's method made callable: <c>Task M(Worker)</c> as a delegate (no reflection per iteration), or,
/// for setup, any of the shapes a setup may have, with what it returned.
/// </summary>
internal static class CodeEntryPoint
{
    /// <summary>A <c>[Scenario]</c> or <c>[VuInit]</c> method (checked by <see cref="CodeCatalog"/>: static, one Worker, Task or ValueTask).</summary>
    public static Func<Worker, ValueTask> Of(MethodInfo method)
    {
        if (method.ReturnType == typeof(ValueTask)) return method.CreateDelegate<Func<Worker, ValueTask>>();
        var task = method.CreateDelegate<Func<Worker, Task>>();
        return worker => new ValueTask(task(worker));
    }

    /// <summary>Calls a setup or teardown of any allowed shape and awaits it; its result (null for none).</summary>
    public static async Task<object?> InvokeAsync(MethodInfo method, Worker worker)
    {
        object? returned;
        try
        {
            returned = method.Invoke(null, [worker]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult" ? result.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            case not null when returned.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)t.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                return await InvokeTaskResult(asTask).ConfigureAwait(false);
            default:
                return method.ReturnType == typeof(void) ? null : returned;
        }
    }

    private static async Task<object?> InvokeTaskResult(Task task)
    {
        await task.ConfigureAwait(false);
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }
}
