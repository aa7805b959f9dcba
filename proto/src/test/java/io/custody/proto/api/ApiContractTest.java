package io.custody.proto.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.AdminServiceProto;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.CustodyServiceProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules custody.v1 and custody.admin.v1 promise in their comments, checked on the compiled schema. */
class ApiContractTest {

    private static final Set<String> API_PACKAGES = Set.of("custody.v1", "custody.admin.v1");

    private static final Set<String> CUSTODY_METHODS = Set.of(
            "CreateWallet", "GetWallet", "ListWallets", "DeriveAddress", "RefreshWallet",
            "GetOperation", "WatchOperation",
            "SignEthereumTransaction", "SignMessage", "SignDigest", "GetSigningRequest", "WatchSigningRequest");

    private static final Set<String> ADMIN_METHODS = Set.of(
            "ListNodes", "GetNode", "RegisterApiClient", "ListApiClients", "RevokeApiClient",
            "ListAuditEvents", "VerifyAuditChain");

    private static final Set<String> MUTATING = Set.of(
            "custody.v1.CustodyService/CreateWallet",
            "custody.v1.CustodyService/RefreshWallet",
            "custody.v1.CustodyService/SignEthereumTransaction",
            "custody.v1.CustodyService/SignMessage",
            "custody.v1.CustodyService/SignDigest",
            "custody.admin.v1.AdminService/RegisterApiClient",
            "custody.admin.v1.AdminService/RevokeApiClient");

    private static final Set<String> SERVER_STREAMING = Set.of(
            "custody.v1.CustodyService/WatchOperation",
            "custody.v1.CustodyService/WatchSigningRequest");

    @Test
    void everyFieldMessageEnumValueServiceAndMethodOfTheApisHasAComment() throws IOException {
        List<FileDescriptorProto> files = apiFiles();
        List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (FileDescriptorProto file : files) {
            CommentIndex comments = new CommentIndex(file);
            for (int i = 0; i < file.getMessageTypeCount(); i++) {
                checked += checkMessage(file.getMessageType(i), List.of(4, i), file.getPackage(), comments, undocumented);
            }
            for (int i = 0; i < file.getEnumTypeCount(); i++) {
                checked += checkEnum(file.getEnumType(i), List.of(5, i), file.getPackage(), comments, undocumented);
            }
            for (int i = 0; i < file.getServiceCount(); i++) {
                ServiceDescriptorProto service = file.getService(i);
                String name = file.getPackage() + "." + service.getName();
                checked += comments.require(List.of(6, i), name, undocumented);
                for (int m = 0; m < service.getMethodCount(); m++) {
                    checked += comments.require(List.of(6, i, 2, m), name + "/" + service.getMethod(m).getName(), undocumented);
                }
            }
        }
        assertEquals(List.of(), undocumented, "declarations without a comment");
        assertTrue(checked > 100, "checked only " + checked + " declarations: is the descriptor set complete?");
    }

    @Test
    void theDescriptorSetHoldsBothApis() throws IOException {
        Set<String> names = apiFiles().stream().map(FileDescriptorProto::getName).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.containsAll(Set.of(
                "custody/v1/custody_service.proto", "custody/v1/client_signature.proto", "custody/v1/wallet.proto",
                "custody/v1/signing.proto", "custody/v1/operation.proto",
                "custody/admin/v1/admin_service.proto", "custody/admin/v1/node.proto",
                "custody/admin/v1/api_client.proto", "custody/admin/v1/audit.proto")), names.toString());
    }

    @Test
    void servicesExposeTheListedMethodsInProtobufAndGrpc() {
        assertEquals(CUSTODY_METHODS, methodNames(custodyService()));
        assertEquals(ADMIN_METHODS, methodNames(adminService()));
        assertEquals(fullNames("custody.v1.CustodyService", CUSTODY_METHODS), grpcMethods(CustodyServiceGrpc.getServiceDescriptor()).keySet());
        assertEquals(fullNames("custody.admin.v1.AdminService", ADMIN_METHODS), grpcMethods(AdminServiceGrpc.getServiceDescriptor()).keySet());
    }

    @Test
    void onlyTheWatchMethodsStream() {
        allGrpcMethods().forEach((name, method) -> assertEquals(
                SERVER_STREAMING.contains(name) ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
                        : io.grpc.MethodDescriptor.MethodType.UNARY,
                method.getType(), name));
    }

    @Test
    void everyMutatingRpcIsIdempotentAndItsRequestCarriesAKeyAndAClientSignature() {
        Map<String, io.grpc.MethodDescriptor<?, ?>> grpc = allGrpcMethods();
        for (ServiceDescriptor service : List.of(custodyService(), adminService())) {
            for (MethodDescriptor method : service.getMethods()) {
                String name = service.getFullName() + "/" + method.getName();
                Descriptor request = method.getInputType();
                FieldDescriptor key = request.findFieldByName("idempotency_key");
                FieldDescriptor signature = request.findFieldByName("signature");
                if (MUTATING.contains(name)) {
                    assertEquals(IdempotencyLevel.IDEMPOTENT, method.getOptions().getIdempotencyLevel(), name);
                    assertTrue(grpc.get(name).isIdempotent() && !grpc.get(name).isSafe(), name);
                    assertNotNull(key, name + " has no idempotency_key");
                    assertEquals(1, key.getNumber(), name);
                    assertEquals(FieldDescriptor.Type.STRING, key.getType(), name);
                    assertNotNull(signature, name + " has no signature");
                    assertEquals(15, signature.getNumber(), name);
                    assertEquals(ClientSignature.getDescriptor(), signature.getMessageType(), name);
                } else {
                    assertEquals(IdempotencyLevel.NO_SIDE_EFFECTS, method.getOptions().getIdempotencyLevel(), name);
                    assertTrue(grpc.get(name).isSafe(), name);
                    assertNull(key, name + " is a read but takes an idempotency_key");
                    assertNull(signature, name + " is a read but takes a signature");
                }
            }
        }
    }

    @Test
    void noMessageOfTheApisHasAMapField() {
        List<String> maps = apiMessages().flatMap(m -> m.getFields().stream())
                .filter(FieldDescriptor::isMapField).map(FieldDescriptor::getFullName).toList();
        assertEquals(List.of(), maps, "map order would make the signed bytes ambiguous");
    }

    @Test
    void listMethodsPaginate() {
        for (ServiceDescriptor service : List.of(custodyService(), adminService())) {
            for (MethodDescriptor method : service.getMethods()) {
                if (!method.getName().startsWith("List") || method.getName().equals("ListNodes")) {
                    continue; // a deployment has a handful of nodes, all in one answer
                }
                assertField(method.getInputType(), "page_size", FieldDescriptor.Type.UINT32);
                assertField(method.getInputType(), "page_token", FieldDescriptor.Type.STRING);
                assertField(method.getOutputType(), "next_page_token", FieldDescriptor.Type.STRING);
            }
        }
    }

    private static void assertField(Descriptor message, String name, FieldDescriptor.Type type) {
        FieldDescriptor field = message.findFieldByName(name);
        assertNotNull(field, message.getFullName() + " has no " + name);
        assertEquals(type, field.getType(), field.getFullName());
    }

    private static int checkMessage(DescriptorProto message, List<Integer> path, String scope,
            CommentIndex comments, List<String> undocumented) {
        String name = scope + "." + message.getName();
        int checked = comments.require(path, name, undocumented);
        for (int i = 0; i < message.getFieldCount(); i++) {
            checked += comments.require(append(path, 2, i), name + "." + message.getField(i).getName(), undocumented);
        }
        for (int i = 0; i < message.getOneofDeclCount(); i++) {
            checked += comments.require(append(path, 8, i), name + "." + message.getOneofDecl(i).getName(), undocumented);
        }
        for (int i = 0; i < message.getNestedTypeCount(); i++) {
            if (!message.getNestedType(i).getOptions().getMapEntry()) {
                checked += checkMessage(message.getNestedType(i), append(path, 3, i), name, comments, undocumented);
            }
        }
        for (int i = 0; i < message.getEnumTypeCount(); i++) {
            checked += checkEnum(message.getEnumType(i), append(path, 4, i), name, comments, undocumented);
        }
        return checked;
    }

    private static int checkEnum(EnumDescriptorProto enumType, List<Integer> path, String scope,
            CommentIndex comments, List<String> undocumented) {
        String name = scope + "." + enumType.getName();
        int checked = comments.require(path, name, undocumented);
        for (int i = 0; i < enumType.getValueCount(); i++) {
            checked += comments.require(append(path, 2, i), name + "." + enumType.getValue(i).getName(), undocumented);
        }
        return checked;
    }

    private static List<Integer> append(List<Integer> path, int field, int index) {
        List<Integer> out = new ArrayList<>(path);
        out.add(field);
        out.add(index);
        return out;
    }

    /** The comments protoc recorded for one file, by declaration path. */
    private static final class CommentIndex {
        private final Map<List<Integer>, Location> byPath = new HashMap<>();

        CommentIndex(FileDescriptorProto file) {
            for (Location location : file.getSourceCodeInfo().getLocationList()) {
                byPath.put(location.getPathList(), location);
            }
        }

        int require(List<Integer> path, String name, List<String> undocumented) {
            Location location = byPath.get(path);
            boolean documented = location != null
                    && !(location.getLeadingComments().isBlank() && location.getTrailingComments().isBlank());
            if (!documented) {
                undocumented.add(name);
            }
            return 1;
        }
    }

    private static List<FileDescriptorProto> apiFiles() throws IOException {
        Path path = Path.of(System.getProperty("custody.descriptorSet", "target/descriptors/custody.protoset"));
        FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(path));
        List<FileDescriptorProto> files = set.getFileList().stream().filter(f -> API_PACKAGES.contains(f.getPackage())).toList();
        assertTrue(files.stream().allMatch(FileDescriptorProto::hasSourceCodeInfo), "descriptor set without source info");
        return files;
    }

    private static Stream<Descriptor> apiMessages() {
        List<Descriptor> out = new ArrayList<>();
        for (FileDescriptor file : List.of(CustodyServiceProto.getDescriptor(), AdminServiceProto.getDescriptor())) {
            collect(file, out, new java.util.HashSet<>());
        }
        return out.stream();
    }

    private static void collect(FileDescriptor file, List<Descriptor> out, Set<String> seen) {
        if (!API_PACKAGES.contains(file.getPackage()) || !seen.add(file.getName())) {
            return;
        }
        for (Descriptor message : file.getMessageTypes()) {
            collectNested(message, out);
        }
        file.getDependencies().forEach(dependency -> collect(dependency, out, seen));
    }

    private static void collectNested(Descriptor message, List<Descriptor> out) {
        out.add(message);
        message.getNestedTypes().forEach(nested -> collectNested(nested, out));
    }

    private static ServiceDescriptor custodyService() {
        return CustodyServiceProto.getDescriptor().findServiceByName("CustodyService");
    }

    private static ServiceDescriptor adminService() {
        return AdminServiceProto.getDescriptor().findServiceByName("AdminService");
    }

    private static Set<String> methodNames(ServiceDescriptor service) {
        return service.getMethods().stream().map(MethodDescriptor::getName).collect(Collectors.toSet());
    }

    private static Set<String> fullNames(String service, Set<String> methods) {
        return methods.stream().map(m -> service + "/" + m).collect(Collectors.toSet());
    }

    private static Map<String, io.grpc.MethodDescriptor<?, ?>> grpcMethods(io.grpc.ServiceDescriptor service) {
        return service.getMethods().stream().collect(Collectors.toMap(io.grpc.MethodDescriptor::getFullMethodName, Function.identity()));
    }

    private static Map<String, io.grpc.MethodDescriptor<?, ?>> allGrpcMethods() {
        Map<String, io.grpc.MethodDescriptor<?, ?>> all = new HashMap<>(grpcMethods(CustodyServiceGrpc.getServiceDescriptor()));
        all.putAll(grpcMethods(AdminServiceGrpc.getServiceDescriptor()));
        return all;
    }
}
