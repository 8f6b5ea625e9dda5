using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Rampa.Core.Scenarios;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Workloads.Http;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// Reads a <c>grpc:</c> step. With <c>proto:</c>, the method, the request's fields and their values are checked against
/// the .proto at load, each error at its place; with <c>reflection: true</c> they are checked by the server at run time.
/// </summary>
internal sealed class GrpcStepReader(StepReadContext context)
{
    private static readonly string[] Keys =
    [
        "grpc", "name", "tags", "address", "proto", "reflection", "message", "metadata", "timeout", "expectedStatuses",
        "checks", "capture", "messages", "checkMessages", "maxMessages", "abortIterationOnFail",
    ];

    private LoadContext Ctx => context.Load;

    public ProtocolStep? ReadStep(Fields step)
    {
        var ctx = Ctx;
        var before = ctx.ErrorCount;
        step.ReportUnknown(ctx, Keys, context: " in a grpc step");
        var grpcField = step["grpc"]!;
        var methodName = Read.Text(ctx, grpcField.Value, grpcField.Path, "a method as package.Service/Method (e.g. grpc: rampa.demo.Greeter/SayHello)")?.Trim().TrimStart('/');
        if (methodName is not null && (methodName.IndexOf('/') is var slash && (slash <= 0 || slash == methodName.Length - 1 || methodName.IndexOf('/', slash + 1) >= 0)))
        {
            ctx.Error(grpcField.Value, grpcField.Path, $"expected a method as package.Service/Method (e.g. rampa.demo.Greeter/SayHello), got '{methodName}'");
            methodName = null;
        }

        var address = Address(step);

        // Where the method's descriptors come from: a .proto file or the server's reflection service.
        var reflection = false;
        if (step.TryGet("reflection", out var reflectionField)) reflection = Read.Bool(ctx, reflectionField.Value, reflectionField.Path) ?? false;
        ProtoSchema? schema = null;
        var hasProto = step.TryGet("proto", out var protoField);
        if (hasProto && reflection)
            ctx.Error(protoField.Key, protoField.Path, "a grpc step takes its method from 'proto:' or from 'reflection: true', not both");
        else if (hasProto)
        {
            var protoPath = Read.Text(ctx, protoField.Value, protoField.Path, "the path of a .proto file, relative to the scenario file");
            if (protoPath is not null)
            {
                var full = Path.IsPathRooted(protoPath) ? protoPath : Path.Combine(Path.GetDirectoryName(ctx.File) ?? "", protoPath);
                schema = ProtoSchema.Parse(full, out var error);
                if (schema is null) ctx.Error(protoField.Value, protoField.Path, error ?? "cannot read the .proto file");
            }
        }
        else if (!reflection)
            ctx.Error(grpcField.Key, grpcField.Path, "a grpc step needs 'proto:' (a .proto file, relative to the scenario file) or 'reflection: true' (ask the server)");

        ProtoMethod? method = null;
        ProtoJsonCodec? codec = null;
        if (schema is not null && methodName is not null)
        {
            method = schema.Method(methodName);
            if (method is null)
                ctx.Error(grpcField.Value, grpcField.Path, $"the .proto has no method '{methodName}'"
                    + (schema.MethodNames.Count == 0 ? " (it declares no service)" : $"; its methods: {string.Join(", ", schema.MethodNames.Order(StringComparer.Ordinal))}")
                    + Suggest.DidYouMean(methodName, [.. schema.MethodNames]));
            else if (method.ClientStreaming)
            {
                ctx.Error(grpcField.Value, grpcField.Path, $"'{methodName}' streams from the client; grpc steps make unary and server-streaming calls");
                method = null;
            }
            else codec = new ProtoJsonCodec(schema);
        }

        var message = Message(step, method, codec);
        var metadata = new List<HeaderSpec>();
        if (step.TryGet("metadata", out var metadataField))
            metadata = RequestReader.ReadHeaders(ctx, metadataField, context.Scope.Env, context.Scope.Data) ?? [];

        var timeout = context.Scope.DefaultTimeout;
        if (step.TryGet("timeout", out var timeoutField))
        {
            var t = Read.Duration(ctx, timeoutField.Value, timeoutField.Path);
            if (t is not null && t <= TimeSpan.Zero) ctx.Error(timeoutField.Value, timeoutField.Path, "must be greater than 0");
            else if (t is not null) timeout = t.Value;
        }
        IReadOnlySet<int> expected = new HashSet<int> { 0 };
        if (step.TryGet("expectedStatuses", out var expectedField)) expected = Statuses(expectedField.Value, expectedField.Path) ?? expected;

        var checks = new List<CheckSpec>();
        if (step.TryGet("checks", out var checksField)) Checks(checksField, checks);
        if (step.TryGet("messages", out var messagesField))
        {
            if (method is { ServerStreaming: false })
                ctx.Error(messagesField.Key, messagesField.Path, $"'messages' checks a server stream's message count, and '{methodName}' is unary");
            if (MessageCount(messagesField) is { } countCheck) checks.Add(countCheck);
        }
        var captures = new List<CaptureSpec>();
        if (step.TryGet("capture", out var captureField)) new CheckReader(ctx).Captures(captureField, captures);

        var every = false;
        if (step.TryGet("checkMessages", out var everyField))
        {
            var text = Read.Text(ctx, everyField.Value, everyField.Path, "'last' or 'every'");
            if (text is "every") every = true;
            else if (text is not null and not "last") ctx.Error(everyField.Value, everyField.Path, $"expected 'last' (checks read the stream's last message) or 'every' (each message), got '{text}'");
        }
        var maxMessages = 10_000;
        if (step.TryGet("maxMessages", out var maxField) && Read.Int(ctx, maxField.Value, maxField.Path) is { } max)
        {
            if (max < 1) ctx.Error(maxField.Value, maxField.Path, "must be at least 1");
            else maxMessages = max;
        }
        var abort = false;
        if (step.TryGet("abortIterationOnFail", out var abortField)) abort = Read.Bool(ctx, abortField.Value, abortField.Path) ?? false;

        var name = methodName;
        if (step.TryGet("name", out var nameField)) name = Read.Text(ctx, nameField.Value, nameField.Path, "a step name");
        var tags = new RequestReader(ctx, context.Scope).RequestTags(step);

        if (ctx.ErrorCount != before || methodName is null || address is null || message is null || name is null || tags is null) return null;
        return new GrpcStep
        {
            Name = name,
            Location = ctx.At(grpcField.Value),
            Group = context.Group,
            Tags = tags,
            Address = address,
            MethodName = methodName,
            Method = method,
            Codec = codec,
            Reflection = reflection,
            Message = message,
            Metadata = metadata,
            Timeout = timeout,
            ExpectedStatuses = expected,
            Checks = checks,
            Captures = captures,
            CheckEveryMessage = every,
            MaxMessages = maxMessages,
            AbortIterationOnFail = abort,
        };
    }

    /// <summary>The server's address: <c>address:</c>, else the scenario's <c>baseUrl</c>; http:// is HTTP/2 cleartext.</summary>
    private Uri? Address(Fields step)
    {
        var ctx = Ctx;
        if (!step.TryGet("address", out var field))
        {
            if (context.Scope.BaseUrl is { } baseUrl) return new Uri(baseUrl);
            if (!context.Scope.BaseUrlInvalid)
                ctx.Error(step["grpc"]!.Key, step.PathOf("address"), "a grpc step needs 'address:' (e.g. address: http://127.0.0.1:5090) or a 'baseUrl' at the top of the file");
            return null;
        }
        var text = Read.Text(ctx, field.Value, field.Path, "the server's address, e.g. http://127.0.0.1:5090");
        if (text is null) return null;
        var template = Template.TryParse(text.Trim(), context.Scope.Env, out var error, context.Scope.Data);
        if (template is null) { ctx.Error(field.Value, field.Path, error ?? "invalid template"); return null; }
        if (!template.IsConstant)
        {
            ctx.Error(field.Value, field.Path, "the address may use {{env.NAME}} but no per-VU variables (each VU keeps one connection to it)");
            return null;
        }
        if (!Uri.TryCreate(template.ConstantValue, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            ctx.Error(field.Value, field.Path, $"invalid address '{text}': expected http://host:port (HTTP/2 cleartext) or https://host:port");
            return null;
        }
        return uri;
    }

    /// <summary>The request message: a mapping checked field by field against the method's input type, kept as a JSON template.</summary>
    private Template? Message(Fields step, ProtoMethod? method, ProtoJsonCodec? codec)
    {
        var ctx = Ctx;
        if (!step.TryGet("message", out var field)) return Template.Literal("{}");
        if (!Read.IsNull(field.Value) && field.Value is not YamlMappingNode)
        {
            ctx.Error(field.Value, field.Path, $"expected the request message as a mapping of field names to values (e.g. message: {{ name: world }}), got {Read.Describe(field.Value)}");
            return null;
        }
        if (method is not null && codec is not null && codec.Schema.Message(method.InputType) is { } input)
            CheckMessage(field.Value, field.Path, input, codec, 0);
        if (Read.IsNull(field.Value)) return Template.Literal("{}");
        if (!YamlJson.TryToJsonText(field.Value, out var json))
        {
            ctx.Error(field.Value, field.Path, $"the message expands to more than {YamlJson.MaxValues.ToString("N0", CultureInfo.InvariantCulture)} values (through aliases?)");
            return null;
        }
        var template = Template.TryParse(json, context.Scope.Env, out var error, context.Scope.Data, jsonStrings: true);
        if (template is null) ctx.Error(field.Value, field.Path, error ?? "invalid template");
        return template;
    }

    /// <summary>Reports every field the message type lacks and every value of the wrong type, at its own place.</summary>
    private void CheckMessage(YamlNode node, string path, ProtoMessage message, ProtoJsonCodec codec, int depth)
    {
        var ctx = Ctx;
        if (Read.IsNull(node) || depth > 32) return;
        if (node is not YamlMappingNode)
        {
            ctx.Error(node, path, $"expected a mapping for message {message.FullName}, got {Read.Describe(node)}");
            return;
        }
        var fields = Fields.Of(ctx, node, path);
        if (fields is null) return;
        foreach (var f in fields.All)
        {
            var descriptor = message.Field(f.Name);
            if (descriptor is null)
            {
                var names = message.Fields.Select(x => x.Name).ToArray();
                ctx.Error(f.Key, f.Path, $"message {message.FullName} has no field '{f.Name}'; its fields: {string.Join(", ", names)}" + Suggest.DidYouMean(f.Name, names));
                continue;
            }
            if (Read.IsNull(f.Value)) continue;
            if (codec.IsMap(descriptor, out var entry))
            {
                var map = Fields.Of(ctx, f.Value, f.Path, $"a mapping (field '{f.Name}' is a map)");
                if (map is null) continue;
                foreach (var kv in map.All) CheckValue(kv.Value, kv.Path, entry.Field(2)!, codec, depth);
                continue;
            }
            if (descriptor.label == FieldDescriptorProto.Label.LabelRepeated)
            {
                if (f.Value is not YamlSequenceNode list)
                {
                    ctx.Error(f.Value, f.Path, $"expected a list (field '{f.Name}' is repeated), got {Read.Describe(f.Value)}");
                    continue;
                }
                for (var i = 0; i < list.Children.Count; i++) CheckValue(list.Children[i], $"{f.Path}[{i}]", descriptor, codec, depth);
                continue;
            }
            CheckValue(f.Value, f.Path, descriptor, codec, depth);
        }
    }

    private void CheckValue(YamlNode node, string path, FieldDescriptorProto field, ProtoJsonCodec codec, int depth)
    {
        var ctx = Ctx;
        if (field.type == FieldDescriptorProto.Type.TypeMessage)
        {
            if (codec.Schema.Message(field.TypeName) is { } nested) CheckMessage(node, path, nested, codec, depth + 1);
            return;
        }
        if (node is not YamlScalarNode scalar)
        {
            ctx.Error(node, path, $"expected {TypeName(field)} for field '{field.Name}', got {Read.Describe(node)}");
            return;
        }
        if (scalar.Value?.Contains("{{", StringComparison.Ordinal) == true) return; // a variable: checked when rendered
        var json = YamlJson.ToJsonNode(node);
        if (json is null) return;
        using var doc = JsonDocument.Parse(json.ToJsonString());
        if (codec.CheckScalar(field, doc.RootElement) is { } problem)
            ctx.Error(node, path, $"field '{field.Name}' ({TypeName(field)}): {problem}");
    }

    private static string TypeName(FieldDescriptorProto f) => f.type switch
    {
        FieldDescriptorProto.Type.TypeEnum or FieldDescriptorProto.Type.TypeMessage => f.TypeName.TrimStart('.'),
        _ => f.type.ToString()[4..].ToLowerInvariant(),
    };

    /// <summary>Reads <c>checks:</c>: <c>status</c> (gRPC codes) here, the json/body checks through the HTTP check reader.</summary>
    private void Checks(Field field, List<CheckSpec> checks)
    {
        var ctx = Ctx;
        if (field.Value is YamlSequenceNode seq)
        {
            var rest = new YamlSequenceNode();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (seq.Children[i] is YamlMappingNode item && Fields.Of(ctx, item, $"{field.Path}[{i}]") is { } f && f.TryGet("status", out var status))
                {
                    f.ReportUnknown(ctx, ["status", "name"], "check", " (an item with 'status' holds only 'status' and 'name')");
                    if (StatusCheck(status) is { } check)
                    {
                        if (f.TryGet("name", out var n) && Read.Text(ctx, n.Value, n.Path, "a check name") is { } name) check = check with { Name = name.Trim() };
                        checks.Add(check);
                    }
                }
                else rest.Add(seq.Children[i]);
            }
            if (rest.Children.Count > 0) new CheckReader(ctx).Checks(field with { Value = rest }, checks);
            return;
        }
        if (field.Value is YamlMappingNode map)
        {
            var rest = new YamlMappingNode();
            foreach (var (k, v) in map.Children)
            {
                if (k is YamlScalarNode { Value: "status" } key)
                {
                    if (StatusCheck(new Field("status", key, v, Fields.Join(field.Path, "status"))) is { } check) checks.Add(check);
                }
                else rest.Add(k, v);
            }
            if (rest.Children.Count > 0) new CheckReader(ctx).Checks(field with { Value = rest }, checks);
            return;
        }
        new CheckReader(ctx).Checks(field, checks);
    }

    private GrpcStatusCheck? StatusCheck(Field field)
    {
        var codes = Statuses(field.Value, field.Path);
        if (codes is null) return null;
        var names = string.Join(", ", codes.Order().Select(GrpcStatusNames.Of));
        return new GrpcStatusCheck(codes.Count == 1 ? $"status is {names}" : $"status in {names}", codes);
    }

    /// <summary>A status code or a list of them, each a name (OK, UNAVAILABLE) or a number 0..16.</summary>
    private IReadOnlySet<int>? Statuses(YamlNode node, string path)
    {
        var items = Read.List(Ctx, node, path, "a gRPC status (e.g. OK, UNAVAILABLE or 14) or a list of them", allowSingle: true);
        if (items is null) return null;
        var set = new HashSet<int>();
        var ok = items.Count > 0;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YamlSequenceNode ? $"{path}[{i}]" : path;
            var text = Read.Text(Ctx, items[i], itemPath, "a gRPC status");
            if (text is null) { ok = false; continue; }
            if (GrpcStatusNames.Parse(text) is { } code) set.Add(code);
            else
            {
                Ctx.Error(items[i], itemPath, $"unknown gRPC status '{text}'; expected a name ({string.Join(", ", GrpcStatusNames.ByCode)}) or a number 0..16"
                    + Suggest.DidYouMean(text.ToUpperInvariant(), GrpcStatusNames.ByCode));
                ok = false;
            }
        }
        return ok ? set : null;
    }

    /// <summary><c>messages: 5</c> or <c>messages: "&gt;= 5"</c>: the stream's message count.</summary>
    private GrpcMessageCountCheck? MessageCount(Field field)
    {
        var text = Read.Text(Ctx, field.Value, field.Path, "a message count (e.g. 5 or \">= 5\")");
        if (text is null) return null;
        var t = text.Trim();
        var (op, symbol) = t switch
        {
            _ when t.StartsWith(">=", StringComparison.Ordinal) => (CompareOp.GreaterOrEqual, ">="),
            _ when t.StartsWith("<=", StringComparison.Ordinal) => (CompareOp.LessOrEqual, "<="),
            _ when t.StartsWith("==", StringComparison.Ordinal) => (CompareOp.Equal, "=="),
            _ when t.StartsWith("!=", StringComparison.Ordinal) => (CompareOp.NotEqual, "!="),
            _ when t.StartsWith('>') => (CompareOp.Greater, ">"),
            _ when t.StartsWith('<') => (CompareOp.Less, "<"),
            _ => (CompareOp.Equal, ""),
        };
        var number = t[symbol.Length..].Trim();
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            Ctx.Error(field.Value, field.Path, $"expected a message count such as 5 or \">= 5\", got '{text}'");
            return null;
        }
        return new GrpcMessageCountCheck($"messages {(symbol.Length == 0 ? "==" : symbol)} {count}", op, count);
    }
}
