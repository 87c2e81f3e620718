package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessEvent;
import io.vigil.events.DeterministicId;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Vault;
import io.vigil.ingest.domain.RecordException;

/** Golden mapping of every published CloudTrail Secrets Manager / KMS sample (samples/, kept as found). */
class AwsCloudTrailFormatTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private final AwsCloudTrailFormat format = new AwsCloudTrailFormat();

    @Test
    void deniedGetSecretValueThroughAnSsoRoleInPanthersTimeFormat() {
        AccessEvent e = parse(0);
        assertThat(e.eventId()).isEqualTo(
                DeterministicId.of("sub-a", "aws-cloudtrail", "dfd6d93a-2ce6-4dbe-8939-86b8ba67c868"));
        assertThat(e.schemaVersion()).isEqualTo(AccessEvent.SCHEMA_VERSION);
        assertThat(e.subscriptionId()).isEqualTo("sub-a");
        assertThat(e.source()).isEqualTo(Source.AWS_SECRETS_MANAGER);
        assertThat(e.time()).isEqualTo(Instant.parse("2024-10-17T21:48:45Z"));
        assertThat(e.receivedAt()).isEqualTo(RECEIVED);
        assertThat(e.vault()).isEqualTo(new Vault("aws-secretsmanager:123123123123:us-west-2",
                "secretsmanager/us-west-2"));
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("GetSecretValue", OperationKind.SECRET_READ));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET,
                "arn:aws:secretsmanager:us-west-2:123123123123:secret:stratus-red-team-retrieve-secret-3-gscOm8",
                "stratus-red-team-retrieve-secret-3"));
        assertThat(e.result()).as("no errorMessage: the code is the detail")
                .isEqualTo(new AccessEvent.Result(Outcome.DENIED, 403, "AccessDenied"));
        assertThat(e.principal()).as("an Identity Center session name is the person's sign-in").isEqualTo(
                new Principal(PrincipalType.USER, "AROASXP6SDP2F4WLQVARB:evil.genius", "evil.genius", null,
                        "AWSReservedSSO_DevAdmin_635426549a280cc6"));
        assertThat(e.client().ip()).isEqualTo("123.123.123.123");
        assertThat(e.client().userAgent()).startsWith("APN/1.0 HashiCorp/1.0 Terraform/1.1.2");
        assertThat(e.correlationId()).isEqualTo("5128b35f-0daf-4c5e-948a-21a1c507968c");
    }

    @Test
    void putResourcePolicyFromTheConsole() {
        AccessEvent e = parse(1);
        assertThat(e.source()).isEqualTo(Source.AWS_SECRETS_MANAGER);
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-05T19:48:47Z"));
        assertThat(e.vault()).isEqualTo(new Vault("aws-secretsmanager:123456789012:us-west-2",
                "secretsmanager/us-west-2"));
        assertThat(e.operation())
                .isEqualTo(new AccessEvent.Operation("PutResourcePolicy", OperationKind.POLICY_CHANGE));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET,
                "arn:aws:secretsmanager:us-west-2:123456789012:secret:paloma/example-secret-xxxxxx",
                "paloma/example-secret"));
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.SUCCESS, 200, null));
        assertThat(e.principal()).isEqualTo(new Principal(PrincipalType.USER, "AROAXXXXXXXXXXXXXXXXX:example.user",
                "example.user", null, "AWSReservedSSO_ExampleRole_xxxxxxxxxxxxxxxx"));
        assertThat(e.client().ip()).isEqualTo("10.0.0.1");
        assertThat(e.client().userAgent()).startsWith("Mozilla/5.0 (Macintosh");
        assertThat(e.correlationId()).isEqualTo("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        assertThat(e.eventId()).isEqualTo(
                DeterministicId.of("sub-a", "aws-cloudtrail", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"));
    }

    @Test
    void kmsDecryptIsKeyUseOnTheKeyAsVault() {
        AccessEvent e = parse(2);
        assertThat(e.source()).isEqualTo(Source.AWS_KMS);
        assertThat(e.time()).isEqualTo(Instant.parse("2019-01-01T00:00:00Z"));
        assertThat(e.vault()).isEqualTo(new Vault("arn:aws:kms:us-west-2:123456789012:key/1", "1"));
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("Decrypt", OperationKind.KEY_USE));
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.KEY,
                "arn:aws:kms:us-west-2:123456789012:key/1", "1"));
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.SUCCESS, 200, null));
        assertThat(e.principal()).as("a role session without an email or SSO is an application").isEqualTo(
                new Principal(PrincipalType.APPLICATION, "111:panther-snapshot-scheduler", null, null, "tester"));
        assertThat(e.client()).isEqualTo(new AccessEvent.Client("111.111.111.111", "Mozilla"));
        assertThat(e.correlationId()).isEqualTo("1");
        assertThat(e.eventId()).isEqualTo(DeterministicId.of("sub-a", "aws-cloudtrail", "1"));
    }

    @Test
    void eventBridgeEventsAreUnwrappedAndKeepTheTrailsEventId() {
        ObjectNode wrapped = new ObjectMapper().createObjectNode();
        wrapped.put("version", "0").put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718")
                .put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.secretsmanager")
                .put("account", "123123123123").put("time", "2024-10-17T21:48:45Z").put("region", "us-west-2");
        wrapped.putArray("resources");
        wrapped.set("detail", Samples.line(Samples.CLOUDTRAIL, 0));
        assertThat(format.parse(wrapped, "sub-a", RECEIVED)).isEqualTo(parse(0));

        ((ObjectNode) wrapped.get("detail")).remove("eventTime");
        assertRejected(wrapped, "detail.eventTime");
        wrapped.put("detail", "not a record");
        assertRejected(wrapped, "detail");
    }

    @Test
    void cloudTrailAndPantherTimesAreBothRead() {
        ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 0);
        record.put("eventTime", "2024-10-17T21:48:45Z");
        assertThat(format.parse(record, "sub-a", RECEIVED).time()).isEqualTo(Instant.parse("2024-10-17T21:48:45Z"));
        record.put("eventTime", "2024-10-17 21:48:45.123");
        assertThat(format.parse(record, "sub-a", RECEIVED).time())
                .isEqualTo(Instant.parse("2024-10-17T21:48:45.123Z"));
        record.put("eventTime", "2024-10-17 21:48:45");
        assertThat(format.parse(record, "sub-a", RECEIVED).time()).isEqualTo(Instant.parse("2024-10-17T21:48:45Z"));
        record.put("eventTime", "2024-02-30 21:48:45");
        assertRejected(record, "eventTime");
        record.put("eventTime", "2024-10-17 21:48");
        assertRejected(record, "eventTime");
    }

    @Test
    void secretNamesLoseOnlyTheRandomSuffixSecretsManagerAppends() {
        String arn = "arn:aws:secretsmanager:us-west-2:123123123123:secret:";
        assertThat(AwsCloudTrailFormat.secretName(arn + "db-password-AbC123")).isEqualTo("db-password");
        assertThat(AwsCloudTrailFormat.secretName(arn + "prod/db-Zz9-x0")).isEqualTo("prod/db-Zz9-x0");
        assertThat(AwsCloudTrailFormat.secretName(arn + "db-password-AbC12!")).isEqualTo("db-password-AbC12!");
        assertThat(AwsCloudTrailFormat.secretName(arn + "AbC123")).isEqualTo("AbC123");
        assertThat(AwsCloudTrailFormat.secretName(arn + "-AbC123")).isNull();
        assertThat(AwsCloudTrailFormat.secretName("arn:aws:kms:us-west-2:123123123123:key/k")).isNull();
    }

    @Test
    void aServiceNameInSourceIpAddressIsNoIp() {
        ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 2);
        record.put("sourceIPAddress", "kafka.amazonaws.com");
        record.remove("userAgent");
        assertThat(format.parse(record, "sub-a", RECEIVED).client())
                .isEqualTo(new AccessEvent.Client(null, "kafka.amazonaws.com"));
        record.put("userAgent", "kafka.amazonaws.com/1.0");
        assertThat(format.parse(record, "sub-a", RECEIVED).client())
                .isEqualTo(new AccessEvent.Client(null, "kafka.amazonaws.com/1.0"));
        record.put("sourceIPAddress", "2001:db8::1");
        assertThat(format.parse(record, "sub-a", RECEIVED).client().ip()).isEqualTo("2001:db8::1");
    }

    @Test
    void theOldARNSpellingIsRead() {
        ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 0);
        ObjectNode identity = (ObjectNode) record.get("userIdentity");
        identity.set("aRN", identity.remove("arn"));
        assertThat(format.parse(record, "sub-a", RECEIVED).principal()).isEqualTo(parse(0).principal());
    }

    @Test
    void identityTypesMapToPrincipalTypes() {
        ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 0);
        ObjectNode iamUser = record.putObject("userIdentity");
        iamUser.put("type", "IAMUser").put("principalId", "AIDAEXAMPLE").put("userName", "deploy-bot")
                .put("arn", "arn:aws:iam::123123123123:user/deploy-bot").put("accountId", "123123123123");
        assertThat(format.parse(record, "sub-a", RECEIVED).principal())
                .isEqualTo(new Principal(PrincipalType.USER, "AIDAEXAMPLE", "deploy-bot", null, "deploy-bot"));

        record.putObject("userIdentity").put("type", "Root").put("principalId", "123123123123");
        assertThat(format.parse(record, "sub-a", RECEIVED).principal())
                .isEqualTo(new Principal(PrincipalType.USER, "123123123123", null, null, "root"));

        record.putObject("userIdentity").put("type", "AWSService").put("invokedBy", "lambda.amazonaws.com");
        assertThat(format.parse(record, "sub-a", RECEIVED).principal())
                .isEqualTo(new Principal(PrincipalType.SERVICE, null, null, null, "lambda.amazonaws.com"));

        ObjectNode role = record.putObject("userIdentity");
        role.put("type", "AssumedRole").put("principalId", "AROAX:alice@example.com")
                .put("arn", "arn:aws:sts::123123123123:assumed-role/Okta-Admin/alice@example.com");
        assertThat(format.parse(record, "sub-a", RECEIVED).principal()).as("no session issuer: the role name")
                .isEqualTo(new Principal(PrincipalType.USER, "AROAX:alice@example.com", "alice@example.com", null,
                        "Okta-Admin"));

        record.remove("userIdentity");
        assertThat(format.parse(record, "sub-a", RECEIVED).principal()).isEqualTo(Principal.unknown());
    }

    @Test
    void errorCodesGiveOutcomes() {
        ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 0);
        record.put("errorCode", "ResourceNotFoundException")
                .put("errorMessage", "Secrets Manager can't find the specified secret.");
        assertThat(format.parse(record, "sub-a", RECEIVED).result()).isEqualTo(new AccessEvent.Result(
                Outcome.NOT_FOUND, 404, "Secrets Manager can't find the specified secret."));
        record.put("errorCode", "Client.UnauthorizedOperation");
        assertThat(format.parse(record, "sub-a", RECEIVED).result().outcome()).isEqualTo(Outcome.DENIED);
        record.put("errorCode", "AccessDeniedException");
        assertThat(format.parse(record, "sub-a", RECEIVED).result().httpStatus()).isEqualTo(403);
        record.put("errorCode", "ThrottlingException");
        assertThat(format.parse(record, "sub-a", RECEIVED).result().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(format.parse(record, "sub-a", RECEIVED).result().httpStatus()).isEqualTo(400);
    }

    @Test
    void eventNamesMapToKinds() {
        JsonNode none = new ObjectMapper().createObjectNode();
        assertThat(AwsCloudTrailFormat.kindOf("BatchGetSecretValue", none)).isEqualTo(OperationKind.SECRET_READ);
        assertThat(AwsCloudTrailFormat.kindOf("ListSecrets", none)).isEqualTo(OperationKind.SECRET_LIST);
        assertThat(AwsCloudTrailFormat.kindOf("ListSecretVersionIds", none)).isEqualTo(OperationKind.SECRET_LIST);
        assertThat(AwsCloudTrailFormat.kindOf("DescribeSecret", none)).isEqualTo(OperationKind.VAULT_READ);
        assertThat(AwsCloudTrailFormat.kindOf("GetResourcePolicy", none)).isEqualTo(OperationKind.VAULT_READ);
        assertThat(AwsCloudTrailFormat.kindOf("CreateSecret", none)).isEqualTo(OperationKind.SECRET_WRITE);
        assertThat(AwsCloudTrailFormat.kindOf("RotateSecret", none)).isEqualTo(OperationKind.SECRET_WRITE);
        assertThat(AwsCloudTrailFormat.kindOf("DeleteSecret", none)).isEqualTo(OperationKind.SECRET_DELETE);
        assertThat(AwsCloudTrailFormat.kindOf("DeleteSecret",
                Samples.parse("{\"requestParameters\":{\"forceDeleteWithoutRecovery\":true}}")))
                .isEqualTo(OperationKind.PURGE);
        assertThat(AwsCloudTrailFormat.kindOf("DeleteResourcePolicy", none)).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(AwsCloudTrailFormat.kindOf("PutKeyPolicy", none)).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(AwsCloudTrailFormat.kindOf("CreateGrant", none)).isEqualTo(OperationKind.POLICY_CHANGE);
        assertThat(AwsCloudTrailFormat.kindOf("GenerateDataKeyWithoutPlaintext", none))
                .isEqualTo(OperationKind.KEY_USE);
        assertThat(AwsCloudTrailFormat.kindOf("ReEncrypt", none)).isEqualTo(OperationKind.KEY_USE);
        assertThat(AwsCloudTrailFormat.kindOf("Sign", none)).isEqualTo(OperationKind.KEY_USE);
        assertThat(AwsCloudTrailFormat.kindOf("ScheduleKeyDeletion", none)).isEqualTo(OperationKind.KEY_MANAGE);
        assertThat(AwsCloudTrailFormat.kindOf("ImportKeyMaterial", none)).isEqualTo(OperationKind.KEY_MANAGE);
        assertThat(AwsCloudTrailFormat.kindOf("DisableKey", none)).isEqualTo(OperationKind.KEY_MANAGE);
        assertThat(AwsCloudTrailFormat.kindOf("TagResource", none)).isEqualTo(OperationKind.OTHER);
    }

    @Test
    void objectsAndVaultsFromNamesAliasesAndResponses() {
        ObjectNode byName = Samples.line(Samples.CLOUDTRAIL, 0);
        ((ObjectNode) byName.get("requestParameters")).put("secretId", "prod/db");
        AccessEvent e = format.parse(byName, "sub-a", RECEIVED);
        assertThat(e.object()).isEqualTo(new AccessEvent.ObjectRef(ObjectType.SECRET, "prod/db", "prod/db"));
        assertThat(e.vault().id()).isEqualTo("aws-secretsmanager:123123123123:us-west-2");

        ObjectNode list = Samples.line(Samples.CLOUDTRAIL, 0);
        list.put("eventName", "ListSecrets").putObject("requestParameters");
        list.remove("recipientAccountId");
        AccessEvent listed = format.parse(list, "sub-a", RECEIVED);
        assertThat(listed.object()).isNull();
        assertThat(listed.vault().id()).as("account from userIdentity")
                .isEqualTo("aws-secretsmanager:123123123123:us-west-2");

        ObjectNode alias = Samples.line(Samples.CLOUDTRAIL, 2);
        ((ObjectNode) alias.get("requestParameters")).put("keyId", "alias/payments");
        assertThat(format.parse(alias, "sub-a", RECEIVED).vault())
                .isEqualTo(new Vault("arn:aws:kms:us-west-2:123456789012:key/1", "alias/payments"));

        ObjectNode listKeys = Samples.line(Samples.CLOUDTRAIL, 2);
        listKeys.put("eventName", "ListKeys").remove("resources");
        listKeys.putObject("requestParameters");
        AccessEvent keys = format.parse(listKeys, "sub-a", RECEIVED);
        assertThat(keys.vault()).isEqualTo(new Vault("aws-kms:123456789012:us-west-2", "kms/us-west-2"));
        assertThat(keys.object()).isNull();
        assertThat(keys.operation().kind()).isEqualTo(OperationKind.SECRET_LIST);
    }

    @Test
    void withoutEventIdTheRecordItselfIsHashed() {
        ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 2);
        record.remove("eventID");
        String id = format.parse(record, "sub-a", RECEIVED).eventId();
        assertThat(id).isEqualTo(format.parse(record.deepCopy(), "sub-a", RECEIVED).eventId()).hasSize(32)
                .isNotEqualTo(parse(2).eventId());
        record.put("requestID", "2");
        assertThat(format.parse(record, "sub-a", RECEIVED).eventId()).isNotEqualTo(id);
    }

    @Test
    void theTrailsEnvelopeIsSplitIntoRecords() {
        String body = "{\"Records\":[" + String.join(",", Samples.read(Samples.CLOUDTRAIL).stream()
                .map(JsonNode::toString).toList()) + "]}";
        assertThat(Batch.records(new ObjectMapper(), body.getBytes(StandardCharsets.UTF_8), format, 100)).hasSize(3);
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        ObjectNode s3 = Samples.line(Samples.CLOUDTRAIL, 0);
        s3.put("eventSource", "s3.amazonaws.com");
        assertThatThrownBy(() -> format.parse(s3, "sub-a", RECEIVED)).isInstanceOf(RecordException.class)
                .hasMessage("not a Secrets Manager or KMS event").extracting("field").isEqualTo("eventSource");
        for (String field : new String[] {"eventSource", "eventTime", "eventName", "awsRegion"}) {
            ObjectNode record = Samples.line(Samples.CLOUDTRAIL, 0);
            record.remove(field);
            assertRejected(record, field);
        }
        ObjectNode noAccount = Samples.line(Samples.CLOUDTRAIL, 0);
        noAccount.remove("recipientAccountId");
        ((ObjectNode) noAccount.get("userIdentity")).remove("accountId");
        assertRejected(noAccount, "recipientAccountId");
        ObjectNode badTime = Samples.line(Samples.CLOUDTRAIL, 0);
        badTime.put("eventTime", 1_729_201_725);
        assertRejected(badTime, "eventTime");
    }

    private void assertRejected(JsonNode record, String field) {
        assertThatThrownBy(() -> format.parse(record, "sub-a", RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo(field);
    }

    private AccessEvent parse(int line) {
        return Samples.fromBody(format, Samples.lines(Samples.CLOUDTRAIL).get(line), "sub-a", RECEIVED);
    }
}
