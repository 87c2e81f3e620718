package io.vigil.ingest.service;

import java.util.List;

import io.vigil.ingest.domain.Rejection;

/**
 * What became of a batch.
 *
 * @param accepted records acknowledged by Kafka
 * @param duplicates records that repeated another record of the same batch: the same event id, or a HashiCorp Vault
 *        request entry merged into its response entry
 * @param skipped records not forwarded on purpose (e.g. the subscription's protection is off)
 * @param rejected records refused, each with its index and the field at fault
 */
public record IngestResult(int accepted, int duplicates, int skipped, List<Rejection> rejected) {
}
