package dev.tenantry.emulator.mail;

import java.time.Instant;
import java.util.List;

/**
 * A message sent through Graph's {@code sendMail}, as the emulator kept it.
 *
 * @param tenant      the id of the sender's tenant
 * @param from        the sender's address (its mailbox's primary address)
 * @param to          addresses of {@code toRecipients}
 * @param contentType {@code text} or {@code html}
 * @param sentAt      on the emulator's clock
 */
public record SentMail(String tenant, String from, List<String> to, List<String> cc, List<String> bcc, String subject,
        String contentType, String body, Instant sentAt, boolean savedToSentItems) {

    public SentMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** Whether {@code address} is among the recipients (to, cc or bcc), ignoring case. */
    public boolean isFor(String address) {
        return java.util.stream.Stream.of(to, cc, bcc).flatMap(List::stream)
                .anyMatch(recipient -> recipient.equalsIgnoreCase(address));
    }
}
