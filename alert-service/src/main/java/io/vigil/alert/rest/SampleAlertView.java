package io.vigil.alert.rest;

import java.util.List;

import io.vigil.alert.domain.Alert;
import io.vigil.events.AlertType;
import io.vigil.events.Severity;

/** The sample alerts one request raised. */
public record SampleAlertView(int count, List<Created> alerts) {

    public record Created(String id, AlertType alertType, String displayName, Severity severity) {
    }

    static SampleAlertView of(List<Alert> raised) {
        return new SampleAlertView(raised.size(), raised.stream()
                .map(a -> new Created(a.id, a.alertType, a.displayName, a.severity)).toList());
    }
}
