package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessEvent;
import io.vigil.ingest.domain.RecordException;

/**
 * Every format, fed its own samples with fields deleted, retyped, truncated or added at every path: the only way a
 * parser may refuse a record is a {@link RecordException} naming a field, and what it accepts must be a complete
 * event (IngestService and the Kafka key rely on vault, operation, result and principal being there).
 *
 * <p>Two passes per format: a sweep applying each single mutation to each path of each sample, then seeded random
 * batches of records with several mutations each, run through {@code coalesce} and {@code parse} as IngestService
 * does. Seeds are fixed, so a failure reproduces.
 */
class FormatFuzzTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final int RANDOM_RECORDS = 2_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Fields the parsers read but the samples lack, so that their absence is not all the fuzzer tries. */
    private static final String[] READ_FIELDS = {"error", "errorCode", "errorMessage", "detail", "detail-type",
        "headers", "user-agent", "mount_point", "mount_type", "namespace", "id", "type", "auth", "response", "metadata",
        "email", "role_name", "entity_id", "display_name", "accessor", "client_token", "client_token_accessor",
        "keyId", "secretId", "secretIdList", "forceDeleteWithoutRecovery", "resources", "ARN", "aRN", "arn", "name",
        "keyMetadata", "responseElements", "requestParameters", "sessionIssuer", "userName", "invokedBy",
        "httpStatusCode", "resultSignature", "claim", "oid", "upn", "appid", "subscriptionId", "schemaVersion",
        "eventId", "eventID", "object", "principal", "client", "source", "outcome", "httpStatus", "kind", "time",
        "eventTime", "vault", "operation", "result", "path", "remote_address", "sourceIPAddress", "userAgent"};
    private static final String[] STRINGS = {"", " ", "\t\n", "0", "-1", "200", "9999999999", "1e400", "NaN", "true",
        "null", "[]", "{}", "\u0000", "🔑秘密\u202egnp.exe", "\uD800", "é\u0301", "arn:", "arn:aws:kms:::key/",
        ":key/", "alias/", ":secret:", "arn:aws:secretsmanager:::secret:-abcdef", "/", "//", "a//b", "auth/x/login",
        "auth/", "sys/policy/", "sys/policies/acl", "secret/data/", "secret/metadata", "transit/export/x",
        "1.2.3.4", "999.999.1.1", "::", "::ffff:1.2.3.4", "fe80::1%eth0", "<Redacted>", "2024-13-45T25:61:61Z",
        "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2024-10-17 21:48:45.0000000001",
        "2024-10-17 24:00:00", "2021-06-29T17:26:11.4+25:00", "request", "response", "kmip-request",
        "secretsmanager.amazonaws.com", "kms.amazonaws.com", "AccessDenied", "permission denied",
        "1 error occurred:\n\t* \n\n", "* ", "SECRET_READ", "secret_read", "UNKNOWN", "https://", "http://[::1",
        "https://kv.vault.azure.net/secrets/%zz", "mailto:x", "https://kv.vault.azure.net//", "AssumedRole",
        "IAMUser", "AWSService", "Root", "FederatedUser", "assumed-role/", "arn:aws:sts::1:assumed-role",
        "AWSReservedSSO_/@", "oidc-", "-", "approle", "OK", "Forbidden", "vaults", "/vaults/", "sub-other"};

    private final List<String> failures = new ArrayList<>();
    private int generated;
    private int parsed;
    private int accepted;
    private int rejected;

    @Test
    void azureKeyVault() {
        fuzz(new AzureKeyVaultFormat(), Samples.read(Samples.AZURE), 1L);
    }

    @Test
    void hashiCorpVault() {
        fuzz(new HashiCorpVaultFormat(), Samples.read(Samples.VAULT), 2L);
    }

    @Test
    void awsCloudTrail() {
        List<JsonNode> seeds = new ArrayList<>(Samples.read(Samples.CLOUDTRAIL));
        for (JsonNode record : Samples.read(Samples.CLOUDTRAIL)) {
            ObjectNode wrapped = NODES.objectNode().put("detail-type", "AWS API Call via CloudTrail")
                    .put("source", "aws.secretsmanager");
            wrapped.set("detail", record);
            seeds.add(wrapped);
        }
        fuzz(new AwsCloudTrailFormat(), seeds, 3L);
    }

    @Test
    void vigil() {
        fuzz(new VigilFormat(), VigilFormatTest.canonicalEvents().stream().map(VigilFormatTest::json)
                .map(JsonNode.class::cast).toList(), 4L);
    }

    private void fuzz(LogFormat format, List<JsonNode> seeds, long seed) {
        Random random = new Random(seed);
        int swept = sweep(format, seeds, random);
        for (int count = 0; count < RANDOM_RECORDS;) {
            List<JsonNode> batch = new ArrayList<>();
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                JsonNode record = seeds.get(random.nextInt(seeds.size())).deepCopy();
                int mutations = 1 + random.nextInt(4);
                for (int m = 0; m < mutations; m++) {
                    mutate(record, random);
                }
                batch.add(record);
            }
            count += size;
            run(format, batch, random);
        }
        System.out.printf("%s: %d records from the sweep, %d random; %d parsed after coalescing, %d accepted,"
                + " %d rejected%n", format.name(), swept, generated - swept, parsed, accepted, rejected);
        assertThat(failures.subList(0, Math.min(5, failures.size())))
                .as("%s: %d failures, the first ones", format.name(), failures.size()).isEqualTo(List.of());
        assertThat(accepted).as("the mutations leave some records valid").isPositive();
        assertThat(rejected).as("the mutations break some records").isPositive();
    }

    /** Each path of each sample, deleted and replaced by one value of every kind, one mutation at a time. */
    private int sweep(LogFormat format, List<JsonNode> seeds, Random random) {
        for (JsonNode seed : seeds) {
            int paths = paths(seed).size();
            for (int p = 0; p < paths; p++) {
                for (int kind = -1; kind < VALUE_KINDS; kind++) {
                    JsonNode record = seed.deepCopy();
                    Slot slot = paths(record).get(p);
                    if (kind < 0) {
                        slot.delete();
                    } else {
                        slot.set(value(kind, slot.get(), random));
                    }
                    run(format, List.of(record), random);
                }
            }
        }
        return generated;
    }

    private void run(LogFormat format, List<JsonNode> batch, Random random) {
        generated += batch.size();
        if (format instanceof StreamedFormat streamed) {
            compareStreamedWithTree(streamed, batch);
        }
        compareTextWithTree(format, batch, random);
        List<List<IndexedRecord>> operations;
        try {
            operations = format instanceof CoalescingFormat coalescing ? coalescing.coalesce(IndexedRecord.of(batch))
                    : IndexedRecord.of(batch).stream().map(List::of).toList();
        } catch (Throwable e) {
            failures.add("coalesce threw " + e + " on " + abbreviate(batch.toString()));
            return;
        }
        int previous = -1;
        for (List<IndexedRecord> operation : operations) {
            if (operation.get(0).index() <= previous) {
                failures.add("coalesce returned operation at " + operation.get(0).index() + " out of order");
            }
            previous = operation.get(0).index();
        }
        List<Integer> indexes = operations.stream().flatMap(List::stream).map(IndexedRecord::index).sorted().toList();
        if (!indexes.equals(IntStream.range(0, batch.size()).boxed().toList())) {
            failures.add("coalesce lost or repeated records: " + indexes + " of " + batch.size());
        }
        for (IndexedRecord record : operations.stream().flatMap(List::stream).toList()) {
            parsed++;
            try {
                check(format.parse(record.record(), "sub-a", RECEIVED), record.record());
                accepted++;
            } catch (RecordException e) {
                rejected++;
                if (e.field() == null || e.getMessage() == null) {
                    failures.add("RecordException without field or message on " + abbreviate(record.toString()));
                }
            } catch (Throwable e) {
                StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                failures.add(e + " at " + at + " on " + abbreviate(record.record().toString()));
            }
        }
    }

    /**
     * The batch as JSON lines read straight off the bytes must give what its trees give, record by record: the same
     * event or a refusal of the same field. This also holds the skipping after a refusal to account: a record refused
     * halfway through a nested value must not shift the records after it.
     */
    private void compareStreamedWithTree(StreamedFormat format, List<JsonNode> batch) {
        StringBuilder lines = new StringBuilder();
        batch.forEach(record -> lines.append(record).append('\n'));
        // both from the same bytes: text the fuzzer made unencodable (lone surrogates) is then the same for both
        byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);
        List<String> fromTrees = new ArrayList<>();
        for (IndexedRecord record : Batch.records(VigilFormatTest.MAPPER, body, format, 1000)) {
            fromTrees.add(outcome(() -> format.parse(record.record(), "sub-a", RECEIVED)));
        }
        List<String> streamed = new ArrayList<>();
        try {
            Batch.stream(VigilFormatTest.MAPPER, body, 1000,
                    (index, parser, record) -> streamed.add(outcome(() -> format.read(parser, "sub-a", RECEIVED,
                            record))));
        } catch (Throwable e) {
            failures.add("streaming threw " + e + " on " + abbreviate(batch.toString()));
            return;
        }
        for (int i = 0; i < Math.max(streamed.size(), fromTrees.size()); i++) {
            String fromStream = i < streamed.size() ? streamed.get(i) : "nothing";
            String fromTree = i < fromTrees.size() ? fromTrees.get(i) : "nothing";
            if (!fromStream.equals(fromTree)) {
                int at = 0;
                while (at < Math.min(fromStream.length(), fromTree.length())
                        && fromStream.charAt(at) == fromTree.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 40);
                failures.add("record " + i + " streamed …" + abbreviate(fromStream.substring(from)) + " but its tree gave …"
                        + abbreviate(fromTree.substring(Math.min(from, fromTree.length()))) + " on "
                        + abbreviate(batch.get(Math.min(i, batch.size() - 1)).toString()));
                return;
            }
        }
    }

    /**
     * A record read from a body must map to what its whole tree maps to, its id included: the body is read with only
     * the fields the format keeps, and the id is computed over the body's bytes when they are the tree's compact form
     * up to whitespace, and over the tree's serialisation otherwise.
     */
    private void compareTextWithTree(LogFormat format, List<JsonNode> batch, Random random) {
        for (JsonNode record : batch) {
            try {
                byte[] text = (random.nextBoolean() ? VigilFormatTest.MAPPER.writer()
                        : VigilFormatTest.MAPPER.writerWithDefaultPrettyPrinter()).writeValueAsBytes(record);
                JsonNode whole = VigilFormatTest.MAPPER.readTree(text);
                JsonNode kept;
                try (JsonParser parser = VigilFormatTest.MAPPER.createParser(text)) {
                    parser.nextToken();
                    kept = format.keptFields().read(parser);
                }
                String fromText = outcome(() -> format.parse(kept, RecordText.in(text, 0, text.length,
                        VigilFormatTest.MAPPER), "sub-a", RECEIVED));
                String fromTree = outcome(() -> format.parse(whole, "sub-a", RECEIVED));
                if (!fromText.equals(fromTree)) {
                    failures.add("read from its text " + abbreviate(fromText) + " but from its tree "
                            + abbreviate(fromTree) + " on " + abbreviate(new String(text, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                failures.add("could not write and read back " + abbreviate(record.toString()) + ": " + e);
            }
        }
    }

    private interface Read {
        AccessEvent get() throws Exception;
    }

    private static String outcome(Read read) {
        try {
            return read.get().toString();
        } catch (RecordException e) {
            return "refused " + e.field();
        } catch (Exception e) {
            return "threw " + e;
        }
    }

    private void check(AccessEvent e, JsonNode record) {
        List<String> missing = new ArrayList<>();
        if (e.eventId() == null || e.eventId().isBlank()) {
            missing.add("eventId");
        }
        if (!"sub-a".equals(e.subscriptionId())) {
            missing.add("subscriptionId");
        }
        if (e.source() == null || e.time() == null || e.receivedAt() == null || e.ip() == null) {
            missing.add("source/time/receivedAt/ip");
        }
        if (e.vault() == null || e.vault().id() == null || e.vault().id().isBlank()) {
            missing.add("vault.id");
        }
        if (e.operation() == null || e.operation().kind() == null || e.operation().name() == null) {
            missing.add("operation");
        }
        if (e.result() == null || e.result().outcome() == null) {
            missing.add("result");
        } else if (e.result().httpStatus() != null
                && (e.result().httpStatus() < 100 || e.result().httpStatus() > 599)) {
            missing.add("result.httpStatus in range");
        }
        // a status the record states must survive as is: a huge number must not wrap into a plausible one
        for (String status : new String[] {"/properties/httpStatusCode", "/result/httpStatus"}) {
            JsonNode stated = record.at(status);
            if (stated.isIntegralNumber() && (e.result() == null || e.result().httpStatus() == null
                    || !stated.bigIntegerValue().equals(BigInteger.valueOf(e.result().httpStatus())))) {
                missing.add(status + " as stated");
            }
        }
        if (e.principal() == null || e.principal().type() == null) {
            missing.add("principal");
        }
        if (e.object() != null && e.object().type() == null) {
            missing.add("object.type");
        }
        if (!missing.isEmpty()) {
            failures.add("accepted a broken event (" + missing + ") from " + abbreviate(record.toString()));
            return;
        }
        try {
            VigilFormatTest.MAPPER.writeValueAsString(e);
        } catch (Exception serialisation) {
            failures.add("event does not serialise: " + serialisation);
        }
    }

    private static final int VALUE_KINDS = 12;

    /** A replacement of kind {@code kind}: wrong JSON types, extreme numbers, odd and huge strings, truncation. */
    private static JsonNode value(int kind, JsonNode original, Random random) {
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextBoolean() ? -random.nextInt(1000) : random.nextInt());
            case 2 -> pick(random, () -> NODES.numberNode(Long.MAX_VALUE), () -> NODES.numberNode(Integer.MIN_VALUE),
                    () -> NODES.numberNode(new BigInteger("1" + "0".repeat(40))),
                    () -> NODES.numberNode(4_294_967_496L), () -> NODES.numberNode(1e308),
                    () -> NODES.numberNode(-0.0), () -> NODES.numberNode(200.5));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> random.nextBoolean() ? NODES.arrayNode()
                    : NODES.arrayNode().add(STRINGS[random.nextInt(STRINGS.length)]).add(random.nextInt()).addNull();
            case 5 -> random.nextBoolean() ? NODES.objectNode()
                    : NODES.objectNode().put(READ_FIELDS[random.nextInt(READ_FIELDS.length)], "x")
                            .set("nested", NODES.objectNode().put("id", 1));
            case 6 -> NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]);
            case 7 -> NODES.textNode(hugeString(random));
            case 8 -> NODES.textNode(unicode(random));
            case 9 -> original != null && original.isTextual()
                    ? NODES.textNode(original.asText().substring(0, random.nextInt(original.asText().length() + 1)))
                    : NODES.textNode("");
            case 10 -> original != null && original.isTextual()
                    ? NODES.textNode(original.asText() + unicode(random)) : NODES.numberNode(-1);
            default -> original != null && original.isTextual()
                    ? NODES.numberNode(original.asText().length()) : NODES.textNode(String.valueOf(original));
        };
    }

    private static void mutate(JsonNode record, Random random) {
        List<Slot> slots = paths(record);
        int operation = random.nextInt(10);
        if (operation == 0 || slots.isEmpty()) {
            // a field the parser reads, on any object, with any value
            List<ObjectNode> objects = new ArrayList<>();
            objects(record, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            target.set(READ_FIELDS[random.nextInt(READ_FIELDS.length)],
                    value(random.nextInt(VALUE_KINDS), null, random));
            return;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        if (operation <= 3) {
            slot.delete();
        } else {
            slot.set(value(random.nextInt(VALUE_KINDS), slot.get(), random));
        }
    }

    /** Somewhere a value sits: an object's field or an array's element. */
    private record Slot(JsonNode container, String field, int element) {

        JsonNode get() {
            return field != null ? container.get(field) : container.get(element);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) container).set(field, value);
            } else {
                ((ArrayNode) container).set(element, value);
            }
        }

        void delete() {
            if (field != null) {
                ((ObjectNode) container).remove(field);
            } else {
                ((ArrayNode) container).remove(element);
            }
        }
    }

    /** Every slot below the root, depth first, in a stable order. */
    private static List<Slot> paths(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                slots.add(new Slot(node, name, -1));
                collect(node.get(name), slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                collect(node.get(i), slots);
            }
        }
    }

    private static void objects(JsonNode node, List<ObjectNode> objects) {
        if (node.isObject()) {
            objects.add((ObjectNode) node);
        }
        node.forEach(child -> objects(child, objects));
    }

    private static String hugeString(Random random) {
        char c = "A/:-@.1 é🔑".charAt(random.nextInt(11));
        return String.valueOf(c).repeat(20_000 + random.nextInt(80_000));
    }

    private static String unicode(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0xD800 + random.nextInt(0x800);
                case 2 -> 0x1F300 + random.nextInt(0x300);
                default -> 0x80 + random.nextInt(0xFF00);
            });
        }
        return text.toString();
    }

    @SafeVarargs
    private static JsonNode pick(Random random, Supplier<JsonNode>... choices) {
        return choices[random.nextInt(choices.length)].get();
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
