package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonToken;

import io.vigil.common.rest.ProblemException;
import io.vigil.events.AccessEvent;
import io.vigil.ingest.domain.RecordException;

/** Records streamed off a body: each one read or refused alone, the body's shape checked as a whole. */
class BatchStreamTest {

    private static final String GOOD = "{\"time\":\"2026-11-23T10:00:00Z\",\"vault\":{\"id\":\"kv-%d\"},"
            + "\"operation\":{\"kind\":\"SECRET_READ\"},\"result\":{\"outcome\":\"SUCCESS\"},\"eventId\":\"e%d\"}";

    private final VigilFormat format = new VigilFormat();

    @Test
    void aRecordRefusedInsideANestedValueDoesNotShiftTheRecordsAfterIt() {
        String refused = "{\"time\":\"2026-11-23T10:00:00Z\",\"vault\":{\"id\":\"kv\"},\"object\":[1,{\"a\":[2]}],"
                + "\"operation\":{\"kind\":\"NOT_A_KIND\",\"extra\":{\"deep\":[{\"x\":1}]}},\"result\":{}}";
        List<String> outcomes = read(good(1) + "\n" + refused + "\n" + good(2));

        assertThat(outcomes).containsExactly("kv-1", "refused operation.kind", "kv-2");
    }

    @Test
    void arraysAndLinesAreTheSameRecords() {
        assertThat(read("[" + good(1) + "," + good(2) + "]")).containsExactly("kv-1", "kv-2");
        assertThat(read(good(1) + good(2))).containsExactly("kv-1", "kv-2");
    }

    @Test
    void aBodyInUtf16IsRefusedWhicheverWayItIsRead() {
        byte[] body = ("[" + good(1) + "]").getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> Batch.stream(VigilFormatTest.MAPPER, body, 4, (index, parser, text) -> {
        })).isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(415));
        assertThatThrownBy(() -> Batch.records(VigilFormatTest.MAPPER, body, new AzureKeyVaultFormat(), 4))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(415));
        assertThat(read("\uFEFF" + good(1))).as("a UTF-8 byte order mark is UTF-8").containsExactly("kv-1");
    }

    @Test
    void aRecordThatIsNoObjectIsHandedOnToBeRefused() {
        assertThat(read("[" + good(1) + ",42,[1,2]," + good(2) + "]"))
                .containsExactly("kv-1", "not an object", "not an object", "kv-2");
    }

    @Test
    void theBodyAsAWholeMustBeJsonRecordsAndNotTooMany() {
        assertProblem("", 400);
        assertProblem("[]", 400);
        assertProblem("[" + good(1) + "] {}", 400);
        assertProblem("42", 400);
        assertProblem(good(1) + "\n{\"time\":", 400);
        assertProblem(good(1) + good(2) + good(3) + good(4) + good(5), 413);
    }

    private List<String> read(String body) {
        List<String> outcomes = new ArrayList<>();
        Batch.stream(VigilFormatTest.MAPPER, body.getBytes(StandardCharsets.UTF_8), 4, (index, parser, text) -> {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                outcomes.add("not an object");
                return;
            }
            try {
                AccessEvent event = format.read(parser, "sub-a", VigilFormatTest.RECEIVED, text);
                outcomes.add(event.vault().id());
            } catch (RecordException e) {
                outcomes.add("refused " + e.field());
            }
        });
        return outcomes;
    }

    private void assertProblem(String body, int status) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.status()).isEqualTo(status));
    }

    private static String good(int n) {
        return String.format(GOOD, n, n);
    }
}
