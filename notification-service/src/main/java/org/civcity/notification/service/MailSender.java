package org.civcity.notification.service;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.notification.domain.Delivery;

/** The mail channel: plain-text mail over SMTP through Quarkus Mailer. */
@ApplicationScoped
public class MailSender {

    private final ReactiveMailer mailer;

    public MailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    /** Sends the delivery as a mail; the item is null when the server accepted it, else why not. */
    public Uni<String> send(Delivery d) {
        Mail mail = Mail.withText(d.endpoint, d.subject == null ? "创文督办" : d.subject, d.payload)
                .addHeader("X-Civcity-Delivery-Id", d.dedupId);
        return mailer.send(mail).replaceWith((String) null).onFailure().recoverWithItem(Throwable::toString);
    }
}
