package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.common.rest.ProblemException;

/**
 * Records handed over as they are read, in the order sent, whatever shape holds them; the body is refused as a whole
 * whatever was handed over before.
 */
class BatchForEachTest {

    private final AzureKeyVaultFormat format = new AzureKeyVaultFormat();

    @Test
    void linesOfRecordsAndOfEnvelopesAreHandedOverInTheOrderSent() {
        String body = line(0) + "\n[1,2]\n{\"records\":[" + line(2) + "," + line(3) + "]}\n" + line(4);

        assertThat(forEach(body, 10)).as("an array among other values is one record, for the format to refuse")
                .containsExactly("0 " + line(0), "1 [1,2]", "2 " + line(2), "3 " + line(3), "4 " + line(4));
    }

    @Test
    void aBodyThatIsOneEnvelopeOrOneArrayHandsOverItsRecords() {
        assertThat(forEach("{\"records\":[" + line(0) + "," + line(1) + "],\"other\":{\"records\":1}}", 10))
                .as("an envelope's other fields are ignored").containsExactly("0 " + line(0), "1 " + line(1));
        assertThat(forEach("[" + line(0) + "," + line(1) + "]", 10)).containsExactly("0 " + line(0), "1 " + line(1));
        assertThat(forEach(line(0), 10)).containsExactly("0 " + line(0));
    }

    @Test
    void theBodyIsRefusedOnceReadWholeEvenAfterRecordsWereHandedOver() {
        List<String> handed = new ArrayList<>();
        assertThatThrownBy(() -> Batch.forEach(VigilFormatTest.MAPPER, bytes(line(0) + "\n{\"time\":"), format, 10,
                (index, record, text) -> handed.add(record.toString())))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(400));
        assertThat(handed).as("the caller must not publish before forEach returns").hasSize(1);

        assertProblem(line(0) + line(1) + line(2), 2, 413, "The batch holds 3 records; at most 2 are accepted");
        assertProblem("{\"records\":[" + line(0) + "," + line(1) + "]}\n{\"records\":[" + line(2) + "]}", 2, 413,
                "The batch holds 3 records");
        assertProblem("{\"records\":{}}", 2, 400, "'records' must be an array of records");
        assertProblem(line(0) + "\n{\"records\":42}", 2, 400, "'records' must be an array of records");
        assertProblem("{\"records\":[]}", 2, 400, "The body holds no records");
        assertProblem("   ", 2, 400, "The body holds no records");
        assertProblem("[" + line(0) + "]\n" + line(1), 2, 400, "Nothing may follow the JSON array of records");
        assertProblem(line(0) + "\n42", 2, 400, "Expected a JSON object or array at line 2");
    }

    private List<String> forEach(String body, int maxRecords) {
        List<String> handed = new ArrayList<>();
        Batch.forEach(VigilFormatTest.MAPPER, bytes(body), format, maxRecords, (index, record, text) -> {
            handed.add(index + " " + record);
            assertThat(text.contentId("s")).as("the text of record %d", index)
                    .isEqualTo(RecordText.of(record).contentId("s"));
        });
        return handed;
    }

    private void assertProblem(String body, int maxRecords, int status, String detail) {
        assertThatThrownBy(() -> forEach(body, maxRecords)).isInstanceOfSatisfying(ProblemException.class,
                problem -> {
                    assertThat(problem.status()).isEqualTo(status);
                    assertThat(problem.getMessage()).contains(detail);
                });
    }

    /** A record whose kept part is all of it, so that its tree and its text agree. */
    private static String line(int n) {
        return "{\"time\":\"t" + n + "\"}";
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
