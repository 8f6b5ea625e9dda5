using Google.Protobuf.Reflection;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// The messages, enums and methods of a set of .proto files (parsed at run time by protobuf-net.Reflection, no protoc;
/// or received from a server's reflection service), indexed by full name for the JSON codec and the step reader.
/// </summary>
internal sealed class ProtoSchema
{
    private readonly Dictionary<string, ProtoMessage> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumDescriptorProto> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProtoMethod> _methods = new(StringComparer.Ordinal);

    private ProtoSchema(IEnumerable<FileDescriptorProto> files)
    {
        foreach (var file in files)
        {
            var prefix = string.IsNullOrEmpty(file.Package) ? "" : file.Package + ".";
            var proto3 = file.Syntax == "proto3";
            foreach (var m in file.MessageTypes) AddMessage(prefix + m.Name, m, proto3);
            foreach (var e in file.EnumTypes) _enums[prefix + e.Name] = e;
            foreach (var s in file.Services)
                foreach (var m in s.Methods)
                    _methods[$"{prefix}{s.Name}/{m.Name}"] = new ProtoMethod($"{prefix}{s.Name}/{m.Name}", m.InputType.TrimStart('.'),
                        m.OutputType.TrimStart('.'), m.ClientStreaming, m.ServerStreaming);
        }
    }

    private void AddMessage(string fullName, DescriptorProto message, bool proto3)
    {
        _messages[fullName] = new ProtoMessage(fullName, message, proto3);
        foreach (var n in message.NestedTypes) AddMessage(fullName + "." + n.Name, n, proto3);
        foreach (var e in message.EnumTypes) _enums[fullName + "." + e.Name] = e;
    }

    /// <summary>Every method, as <c>package.Service/Method</c>.</summary>
    public IReadOnlyCollection<string> MethodNames => _methods.Keys;

    public ProtoMethod? Method(string name) => _methods.GetValueOrDefault(name);

    public ProtoMessage? Message(string fullName) => _messages.GetValueOrDefault(fullName.TrimStart('.'));

    public EnumDescriptorProto? Enum(string fullName) => _enums.GetValueOrDefault(fullName.TrimStart('.'));

    /// <summary>Parses a .proto file (its imports are looked up beside it); null with the parser's errors (file:line:col) on failure.</summary>
    public static ProtoSchema? Parse(string path, out string? error)
    {
        error = null;
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            error = $"the .proto file '{path}' does not exist";
            return null;
        }
        var set = new FileDescriptorSet();
        set.AddImportPath(Path.GetDirectoryName(full)!);
        try
        {
            if (!set.Add(Path.GetFileName(full), includeInOutput: true))
            {
                error = $"cannot read the .proto file '{path}'";
                return null;
            }
            set.Process();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            error = $"cannot read the .proto file '{path}': {e.Message}";
            return null;
        }
        var errors = set.GetErrors().Where(e => e.IsError).ToList();
        if (errors.Count > 0)
        {
            error = string.Join("; ", errors.Take(5).Select(e =>
                $"{Path.Combine(Path.GetDirectoryName(path) ?? "", e.File ?? Path.GetFileName(path))}:{e.LineNumber}:{e.ColumnNumber}: {e.Message}"));
            return null;
        }
        return new ProtoSchema(set.Files);
    }

    /// <summary>Parses .proto text that has no imports (e.g. a schema built into Rampa).</summary>
    public static ProtoSchema ParseText(string name, string text)
    {
        var set = new FileDescriptorSet();
        set.Add(name, includeInOutput: true, new StringReader(text));
        set.Process();
        var error = set.GetErrors().FirstOrDefault(e => e.IsError);
        if (error is not null) throw new InvalidOperationException($"{name}:{error.LineNumber}:{error.ColumnNumber}: {error.Message}");
        return new ProtoSchema(set.Files);
    }

    /// <summary>Reads a serialized <c>FileDescriptorProto</c> (as reflection services send them).</summary>
    public static FileDescriptorProto ReadFileDescriptor(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return FileDescriptorSet.Serializer.Deserialize<FileDescriptorProto>(stream);
    }

    /// <summary>A schema from file descriptors (e.g. a reflection service's answer).</summary>
    public static ProtoSchema From(IEnumerable<FileDescriptorProto> files) => new(files);
}

/// <summary>An RPC: its full name (<c>package.Service/Method</c>), message types and kind.</summary>
internal sealed record ProtoMethod(string FullName, string InputType, string OutputType, bool ClientStreaming, bool ServerStreaming)
{
    /// <summary>The gRPC path's service part (<c>package.Service</c>).</summary>
    public string Service => FullName[..FullName.IndexOf('/')];

    /// <summary>The method's own name.</summary>
    public string Name => FullName[(FullName.IndexOf('/') + 1)..];
}

/// <summary>A message type and its fields, found by proto name or JSON name.</summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<string, FieldDescriptorProto> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<int, FieldDescriptorProto> _byNumber = [];

    public ProtoMessage(string fullName, DescriptorProto descriptor, bool proto3)
    {
        FullName = fullName;
        Descriptor = descriptor;
        Proto3 = proto3;
        foreach (var f in descriptor.Fields)
        {
            _byName[f.Name] = f;
            _byName.TryAdd(JsonName(f), f);
            _byNumber[f.Number] = f;
        }
    }

    public string FullName { get; }
    public DescriptorProto Descriptor { get; }
    public bool Proto3 { get; }
    public bool IsMapEntry => Descriptor.Options?.MapEntry == true;
    public IReadOnlyList<FieldDescriptorProto> Fields => Descriptor.Fields;

    public FieldDescriptorProto? Field(string name) => _byName.GetValueOrDefault(name);
    public FieldDescriptorProto? Field(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>The field's lowerCamelCase JSON name (proto3's JSON mapping), as responses are rendered.</summary>
    public static string JsonName(FieldDescriptorProto f)
    {
        if (!string.IsNullOrEmpty(f.JsonName)) return f.JsonName;
        var sb = new System.Text.StringBuilder();
        var upper = false;
        foreach (var c in f.Name)
        {
            if (c == '_') { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }
}
