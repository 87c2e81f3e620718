package io.vigil.ingest.domain;

/**
 * Why one record of a batch was refused.
 *
 * @param index the record's position in the batch, from 0
 * @param field where in the record the problem is, e.g. {@code time} or {@code properties.httpStatusCode}
 */
public record Rejection(int index, String field, String error) {
}
