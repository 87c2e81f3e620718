package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessEvent;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.ingest.domain.RecordException;

/** Golden mapping of every published Azure Key Vault AuditEvent sample (samples/, kept as found). */
class AzureKeyVaultFormatTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private final AzureKeyVaultFormat format = new AzureKeyVaultFormat();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void plainObjectUrisAreSplitByHandAsUriWouldSplitThem() {
        assertThat(AzureKeyVaultFormat.plainUriPath("https://kv-1.vault.azure.net/secrets/db-password/0a1b2c"))
                .isEqualTo("/secrets/db-password/0a1b2c");
        assertThat(AzureKeyVaultFormat.plainUriPath("https://kv.vault.azure.net:443/keys/k")).isEqualTo("/keys/k");
        assertThat(AzureKeyVaultFormat.plainUriPath("https://kv.vault.azure.net")).isEmpty();
        Random random = new Random(5);
        String[] pieces = {"https://", "kv", ".vault.azure.net", "/", "secrets", ":", "443", "-", "_", "~", ".", "%41",
            "%", "?", "#", "@", " ", "é", "[", "::1]", "a b", "\\", "+", "//"};
        int plain = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder id = new StringBuilder(random.nextInt(4) == 0 ? "" : "https://kv.vault.azure.net");
            for (int n = random.nextInt(6); n > 0; n--) {
                id.append(pieces[random.nextInt(pieces.length)]);
            }
            String path = AzureKeyVaultFormat.plainUriPath(id.toString());
            if (path != null) {
                plain++;
                assertThat(path).as(id.toString()).isEqualTo(URI.create(id.toString()).getPath());
            }
        }
        assertThat(plain).as("candidates in the plain form").isGreaterThan(10_000);
    }

    @Test
    void vaultGetThroughArmWithLongUriClaims() throws IOException {
        AccessEvent e = parse(0);
        assertThat(e.source()).isEqualTo(Source.AZURE_KEY_VAULT);
        assertThat(e.subscriptionId()).isEqualTo("sub-a");
        assertThat(e.time()).isEqualTo(Instant.parse("2016-01-05T01:32:01.2691226Z"));
        assertThat(e.receivedAt()).isEqualTo(RECEIVED);
        assertThat(e.vault().id()).isEqualTo("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/"
                + "contosogroup/providers/microsoft.keyvault/vaults/contosokeyvault");
        assertThat(e.vault().name()).isEqualTo("contosokeyvault");
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("VaultGet", OperationKind.VAULT_READ));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.VAULT,
                "https://contosokeyvault.vault.azure.net/", null));
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.SUCCESS, 200, null));
        assertThat(e.principal().type()).isEqualTo(PrincipalType.USER);
        assertThat(e.principal().objectId()).isEqualTo("d9da5048-2737-4770-bd64-XXXXXXXXXXXX");
        assertThat(e.principal().upn()).isEqualTo("live.com#username@outlook.com");
        assertThat(e.principal().appId()).isEqualTo("00001111-aaaa-2222-bbbb-3333cccc4444");
        assertThat(e.client()).isEqualTo(new AccessEvent.Client("104.40.82.76", "azure-resource-manager/2.0"));
        assertThat(e.correlationId()).isNull();
    }

    @Test
    void secretGetWithShortClaimsAndRedactedIp() throws IOException {
        AccessEvent e = parse(1);
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ));
        assertThat(e.vault().name()).isEqualTo("securaallkeyvault");
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET,
                "https://securaallkeyvault.vault.azure.net/secrets/SecuraAllSecret/4c39bacace9a49b2bd542ce61bd6f312",
                "SecuraAllSecret"));
        assertThat(e.result().outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(e.principal().objectId()).isEqualTo("30a6c29d-de7c-4830-815f-9b3bb366e975");
        assertThat(e.principal().upn()).isEqualTo("attacker@securathesis.onmicrosoft.com");
        assertThat(e.principal().appId()).isEqualTo("04b07795-8ddb-461a-bbee-02f9e1bf7b46");
        assertThat(e.client().ip()).as("<Redacted> is no address").isNull();
        assertThat(e.client().userAgent()).startsWith("python/3.8.9");
        assertThat(e.correlationId()).isEqualTo("1e00f8e4-d4c8-46fe-ba9b-3863dde1ff54");
    }

    @Test
    void secretListHasNoObject() throws IOException {
        AccessEvent e = parse(2);
        assertThat(e.operation().kind()).isEqualTo(OperationKind.SECRET_LIST);
        assertThat(e.object()).isNull();
        assertThat(e.vault().name()).isEqualTo("testpermissionvault");
        assertThat(e.client().ip()).isEqualTo("147.161.0.0");
        assertThat(e.principal().upn()).isEqualTo("john.doe@dummy.onmicrosoft.com");
    }

    @Test
    void forbiddenIsDeniedAlthoughResultTypeSaysSuccess() throws IOException {
        AccessEvent e = parse(3);
        assertThat(e.operation().kind()).isEqualTo(OperationKind.SECRET_READ);
        assertThat(e.object().name()).isEqualTo("a");
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.DENIED, 403,
                "Caller is not authorized to perform action on resource."));
        assertThat(e.vault().name()).isEqualTo("keytestint");
    }

    @Test
    void purgeOfADeletedSecretDenied() throws IOException {
        AccessEvent e = parse(4);
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("SecretPurge", OperationKind.PURGE));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET,
                "https://testpermissionvault.vault.azure.net/deletedsecrets/mysecret", "mysecret"));
        assertThat(e.result().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(e.result().detail()).contains("does not have secrets purge permission");
    }

    @Test
    void theSameRecordAlwaysGetsTheSameIdAndADifferentRecordAnother() throws IOException {
        assertThat(parse(1).eventId()).isEqualTo(parse(1).eventId()).hasSize(32);
        assertThat(parse(1).eventId()).isNotEqualTo(parse(3).eventId());
        JsonNode record = samples().get(1);
        assertThat(format.parse(record, "sub-b", RECEIVED).eventId()).isNotEqualTo(parse(1).eventId());
    }

    @Test
    void statusFallsBackToResultSignature() throws IOException {
        ObjectNode record = (ObjectNode) samples().get(3).deepCopy();
        ((ObjectNode) record.get("properties")).remove("httpStatusCode");
        assertThat(format.parse(record, "sub-a", RECEIVED).result().httpStatus()).isEqualTo(403);
    }

    @Test
    void missingOrMalformedFieldsAreNamed() throws IOException {
        ObjectNode noTime = (ObjectNode) samples().get(1).deepCopy();
        noTime.remove("time");
        assertThatThrownBy(() -> format.parse(noTime, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo("time");

        ObjectNode badTime = (ObjectNode) samples().get(1).deepCopy();
        badTime.put("time", "yesterday");
        assertThatThrownBy(() -> format.parse(badTime, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo("time");

        ObjectNode noVault = (ObjectNode) samples().get(1).deepCopy();
        noVault.put("resourceId", "/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG");
        assertThatThrownBy(() -> format.parse(noVault, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo("resourceId");

        ObjectNode badStatus = (ObjectNode) samples().get(1).deepCopy();
        ((ObjectNode) badStatus.get("properties")).put("httpStatusCode", 1000);
        assertThatThrownBy(() -> format.parse(badStatus, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo("properties.httpStatusCode");
    }

    @Test
    void aStatusTooLargeForAnIntIsRejectedNotWrappedIntoAPlausibleOne() throws IOException {
        ObjectNode wrapped = (ObjectNode) samples().get(3).deepCopy();
        // 2^32 + 200: read as an int it used to become 200, turning a record into a successful read
        ((ObjectNode) wrapped.get("properties")).put("httpStatusCode", 4_294_967_496L);
        assertThatThrownBy(() -> format.parse(wrapped, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo("properties.httpStatusCode");
    }

    @Test
    void operationNamesMapToKindsAcrossObjectTypes() {
        assertThat(AzureKeyVaultFormat.kindOf("VaultPut")).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(AzureKeyVaultFormat.kindOf("VaultDelete")).isEqualTo(OperationKind.VAULT_MANAGE);
        assertThat(AzureKeyVaultFormat.kindOf("SecretSet")).isEqualTo(OperationKind.SECRET_WRITE);
        assertThat(AzureKeyVaultFormat.kindOf("SecretDelete")).isEqualTo(OperationKind.SECRET_DELETE);
        assertThat(AzureKeyVaultFormat.kindOf("SecretBackup")).isEqualTo(OperationKind.BACKUP);
        assertThat(AzureKeyVaultFormat.kindOf("KeyDecrypt")).isEqualTo(OperationKind.KEY_USE);
        assertThat(AzureKeyVaultFormat.kindOf("KeyCreate")).isEqualTo(OperationKind.KEY_MANAGE);
        assertThat(AzureKeyVaultFormat.kindOf("KeyPurge")).isEqualTo(OperationKind.PURGE);
        assertThat(AzureKeyVaultFormat.kindOf("CertificateGet")).isEqualTo(OperationKind.CERTIFICATE);
        assertThat(AzureKeyVaultFormat.kindOf("CertificateList")).isEqualTo(OperationKind.SECRET_LIST);
        assertThat(AzureKeyVaultFormat.kindOf("Authentication")).isEqualTo(OperationKind.AUTH);
        assertThat(AzureKeyVaultFormat.kindOf("SomethingNew")).isEqualTo(OperationKind.OTHER);
    }

    private AccessEvent parse(int line) {
        return Samples.fromBody(format, Samples.lines(Samples.AZURE).get(line), "sub-a", RECEIVED);
    }

    private List<JsonNode> samples() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/azure-keyvault-auditevent.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(this::read).toList();
        }
    }

    private JsonNode read(String line) {
        try {
            return mapper.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
    @Test
    void theVaultNameIsTheSegmentSplittingTheResourceIdWouldFindAfterVaults() {
        String[] pieces = {"/", "/", "vaults", "VAULTS", "Vaults", "vault", "kv-1", "KV-2", "x", ""};
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                id.append(pieces[random.nextInt(pieces.length)]);
            }
            String resourceId = id.toString();
            String expected = null;
            String[] segments = resourceId.split("/");
            for (int s = 0; s < segments.length - 1 && expected == null; s++) {
                if (segments[s].equalsIgnoreCase("vaults")) {
                    expected = segments[s + 1].toLowerCase(java.util.Locale.ROOT);
                }
            }
            if (expected == null) {
                assertThatThrownBy(() -> AzureKeyVaultFormat.vaultName(resourceId)).as(resourceId)
                        .isInstanceOf(RecordException.class);
            } else {
                assertThat(AzureKeyVaultFormat.vaultName(resourceId)).as(resourceId).isEqualTo(expected);
            }
        }
    }
}
