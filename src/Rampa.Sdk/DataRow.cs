using System.Globalization;
using System.Reflection;

namespace Rampa.Sdk;

/// <summary>One row of a data source: its values by column name (or position), or as an object of yours (<see cref="As{T}"/>).</summary>
public sealed class DataRow
{
    private readonly IReadOnlyList<string> _columns;
    private readonly string[] _values;

    public DataRow(IReadOnlyList<string> columns, string[] values)
    {
        _columns = columns;
        _values = values;
    }

    /// <summary>The source's columns, in file order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The value of <paramref name="column"/>.</summary>
    /// <exception cref="KeyNotFoundException">The source has no such column (the message lists its columns).</exception>
    public string this[string column]
    {
        get
        {
            for (var i = 0; i < _columns.Count; i++) if (_columns[i] == column) return _values[i];
            throw new KeyNotFoundException($"no column '{column}' (columns: {string.Join(", ", _columns)})");
        }
    }

    public string this[int index] => _values[index];

    /// <summary>
    /// The row as a <typeparamref name="T"/>: each settable property (or constructor parameter of a record) gets the column
    /// of its name, ignoring case, converted to its type (strings, numbers, booleans, enums, Guid, DateTime and their
    /// nullable forms, read with the invariant culture). A property without a column keeps its default.
    /// </summary>
    public T As<T>()
    {
        var type = typeof(T);
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        object instance;
        if (type.GetConstructor(Type.EmptyTypes) is not null) instance = Activator.CreateInstance(type)!;
        else if (ctor is not null) instance = ctor.Invoke(ctor.GetParameters().Select(p => Value(p.Name!, p.ParameterType, p.HasDefaultValue ? p.DefaultValue : Default(p.ParameterType))).ToArray());
        else throw new InvalidOperationException($"{type.Name} needs a public constructor");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || Index(property.Name) < 0) continue;
            property.SetValue(instance, Value(property.Name, property.PropertyType, null));
        }
        return (T)instance;
    }

    private int Index(string name)
    {
        for (var i = 0; i < _columns.Count; i++) if (string.Equals(_columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private object? Value(string name, Type type, object? fallback)
    {
        var i = Index(name);
        if (i < 0) return fallback;
        var text = _values[i];
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string)) return text;
        if (text.Length == 0 && (Nullable.GetUnderlyingType(type) is not null || !type.IsValueType)) return null;
        try
        {
            if (target.IsEnum) return Enum.Parse(target, text, ignoreCase: true);
            if (target == typeof(Guid)) return Guid.Parse(text);
            if (target == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
            return Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new FormatException($"column '{_columns[i]}': '{text}' is not a {target.Name}", e);
        }
    }

    private static object? Default(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;

    public override string ToString() => string.Join(", ", _columns.Select((c, i) => $"{c}={_values[i]}"));
}
