using System.Text.Json;
using Grpc.Core;
using Google.Protobuf.Reflection;

namespace Rampa.Core.Protocols.Grpc;

/// <summary>
/// Finds a method's descriptors through the server's reflection service (<c>grpc.reflection.v1alpha</c>, as grpcurl
/// and k6 use it): the file that declares the service, then each dependency it lacks. Its own messages go through
/// <see cref="ProtoJsonCodec"/> over the reflection protocol's .proto, so it needs no generated code.
/// </summary>
internal static class GrpcReflection
{
    private const string ReflectionProto = """
        syntax = "proto3";
        package grpc.reflection.v1alpha;
        service ServerReflection {
          rpc ServerReflectionInfo(stream ServerReflectionRequest) returns (stream ServerReflectionResponse);
        }
        message ServerReflectionRequest {
          string host = 1;
          oneof message_request {
            string file_by_filename = 3;
            string file_containing_symbol = 4;
            string list_services = 7;
          }
        }
        message ServerReflectionResponse {
          string valid_host = 1;
          ServerReflectionRequest original_request = 2;
          oneof message_response {
            FileDescriptorResponse file_descriptor_response = 4;
            ListServiceResponse list_services_response = 6;
            ErrorResponse error_response = 7;
          }
        }
        message FileDescriptorResponse { repeated bytes file_descriptor_proto = 1; }
        message ListServiceResponse { repeated ServiceResponse service = 1; }
        message ServiceResponse { string name = 1; }
        message ErrorResponse { int32 error_code = 1; string error_message = 2; }
        """;

    /// <summary>Most files one method's descriptors may span (its file and every import), so the lookup is bounded.</summary>
    private const int MaxFiles = 64;

    private static readonly Lazy<ProtoJsonCodec> Codec = new(() => new ProtoJsonCodec(ProtoSchema.ParseText("reflection.proto", ReflectionProto)));

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static readonly Method<byte[], byte[]> Info =
        new(MethodType.DuplexStreaming, "grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", Bytes, Bytes);

    /// <summary>The method and a codec for its messages, or an error (with the status that explains it).</summary>
    public static async Task<GrpcStepRunner.Resolved> ResolveAsync(CallInvoker invoker, string methodName, TimeSpan timeout, CancellationToken cancellation)
    {
        var codec = Codec.Value;
        var request = codec.Schema.Message("grpc.reflection.v1alpha.ServerReflectionRequest")!;
        var response = codec.Schema.Message("grpc.reflection.v1alpha.ServerReflectionResponse")!;
        var service = methodName[..methodName.IndexOf('/')];
        var files = new Dictionary<string, FileDescriptorProto>(StringComparer.Ordinal);
        try
        {
            using var call = invoker.AsyncDuplexStreamingCall(Info, null, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellation));
            var pending = new Queue<(string Key, string Value)>();
            pending.Enqueue(("fileContainingSymbol", service));
            while (pending.Count > 0 && files.Count < MaxFiles)
            {
                var (key, value) = pending.Dequeue();
                await call.RequestStream.WriteAsync(codec.Encode(JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value }), request)).ConfigureAwait(false);
                if (!await call.ResponseStream.MoveNext(cancellation).ConfigureAwait(false))
                    return Failed($"the reflection service closed the stream while asked for {value}", StatusCode.Unavailable);
                using var doc = JsonDocument.Parse(codec.Decode(call.ResponseStream.Current, response));
                var root = doc.RootElement;
                if (root.TryGetProperty("errorResponse", out var error))
                {
                    var code = error.GetProperty("errorCode").GetInt32();
                    return Failed($"the server's reflection service knows no {value}: {error.GetProperty("errorMessage").GetString()}",
                        code == (int)StatusCode.NotFound ? StatusCode.NotFound : (StatusCode)code);
                }
                if (!root.TryGetProperty("fileDescriptorResponse", out var fdr))
                    return Failed($"the reflection service sent no file for {value}", StatusCode.Internal);
                foreach (var b in fdr.GetProperty("fileDescriptorProto").EnumerateArray())
                {
                    var file = ProtoSchema.ReadFileDescriptor(b.GetBytesFromBase64());
                    files.TryAdd(file.Name, file);
                }
                foreach (var dep in files.Values.SelectMany(f => f.Dependencies).Distinct().ToList())
                    if (!files.ContainsKey(dep) && !pending.Contains(("fileByFilename", dep))) pending.Enqueue(("fileByFilename", dep));
            }
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            return Failed($"server reflection failed: {GrpcStatusNames.Of((int)e.StatusCode)}: {e.Status.Detail}", e.StatusCode);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ProtoBuf.ProtoException)
        {
            return Failed($"server reflection sent what Rampa cannot read: {e.Message}", StatusCode.Internal);
        }
        var schema = ProtoSchema.From(files.Values);
        var method = schema.Method(methodName);
        if (method is null)
            return Failed($"the server has no method '{methodName}'; its service {service} has: {string.Join(", ", schema.MethodNames)}", StatusCode.NotFound);
        if (method.ClientStreaming)
            return Failed($"'{methodName}' streams from the client; grpc steps make unary and server-streaming calls", StatusCode.InvalidArgument);
        return GrpcStepRunner.Resolved.Of(method, new ProtoJsonCodec(schema));
    }

    private static GrpcStepRunner.Resolved Failed(string error, StatusCode status) => new(null, null, null, null, null, error, status);
}
