package io.vigil.alert.rest;

import io.vigil.common.rest.ProblemException;

/** ETags are versions: every change names the version it was decided on, and a stale one is refused. */
final class Versions {

    private Versions() {
    }

    static long fromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "precondition-required", "If-Match required",
                    "Send If-Match with the ETag of the version you changed (header 'If-Match')");
        }
        try {
            return Long.parseLong(ifMatch.trim().replaceFirst("^W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new ProblemException(412, "stale-version", "Changed meanwhile",
                    "If-Match '" + ifMatch + "' is not a version of this resource");
        }
    }
}
