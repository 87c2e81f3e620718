package io.vigil.notification.delivery;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vigil.notification.service.DeliveryLedger;
import io.vigil.notification.service.DeliveryLedger.HeldBack;
import io.vigil.notification.service.EmailComposer;

/**
 * Emails over SMTP. A first email lists the alerts held back from the address until now (marked summarised once
 * it was sent); a follow-up answers the alert's first email.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    private final DeliveryLedger ledger;
    private final EmailComposer composer;
    private final ReactiveMailer mailer;

    public EmailChannel(DeliveryLedger ledger, EmailComposer composer, ReactiveMailer mailer) {
        this.ledger = ledger;
        this.composer = composer;
        this.mailer = mailer;
    }

    @Override
    public Set<String> names() {
        return Set.of(Channels.EMAIL);
    }

    @Override
    public Uni<Void> send(Attempt attempt) {
        if (attempt.followUp()) {
            return ledger.threadRoot(attempt.alertId(), Channels.EMAIL, attempt.recipient())
                    .chain(root -> smtp(composer.compose(attempt.alert(), attempt.recipient(), HeldBack.NONE,
                            root == null ? 1L : root)))
                    .invoke(() -> Log.infof("Emailed an update of alert %s (v%d) to a recipient of subscription %s",
                            attempt.alertId(), attempt.alertVersion(), attempt.subscriptionId()));
        }
        return ledger.heldBack(Channels.EMAIL, attempt.recipient())
                .chain(held -> smtp(composer.compose(attempt.alert(), attempt.recipient(), held, null))
                        // sent is sent: if marking the listed alerts fails they stay held and are listed again
                        .call(() -> ledger.summarised(attempt.id(), Channels.EMAIL, attempt.recipient(), held)
                                .onFailure().invoke(e -> Log.warnf("Could not mark %d held-back alert(s) as "
                                        + "summarised: %s", held.count(), e.toString()))
                                .onFailure().recoverWithNull())
                        .invoke(() -> Log.infof("Emailed alert %s (%s) to a recipient of subscription %s%s",
                                attempt.alertId(), attempt.alert().alertType(), attempt.subscriptionId(),
                                held.isEmpty() ? "" : ", listing " + held.count() + " held back")));
    }

    private Uni<Void> smtp(io.quarkus.mailer.Mail mail) {
        return mailer.send(mail).onFailure().transform(e -> DeliveryFailure.retry("SMTP: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
}
