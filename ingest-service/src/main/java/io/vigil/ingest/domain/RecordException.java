package io.vigil.ingest.domain;

/** A problem with one record, naming the field; turned into a {@link Rejection} and never shown with a stack. */
public class RecordException extends RuntimeException {

    private final String field;

    public RecordException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
