package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.vigil.events.AccessEvent;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.ingest.domain.RecordException;

/** Golden mapping of every published HashiCorp Vault audit sample (samples/, kept as found). */
class HashiCorpVaultFormatTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private final HashiCorpVaultFormat format = new HashiCorpVaultFormat();

    @Test
    void requestAndResponseEntriesCoalesceIntoOneOperationAtTheResponsesIndex() {
        List<List<IndexedRecord>> operations = format.coalesce(IndexedRecord.of(samples()));
        assertThat(operations).extracting(operation -> operation.stream().map(IndexedRecord::index).toList())
                .as("each response first, its request behind it, should the response be refused")
                .containsExactly(List.of(0), List.of(2, 1), List.of(4, 3), List.of(5));
        assertThat(operations).extracting(operation -> operation.get(0).record().get("type").asText())
                .containsExactly("request", "response", "response", "request");
    }

    @Test
    void capabilitiesSelfByAnOidcUserAsALoneRequest() {
        AccessEvent e = event(0);
        assertThat(e.source()).isEqualTo(Source.HASHICORP_VAULT);
        assertThat(e.subscriptionId()).isEqualTo("sub-a");
        assertThat(e.schemaVersion()).isEqualTo(AccessEvent.SCHEMA_VERSION);
        assertThat(e.time()).isEqualTo(Instant.parse("2020-12-01T20:29:04.356625452Z"));
        assertThat(e.receivedAt()).isEqualTo(RECEIVED);
        assertThat(e.vault().id()).isEqualTo("hashicorp-vault:root/sys");
        assertThat(e.vault().name()).isEqualTo("sys");
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("update", OperationKind.OTHER));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.OTHER, "sys/capabilities-self", null));
        assertThat(e.result()).as("authorised; the response was not seen").isEqualTo(
                new AccessEvent.Result(Outcome.SUCCESS, null, null));
        assertThat(e.principal()).isEqualTo(new Principal(PrincipalType.USER, "e4f5c67a-6f7e-789d-ae56-a1fe3ae23046",
                "example@gmail.com", null, "oidc-12349999999999999999"));
        assertThat(e.client()).isEqualTo(new AccessEvent.Client("67.43.156.13", null));
        assertThat(e.correlationId()).isEqualTo("cd09708b-11cc-2985-648b-cfe262cf7e50");
        assertThat(e.eventId()).hasSize(32);
    }

    @Test
    void deniedPkiIssueIsOneEventFromTheResponse() {
        AccessEvent e = coalesced(2);
        assertThat(e.time()).isEqualTo(Instant.parse("2021-07-19T17:19:00.674663552Z"));
        assertThat(e.vault().id()).isEqualTo("hashicorp-vault:root/internal-ca");
        assertThat(e.vault().name()).isEqualTo("internal-ca");
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("update", OperationKind.CERTIFICATE));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.CERTIFICATE,
                "internal-ca/issue/internal-server", "internal-server"));
        assertThat(e.result()).as("Vault's multierror wrapping is removed")
                .isEqualTo(new AccessEvent.Result(Outcome.DENIED, 403, "permission denied"));
        assertThat(e.principal()).as("a token was presented but Vault logged no identity for it")
                .isEqualTo(new Principal(PrincipalType.UNKNOWN, null, null, null, null));
        assertThat(e.client()).isEqualTo(new AccessEvent.Client("10.6.8.34", null));
        assertThat(e.correlationId()).isEqualTo("24ac580b-805a-d9ee-4d0d-7046932f4e05");
        assertThat(e.source()).isEqualTo(Source.HASHICORP_VAULT);
        assertThat(e.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void kvV2ReadByANomadTaskTokenIsOneEventFromTheResponse() {
        AccessEvent e = coalesced(4);
        assertThat(e.time()).isEqualTo(Instant.parse("2021-06-29T17:26:11.409840527Z"));
        assertThat(e.vault().id()).isEqualTo("hashicorp-vault:root/secret");
        assertThat(e.vault().name()).isEqualTo("secret");
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("read", OperationKind.SECRET_READ));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET,
                "secret/data/apps/continuous-delivery/aws-bucket-sse-c", "apps/continuous-delivery/aws-bucket-sse-c"));
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.SUCCESS, 200, null));
        assertThat(e.principal()).as("no entity: the token accessor identifies the caller").isEqualTo(new Principal(
                PrincipalType.SERVICE,
                "hmac-sha256:8fa4f7f3d1fd812064950025cde2b1565829a9dc5075253399e5ede8f8a1d98e", null, null,
                "token-375f9cb3-4355-42c7-eab5-029f8a310ca7-runner"));
        assertThat(e.client()).isEqualTo(new AccessEvent.Client("10.6.8.36", null));
        assertThat(e.correlationId()).isEqualTo("0042ad1b-1400-7eb7-5e25-1dfc898c1998");
    }

    @Test
    void helpWithoutRequestIdStillBecomesAnEvent() {
        AccessEvent e = coalesced(5);
        assertThat(e.time()).isEqualTo(Instant.parse("2021-12-30T17:11:12.468537924Z"));
        assertThat(e.vault()).isEqualTo(new io.vigil.events.Vault("hashicorp-vault:root/ca", "ca"));
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("help", OperationKind.OTHER));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.OTHER, "ca/roles/example", null));
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.SUCCESS, null, null));
        assertThat(e.principal()).isEqualTo(new Principal(PrincipalType.USER, "e4f5c67a-6f7e-789d-ae56-a1fe3ae23046",
                "example@gmail.com", null, "oidc-12349999999999999999"));
        assertThat(e.client()).isEqualTo(new AccessEvent.Client("10.6.8.34", null));
        assertThat(e.correlationId()).isNull();
    }

    @Test
    void aLoneRequestOrALoneResponseIsStillAnEvent() {
        List<List<IndexedRecord>> request = format.coalesce(IndexedRecord.of(List.of(samples().get(1))));
        assertThat(request).hasSize(1);
        assertThat(request.get(0)).extracting(IndexedRecord::index).containsExactly(0);
        AccessEvent denied = format.parse(request.get(0).get(0).record(), "sub-a", RECEIVED);
        assertThat(denied.result()).as("denials are logged on the request entry already")
                .isEqualTo(new AccessEvent.Result(Outcome.DENIED, 403, "permission denied"));
        assertThat(denied.time()).isEqualTo(Instant.parse("2021-07-19T17:19:00.673898225Z"));

        List<List<IndexedRecord>> response = format.coalesce(IndexedRecord.of(List.of(samples().get(4))));
        assertThat(response).hasSize(1);
        assertThat(format.parse(response.get(0).get(0).record(), "sub-a", RECEIVED))
                .as("the same event, id included, whether or not the request came in the same batch")
                .isEqualTo(coalesced(4));
    }

    @Test
    void coalescingKeepsTheShippersLineNumbersForRejections() {
        JsonNode garbage = TextNode.valueOf("not a record");
        List<List<IndexedRecord>> operations = format.coalesce(
                IndexedRecord.of(List.of(samples().get(3), garbage, samples().get(4))));
        assertThat(operations).extracting(operation -> operation.stream().map(IndexedRecord::index).toList())
                .containsExactly(List.of(1), List.of(2, 0));
        assertThat(operations.get(0).get(0).record()).isSameAs(garbage);
    }

    @Test
    void jsonLinesAndASingleObjectAreBatchesWithoutAnEnvelope() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String lines = samples().stream().map(JsonNode::toString).reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertThat(Batch.records(mapper, lines.getBytes(StandardCharsets.UTF_8), format, 100)).hasSize(6);
        ObjectNode single = Samples.line(Samples.VAULT, 0);
        single.set("records", mapper.createArrayNode());
        assertThat(Batch.records(mapper, single.toString().getBytes(StandardCharsets.UTF_8), format, 100))
                .as("no envelope: an object is one record, whatever its fields")
                .extracting(record -> record.text().contentId("s"))
                .containsExactly(RecordText.of(single).contentId("s"));
    }

    @Test
    void theSameEntryAlwaysGetsTheSameIdAndADifferentEntryAnother() {
        assertThat(coalesced(4).eventId()).isEqualTo(coalesced(4).eventId());
        assertThat(coalesced(4).eventId()).isNotEqualTo(coalesced(2).eventId());
        assertThat(format.parse(samples().get(4), "sub-b", RECEIVED).eventId()).isNotEqualTo(coalesced(4).eventId());
    }

    @Test
    void anEntryIsIdentifiedByItsCallSoASecondAuditDevicesCopyIsTheSameEvent() {
        ObjectNode entry = Samples.line(Samples.VAULT, 4);
        ObjectNode otherDevice = entry.deepCopy();
        // each audit device HMACs with its own salt
        ((ObjectNode) otherDevice.get("auth")).put("accessor", "hmac-sha256:another-device");
        ((ObjectNode) otherDevice.get("request")).put("client_token", "hmac-sha256:another-device");
        assertThat(parse(otherDevice).eventId()).isEqualTo(parse(entry).eventId());

        ObjectNode requestEntry = entry.deepCopy().put("type", "request");
        assertThat(parse(requestEntry).eventId()).as("the call's request entry is another event")
                .isNotEqualTo(parse(entry).eventId());

        ObjectNode withoutId = entry.deepCopy();
        ((ObjectNode) withoutId.get("request")).remove("id");
        ObjectNode otherWithoutId = withoutId.deepCopy();
        ((ObjectNode) otherWithoutId.get("request")).put("client_token", "hmac-sha256:another-device");
        assertThat(parse(withoutId).eventId()).as("without a request.id, the entry's content identifies it")
                .isEqualTo(parse(withoutId.deepCopy()).eventId())
                .isNotEqualTo(parse(otherWithoutId).eventId())
                .isNotEqualTo(parse(entry).eventId());
    }

    private AccessEvent parse(JsonNode entry) {
        return format.parse(entry, "sub-a", RECEIVED);
    }

    @Test
    void mountPointNamespaceAndUserAgentWhenLogged() {
        ObjectNode record = Samples.line(Samples.VAULT, 4);
        ObjectNode request = (ObjectNode) record.get("request");
        request.put("mount_point", "kv/team-a/");
        request.put("path", "kv/team-a/data/db/password");
        request.putObject("namespace").put("id", "Xw3Pq");
        request.putObject("headers").putArray("user-agent").add("Go-http-client/1.1");
        AccessEvent e = format.parse(record, "sub-a", RECEIVED);
        assertThat(Samples.fromBody(format, record.toString(), "sub-a", RECEIVED)).as("read from a body").isEqualTo(e);
        assertThat(e.vault()).isEqualTo(new io.vigil.events.Vault("hashicorp-vault:Xw3Pq/kv/team-a", "kv/team-a"));
        assertThat(e.object().name()).isEqualTo("db/password");
        assertThat(e.client().userAgent()).isEqualTo("Go-http-client/1.1");
    }

    @Test
    void aLoginIsAttributedToTheIdentityItIssued() {
        ObjectNode record = Samples.line(Samples.VAULT, 4);
        record.putObject("auth");
        ObjectNode request = (ObjectNode) record.get("request");
        request.remove("client_token");
        request.remove("client_token_accessor");
        request.put("path", "auth/userpass/login/alice").put("operation", "update").put("mount_type", "userpass");
        ObjectNode issued = ((ObjectNode) record.get("response")).putObject("auth");
        issued.put("display_name", "userpass-alice").put("entity_id", "ent-1");
        AccessEvent e = format.parse(record, "sub-a", RECEIVED);
        assertThat(Samples.fromBody(format, record.toString(), "sub-a", RECEIVED)).as("read from a body").isEqualTo(e);
        assertThat(e.operation().kind()).isEqualTo(OperationKind.AUTH);
        assertThat(e.vault().name()).isEqualTo("auth/userpass");
        assertThat(e.principal()).isEqualTo(new Principal(PrincipalType.USER, "ent-1", null, null, "userpass-alice"));

        ((ObjectNode) record.get("response")).remove("auth");
        record.put("error", "invalid username or password");
        AccessEvent failed = format.parse(record, "sub-a", RECEIVED);
        assertThat(failed.result().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(failed.principal().type()).as("no token presented").isEqualTo(PrincipalType.ANONYMOUS);
    }

    @Test
    void pathsMapToKinds() {
        assertThat(kind("secret/metadata/apps", "kv", "list")).isEqualTo(OperationKind.SECRET_LIST);
        assertThat(kind("secret/metadata/apps/x", "kv", "read")).isEqualTo(OperationKind.SECRET_LIST);
        assertThat(kind("secret/data/apps/x", "kv", "create")).isEqualTo(OperationKind.SECRET_WRITE);
        assertThat(kind("secret/data/apps/x", "kv", "patch")).isEqualTo(OperationKind.SECRET_WRITE);
        assertThat(kind("secret/data/apps/x", "kv", "delete")).isEqualTo(OperationKind.SECRET_DELETE);
        assertThat(kind("secret/delete/apps/x", "kv", "update")).isEqualTo(OperationKind.SECRET_DELETE);
        assertThat(kind("secret/undelete/apps/x", "kv", "update")).isEqualTo(OperationKind.SECRET_WRITE);
        assertThat(kind("secret/destroy/apps/x", "kv", "update")).isEqualTo(OperationKind.PURGE);
        assertThat(kind("secret/metadata/apps/x", "kv", "delete")).isEqualTo(OperationKind.PURGE);
        assertThat(kind("secret/data/apps/x", null, "read")).as("mount type not logged")
                .isEqualTo(OperationKind.SECRET_READ);
        assertThat(kind("kv1/apps/x", "kv", "read")).isEqualTo(OperationKind.SECRET_READ);
        assertThat(kind("sys/policy/admin", "system", "update")).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(kind("sys/policies/acl/admin", "system", "delete")).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(kind("sys/policies/acl/admin", "system", "read")).isEqualTo(OperationKind.VAULT_READ);
        assertThat(kind("auth/approle/role/ci", "approle", "create")).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(kind("auth/kubernetes/role/app", "kubernetes", "update")).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(kind("sys/audit/file", "system", "update")).isEqualTo(OperationKind.VAULT_MANAGE);
        assertThat(kind("sys/audit/file", "system", "delete")).isEqualTo(OperationKind.VAULT_MANAGE);
        assertThat(kind("sys/audit-hash/file", "system", "update")).isEqualTo(OperationKind.OTHER);
        assertThat(kind("sys/mounts/secret", "system", "create")).isEqualTo(OperationKind.VAULT_MANAGE);
        assertThat(kind("sys/mounts", "system", "read")).isEqualTo(OperationKind.VAULT_READ);
        assertThat(kind("auth/oidc/login", "oidc", "update")).isEqualTo(OperationKind.AUTH);
        assertThat(kind("auth/oidc/oidc/callback", "oidc", "read")).isEqualTo(OperationKind.AUTH);
        assertThat(kind("pki/sign/web", "pki", "update")).isEqualTo(OperationKind.CERTIFICATE);
        assertThat(kind("pki/roles/web", "pki", "update")).isEqualTo(OperationKind.OTHER);
        assertThat(kind("transit/encrypt/orders", "transit", "update")).isEqualTo(OperationKind.KEY_USE);
        assertThat(kind("transit/decrypt/orders", "transit", "update")).isEqualTo(OperationKind.KEY_USE);
        assertThat(kind("transit/keys/orders", "transit", "create")).isEqualTo(OperationKind.KEY_MANAGE);
        assertThat(kind("transit/keys/orders/rotate", "transit", "update")).isEqualTo(OperationKind.KEY_MANAGE);
        assertThat(kind("secret/data/apps/x", "kv", "help")).isEqualTo(OperationKind.OTHER);
        assertThat(kind("identity/entity/id", "identity", "list")).isEqualTo(OperationKind.OTHER);
        assertThat(HashiCorpVaultFormat.target("transit/encrypt/orders", null, "transit", "update").object())
                .isEqualTo(new AccessEvent.ObjectRef(ObjectType.KEY, "transit/encrypt/orders", "orders"));
        assertThat(HashiCorpVaultFormat.target("sys/policies/acl/admin", null, "system", "update").object())
                .isEqualTo(new AccessEvent.ObjectRef(ObjectType.POLICY, "sys/policies/acl/admin", "admin"));
        assertThat(HashiCorpVaultFormat.target("kv1/apps/x", null, "kv", "read").object())
                .isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET, "kv1/apps/x", "apps/x"));
        assertThat(HashiCorpVaultFormat.target("secret/metadata", null, "kv", "list").object())
                .as("listing the mount's root names no secret").isNull();
    }

    @Test
    void displayNamesGiveThePrincipalType() {
        assertThat(HashiCorpVaultFormat.principalType("approle-ci", null)).isEqualTo(PrincipalType.APPLICATION);
        assertThat(HashiCorpVaultFormat.principalType("ldap-alice", null)).isEqualTo(PrincipalType.USER);
        assertThat(HashiCorpVaultFormat.principalType("root", null)).isEqualTo(PrincipalType.USER);
        assertThat(HashiCorpVaultFormat.principalType("kubernetes-default-app", null))
                .isEqualTo(PrincipalType.SERVICE);
        assertThat(HashiCorpVaultFormat.principalType("nomad", null)).isEqualTo(PrincipalType.SERVICE);
        assertThat(HashiCorpVaultFormat.principalType("something", "a@b.c")).isEqualTo(PrincipalType.USER);
        assertThat(HashiCorpVaultFormat.principalType("something", null)).isEqualTo(PrincipalType.UNKNOWN);
    }

    @Test
    void errorsOtherThanDenialsAreNotFoundOrFailed() {
        ObjectNode record = Samples.line(Samples.VAULT, 4);
        record.put("error", "1 error occurred:\n\t* no handler for route \"secret/data/x\"\n\n");
        assertThat(format.parse(record, "sub-a", RECEIVED).result()).isEqualTo(new AccessEvent.Result(
                Outcome.NOT_FOUND, 404, "no handler for route \"secret/data/x\""));
        record.put("error", "2 errors occurred:\n\t* backend unavailable\n\t* context canceled\n\n");
        assertThat(format.parse(record, "sub-a", RECEIVED).result()).isEqualTo(new AccessEvent.Result(
                Outcome.FAILED, 500, "backend unavailable; context canceled"));
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        assertRejected(without("time"), "time");
        ObjectNode badTime = Samples.line(Samples.VAULT, 4);
        badTime.put("time", "2021-06-29 17:26");
        assertRejected(badTime, "time");
        ObjectNode kmip = Samples.line(Samples.VAULT, 4);
        kmip.put("type", "kmip-request");
        assertRejected(kmip, "type");
        assertRejected(without("type"), "type");
        ObjectNode noOperation = Samples.line(Samples.VAULT, 4);
        ((ObjectNode) noOperation.get("request")).remove("operation");
        assertRejected(noOperation, "request.operation");
        ObjectNode rootPath = Samples.line(Samples.VAULT, 4);
        ((ObjectNode) rootPath.get("request")).put("path", "/");
        assertRejected(rootPath, "request.path");
        ObjectNode requestNotAnObject = Samples.line(Samples.VAULT, 4);
        requestNotAnObject.putArray("request");
        assertRejected(requestNotAnObject, "request.operation");
    }

    @Test
    void rfc3339OffsetsAreAccepted() {
        ObjectNode record = Samples.line(Samples.VAULT, 4);
        record.put("time", "2021-06-29T19:26:11.409840527+02:00");
        assertThat(format.parse(record, "sub-a", RECEIVED).time())
                .isEqualTo(Instant.parse("2021-06-29T17:26:11.409840527Z"));
    }

    private OperationKind kind(String path, String mountType, String operation) {
        return HashiCorpVaultFormat.target(path, null, mountType, operation).kind();
    }

    private ObjectNode without(String field) {
        ObjectNode record = Samples.line(Samples.VAULT, 4);
        record.remove(field);
        return record;
    }

    private void assertRejected(JsonNode record, String field) {
        assertThatThrownBy(() -> format.parse(record, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo(field);
    }

    /** The event of the batch's record at {@code index} after coalescing the whole sample file. */
    private AccessEvent coalesced(int index) {
        byte[] body = String.join("\n", Samples.lines(Samples.VAULT)).getBytes(StandardCharsets.UTF_8);
        IndexedRecord record = format.coalesce(Batch.records(VigilFormatTest.MAPPER, body, format, 100)).stream()
                .map(operation -> operation.get(0)).filter(r -> r.index() == index).findFirst()
                .orElseThrow(() -> new AssertionError("line " + index + " did not survive coalescing"));
        return format.parse(record.record(), record.text(), "sub-a", RECEIVED);
    }

    private AccessEvent event(int line) {
        return Samples.fromBody(format, Samples.lines(Samples.VAULT).get(line), "sub-a", RECEIVED);
    }

    private List<JsonNode> samples() {
        return Samples.read(Samples.VAULT);
    }
}
