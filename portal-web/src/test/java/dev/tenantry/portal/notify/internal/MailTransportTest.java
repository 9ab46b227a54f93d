package dev.tenantry.portal.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail goes out through a real SMTP server (GreenMail), with its login, as plain UTF-8 text. */
class MailTransportTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                    .withUser("tenantry", "mail-secret"));

    private static MailTransport transport(Optional<String> password) {
        return new MailTransport(new MailTransport.Settings(Optional.of("localhost"),
                ServerSetupTest.SMTP.getPort(), false, Optional.of("tenantry"), password,
                "Tenantry <tenantry@northwind-msp.example>"));
    }

    @Test
    void sendsPlainTextToEveryRecipient() throws Exception {
        transport(Optional.of("mail-secret")).send("d-1", "ann@contoso.example, bob@contoso.example",
                "Konto gesperrt – Anmeldung prüfen", "Hallo Ann,\nbitte prüfen.");

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(2, received.length, "one copy per recipient mailbox");
        assertEquals("Konto gesperrt – Anmeldung prüfen", received[0].getSubject());
        assertEquals("Hallo Ann,\r\nbitte prüfen.", GreenMailUtil.getBody(received[0]).trim()
                .replace("=C3=BC", "ü").replace("=\r\n", ""));
        assertEquals("d-1", received[0].getHeader("X-Tenantry-Delivery")[0]);
        assertTrue(received[0].getFrom()[0].toString().contains("tenantry@northwind-msp.example"));
    }

    @Test
    void aRefusedLoginIsAnErrorNotASend() {
        assertThrows(MessagingException.class, () -> transport(Optional.of("wrong")).send("d-2",
                "ann@contoso.example", "Subject", "Text"));
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void withoutAHostNothingIsConfigured() {
        assertFalse(new MailTransport(new MailTransport.Settings(Optional.empty(), 25, false, Optional.empty(),
                Optional.empty(), "x@y.example")).configured());
        assertFalse(new MailTransport(new MailTransport.Settings(Optional.of(" "), 25, false, Optional.empty(),
                Optional.empty(), "x@y.example")).configured());
    }
}
